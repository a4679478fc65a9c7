package dev.bouncer.jcstress.semaphore;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Property: a semaphore with k permits grants at most k of k+1 racing {@code tryAcquire}s. Here
 * k = 1 and two acquirers race, the most that 2 CPUs can run side by side.
 *
 * <p>Checks SEM-I1 (every change of {@code permits} is one CAS, so no update is lost) and SEM-I2
 * (the CAS is the only grant). Result: {@code r1} and {@code r2} are 1 when that acquirer got the
 * permit, {@code r3} is {@code availablePermits()} afterwards.
 *
 * <p>Mutant caught: {@code tryacquire-plain-rmw} (read, check, plain write instead of a CAS): both
 * acquirers read 1 and both write 0.
 *
 * <p>Run: {@code jcstress-tests/run quick}, or
 * {@code java -jar jcstress-tests/target/jcstress.jar -t PermitsNeverOverIssued}.
 */
public final class PermitsNeverOverIssued {
    private PermitsNeverOverIssued() {
    }

    /** dev.bouncer.Semaphore. */
    @JCStressTest
    @Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "the first acquirer got the only permit")
    @Outcome(id = "0, 1, 0", expect = ACCEPTABLE, desc = "the second acquirer got the only permit")
    @Outcome(id = "1, 1, -1", expect = FORBIDDEN, desc = "over-issued: both got it, count went below zero")
    @Outcome(id = "1, 1, 0", expect = FORBIDDEN, desc = "over-issued: both got it, one update lost")
    @Outcome(expect = FORBIDDEN, desc = "permits created or lost")
    @State
    public static class Ours {
        final dev.bouncer.Semaphore semaphore = new dev.bouncer.Semaphore(1);

        @Actor
        public void acquirer1(III_Result r) {
            r.r1 = semaphore.tryAcquire() ? 1 : 0;
        }

        @Actor
        public void acquirer2(III_Result r) {
            r.r2 = semaphore.tryAcquire() ? 1 : 0;
        }

        @Arbiter
        public void permitsLeft(III_Result r) {
            r.r3 = semaphore.availablePermits();
        }
    }

    /** Baseline: java.util.concurrent.Semaphore. */
    @JCStressTest
    @Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "the first acquirer got the only permit")
    @Outcome(id = "0, 1, 0", expect = ACCEPTABLE, desc = "the second acquirer got the only permit")
    @Outcome(expect = FORBIDDEN, desc = "over-issued, or permits created or lost")
    @State
    public static class Jdk {
        final java.util.concurrent.Semaphore semaphore = new java.util.concurrent.Semaphore(1);

        @Actor
        public void acquirer1(III_Result r) {
            r.r1 = semaphore.tryAcquire() ? 1 : 0;
        }

        @Actor
        public void acquirer2(III_Result r) {
            r.r2 = semaphore.tryAcquire() ? 1 : 0;
        }

        @Arbiter
        public void permitsLeft(III_Result r) {
            r.r3 = semaphore.availablePermits();
        }
    }
}
