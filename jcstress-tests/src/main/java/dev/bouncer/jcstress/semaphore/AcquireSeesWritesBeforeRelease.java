package dev.bouncer.jcstress.semaphore;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Property: a thread whose acquire succeeds sees every write made before the release that gave it
 * the permit (publication through the semaphore, the class's memory-consistency effect).
 *
 * <p>Checks SEM-E1: release's CAS (a volatile write) synchronizes with the acquiring CAS that
 * reads it. The releaser writes a plain field, then releases; the acquirer tries once and, if it
 * got the permit, reads the field. Result: {@code r1} is 1 when the acquire succeeded, {@code r2}
 * the value read (or -1 when the acquire failed and nothing was read).
 *
 * <p><b>x86 cannot show the weak-memory form of this bug.</b> x86 is TSO: stores are not reordered
 * with stores, nor loads with loads, so a release that writes {@code permits} with a plain or
 * release-mode store instead of a CAS still publishes the data on this hardware. The mutant
 * {@code release-plain-write} is therefore run only on weakly ordered machines (AArch64, POWER);
 * on x86 the run script lists it as skipped. The mutant x86 can show for this test is
 * {@code tryacquire-grants-unreleased-permit} (an off-by-one check grants a permit that no release
 * made, so the acquirer reads 0). The weak-memory mutant x86 <em>can</em> show is a store-then-load
 * (Dekker) one, {@code release-without-fence}, caught by {@link ReleaseIsOrderedBeforeLaterReads}.
 *
 * <p>Run: {@code jcstress-tests/run quick}, or
 * {@code java -jar jcstress-tests/target/jcstress.jar -t AcquireSeesWritesBeforeRelease}.
 */
public final class AcquireSeesWritesBeforeRelease {
    private AcquireSeesWritesBeforeRelease() {
    }

    /** dev.bouncer.Semaphore. */
    @JCStressTest
    @Outcome(id = "0, -1", expect = ACCEPTABLE, desc = "acquire came before the release and failed")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "acquired, and saw the write made before release")
    @Outcome(id = "1, 0", expect = FORBIDDEN, desc = "acquired, but missed the write made before release")
    @Outcome(expect = FORBIDDEN, desc = "impossible result")
    @State
    public static class Ours {
        final dev.bouncer.Semaphore semaphore = new dev.bouncer.Semaphore(0);
        int data; // plain: only the semaphore orders it

        @Actor
        public void releaser() {
            data = 1;
            semaphore.release();
        }

        @Actor
        public void acquirer(II_Result r) {
            if (semaphore.tryAcquire()) {
                r.r1 = 1;
                r.r2 = data;
            } else {
                r.r1 = 0;
                r.r2 = -1;
            }
        }
    }

    /** Baseline: java.util.concurrent.Semaphore. */
    @JCStressTest
    @Outcome(id = "0, -1", expect = ACCEPTABLE, desc = "acquire came before the release and failed")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "acquired, and saw the write made before release")
    @Outcome(expect = FORBIDDEN, desc = "acquired but missed the write, or impossible result")
    @State
    public static class Jdk {
        final java.util.concurrent.Semaphore semaphore = new java.util.concurrent.Semaphore(0);
        int data;

        @Actor
        public void releaser() {
            data = 1;
            semaphore.release();
        }

        @Actor
        public void acquirer(II_Result r) {
            if (semaphore.tryAcquire()) {
                r.r1 = 1;
                r.r2 = data;
            } else {
                r.r1 = 0;
                r.r2 = -1;
            }
        }
    }
}
