package dev.bouncer.jcstress.semaphore;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Property: a release is ordered before every later volatile read of the releasing thread, so two
 * threads that each release one semaphore and then look at the other's cannot both miss the other's
 * release (store buffering, the Dekker pattern).
 *
 * <p>Checks SEM-E2 (QS-E1): release writes {@code permits} and then reads the queue, an
 * arriving waiter writes the queue and then reads {@code permits}; if each could read the other's
 * old value, the waiter would park on a released permit. Here the same shape is shown with public
 * calls only: each releaser releases its own semaphore (0 to 1) and then reads
 * {@code availablePermits()} of the other. Because release is a volatile CAS, the two releases and
 * the two reads are in one synchronization order, and whichever release comes first in it is seen
 * by the other side's read. Result: {@code r1}, {@code r2} are the permits each releaser saw on the
 * other semaphore.
 *
 * <p>This is the weak-memory bug that x86 <em>can</em> show: TSO lets a load pass an earlier store
 * to another address through the store buffer. Mutant caught: {@code release-without-fence}
 * (a release-mode store instead of the CAS): both stores wait in their store buffers while both
 * loads read 0.
 *
 * <p>Run: {@code jcstress-tests/run quick}, or
 * {@code java -jar jcstress-tests/target/jcstress.jar -t ReleaseIsOrderedBeforeLaterReads}.
 */
public final class ReleaseIsOrderedBeforeLaterReads {
    private ReleaseIsOrderedBeforeLaterReads() {
    }

    /** dev.bouncer.Semaphore. */
    @JCStressTest
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "both released before either read: each saw the other's permit")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "releaser 1 read before releaser 2 released")
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "releaser 2 read before releaser 1 released")
    @Outcome(id = "0, 0", expect = FORBIDDEN, desc = "store buffering: each read passed its own release")
    @Outcome(expect = FORBIDDEN, desc = "permits created or lost")
    @State
    public static class Ours {
        final dev.bouncer.Semaphore semaphore1 = new dev.bouncer.Semaphore(0);
        final dev.bouncer.Semaphore semaphore2 = new dev.bouncer.Semaphore(0);

        @Actor
        public void releaser1(II_Result r) {
            semaphore1.release();
            r.r1 = semaphore2.availablePermits();
        }

        @Actor
        public void releaser2(II_Result r) {
            semaphore2.release();
            r.r2 = semaphore1.availablePermits();
        }
    }

    /** Baseline: java.util.concurrent.Semaphore. */
    @JCStressTest
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "both released before either read: each saw the other's permit")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "releaser 1 read before releaser 2 released")
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "releaser 2 read before releaser 1 released")
    @Outcome(expect = FORBIDDEN, desc = "store buffering, or permits created or lost")
    @State
    public static class Jdk {
        final java.util.concurrent.Semaphore semaphore1 = new java.util.concurrent.Semaphore(0);
        final java.util.concurrent.Semaphore semaphore2 = new java.util.concurrent.Semaphore(0);

        @Actor
        public void releaser1(II_Result r) {
            semaphore1.release();
            r.r1 = semaphore2.availablePermits();
        }

        @Actor
        public void releaser2(II_Result r) {
            semaphore2.release();
            r.r2 = semaphore1.availablePermits();
        }
    }
}
