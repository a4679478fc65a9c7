package dev.bouncer.jcstress.semaphore;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Property: {@code drainPermits} racing {@code release} loses nothing: the released permit is
 * either among those drained or still available afterwards, never both and never neither.
 *
 * <p>Checks SEM-I1 for drainPermits (it zeroes the count with a CAS, not a blind write).
 * Starting with 2 permits, one thread drains while another releases 1. Result: {@code r1} is what
 * drainPermits returned, {@code r2} is {@code availablePermits()} afterwards.
 *
 * <p>Mutant caught: {@code drain-blind-write} (drainPermits reads, then writes 0 plainly): a release
 * between the read and the write vanishes.
 *
 * <p>Run: {@code jcstress-tests/run quick}, or
 * {@code java -jar jcstress-tests/target/jcstress.jar -t DrainPermitsVersusRelease}.
 */
public final class DrainPermitsVersusRelease {
    private DrainPermitsVersusRelease() {
    }

    /** dev.bouncer.Semaphore. */
    @JCStressTest
    @Outcome(id = "2, 1", expect = ACCEPTABLE, desc = "drained 2, then the release left 1")
    @Outcome(id = "3, 0", expect = ACCEPTABLE, desc = "the release came first; drained all 3")
    @Outcome(id = "2, 0", expect = FORBIDDEN, desc = "the released permit was lost")
    @Outcome(id = "3, 1", expect = FORBIDDEN, desc = "the released permit was counted twice")
    @Outcome(expect = FORBIDDEN, desc = "permits created or lost")
    @State
    public static class Ours {
        final dev.bouncer.Semaphore semaphore = new dev.bouncer.Semaphore(2);

        @Actor
        public void drainer(II_Result r) {
            r.r1 = semaphore.drainPermits();
        }

        @Actor
        public void releaser() {
            semaphore.release();
        }

        @Arbiter
        public void permitsLeft(II_Result r) {
            r.r2 = semaphore.availablePermits();
        }
    }

    /** Baseline: java.util.concurrent.Semaphore. */
    @JCStressTest
    @Outcome(id = "2, 1", expect = ACCEPTABLE, desc = "drained 2, then the release left 1")
    @Outcome(id = "3, 0", expect = ACCEPTABLE, desc = "the release came first; drained all 3")
    @Outcome(expect = FORBIDDEN, desc = "permits created or lost")
    @State
    public static class Jdk {
        final java.util.concurrent.Semaphore semaphore = new java.util.concurrent.Semaphore(2);

        @Actor
        public void drainer(II_Result r) {
            r.r1 = semaphore.drainPermits();
        }

        @Actor
        public void releaser() {
            semaphore.release();
        }

        @Arbiter
        public void permitsLeft(II_Result r) {
            r.r2 = semaphore.availablePermits();
        }
    }
}
