package dev.bouncer.jcstress.semaphore;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.TimeUnit;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Property: a timed acquire whose timeout races a release either takes the permit and returns
 * {@code true}, or returns {@code false} and leaves the permit available. The permit is never
 * lost (taken but reported as a timeout) nor duplicated.
 *
 * <p>Checks SEM-I2 (a timed-out acquire has subtracted nothing) and QS-E3 (the
 * waiter that gives up is cancelled). The waiter is an actor: {@code tryAcquire(1, 10 µs)} on an
 * empty semaphore queues and parks (Linux rounds the park up to tens of µs), so the release lands
 * before it queues, while it is parked, or after it timed out. Result: {@code r1} is 1 when
 * tryAcquire returned true, {@code r2} is {@code availablePermits()} afterwards.
 *
 * <p>Mutant caught: {@code timeout-checks-deadline-after-grant} (the timed path re-checks the
 * clock after a successful queued acquire and reports a timeout): the permit is taken but the
 * caller believes it has none, so it is lost.
 *
 * <p>Run: {@code jcstress-tests/run quick}, or
 * {@code java -jar jcstress-tests/target/jcstress.jar -t TimeoutVersusReleaseConservesPermit}.
 */
public final class TimeoutVersusReleaseConservesPermit {
    private TimeoutVersusReleaseConservesPermit() {
    }

    static final long TIMEOUT_MICROS = 10;

    /** dev.bouncer.Semaphore. */
    @JCStressTest
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the release came in time; the waiter took the permit")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "timed out first; the permit stays available")
    @Outcome(id = "0, 0", expect = FORBIDDEN, desc = "lost: reported a timeout, yet the permit is gone")
    @Outcome(id = "1, 1", expect = FORBIDDEN, desc = "duplicated: took the permit, yet it is still there")
    @Outcome(expect = FORBIDDEN, desc = "permits created or lost")
    @State
    public static class Ours {
        final dev.bouncer.Semaphore semaphore = new dev.bouncer.Semaphore(0);

        @Actor
        public void timedAcquirer(II_Result r) {
            try {
                r.r1 = semaphore.tryAcquire(TIMEOUT_MICROS, TimeUnit.MICROSECONDS) ? 1 : 0;
            } catch (InterruptedException e) {
                r.r1 = -1; // nobody interrupts this thread
            }
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
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the release came in time; the waiter took the permit")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "timed out first; the permit stays available")
    @Outcome(expect = FORBIDDEN, desc = "the permit was lost or duplicated")
    @State
    public static class Jdk {
        final java.util.concurrent.Semaphore semaphore = new java.util.concurrent.Semaphore(0);

        @Actor
        public void timedAcquirer(II_Result r) {
            try {
                r.r1 = semaphore.tryAcquire(TIMEOUT_MICROS, TimeUnit.MICROSECONDS) ? 1 : 0;
            } catch (InterruptedException e) {
                r.r1 = -1;
            }
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
