package dev.bouncer.jcstress.semaphore;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.bouncer.jcstress.Waiters;
import dev.bouncer.jcstress.Waiters.Waiter;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/**
 * Property: a thread waiting for 0 permits while the count is negative is woken when a release
 * brings the count up to exactly 0, in fair and nonfair mode (pitfalls.md #18). Two semaphores start
 * at -1: the actor calls {@code acquire(0)} on the nonfair one, and a waiter started with the
 * state is parked in {@code acquire(0)} on the fair one. The signal releases 1 on each; both must
 * return, and leave the count at 0.
 *
 * <p>Checks QS-I9 (a waiter is woken when {@code canGrant(its request)} holds,
 * here {@code permits >= 0}, never on a guess such as {@code permits > 0}), as the JDK behaves. A
 * waiter that is never woken leaves the actor parked (nonfair) or joining for good (fair): STALE.
 *
 * <p>Mutant caught: {@code wake-needs-positive-count} ({@code canGrant} asks for a positive count
 * instead of the request: the release to 0 finds nobody to wake).
 *
 * <p>Run: {@code jcstress-tests/run quick -t ZeroRequestWakesAtZero}, or
 * {@code java -jar jcstress-tests/target/jcstress.jar -t ZeroRequestWakesAtZero}.
 */
public final class ZeroRequestWakesAtZero {
    private ZeroRequestWakesAtZero() {
    }

    /** dev.bouncer.Semaphore. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "both requests for 0 returned once the count reached 0")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "a request for 0 was never woken at count 0")
    @Outcome(id = "ERROR", expect = FORBIDDEN, desc = "a request for 0 failed, or the count is not 0 after")
    @Outcome(expect = FORBIDDEN, desc = "impossible result")
    @State
    public static class Ours {
        final dev.bouncer.Semaphore nonfair = new dev.bouncer.Semaphore(-1);
        final dev.bouncer.Semaphore fair = new dev.bouncer.Semaphore(-1, true);
        final Waiter fairWaiter = Waiters.startParked("fair-wants-0", () -> fair.acquire(0), fair::getQueueLength, 1);

        @Actor
        public void nonfairWantsZero() throws InterruptedException {
            nonfair.acquire(0);
            Waiters.joinUninterruptibly(fairWaiter.thread);
            Waiters.check(fairWaiter.acquired, "the fair acquire(0) did not return normally");
            Waiters.check(nonfair.availablePermits() == 0 && fair.availablePermits() == 0,
                    "counts after: " + nonfair + ", " + fair);
        }

        @Signal
        public void releaseToZero() {
            nonfair.release(1);
            fair.release(1);
        }
    }

    /** Baseline: java.util.concurrent.Semaphore. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "both requests for 0 returned once the count reached 0")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "a request for 0 was never woken at count 0")
    @Outcome(expect = FORBIDDEN, desc = "a request for 0 failed, or the count is not 0 after")
    @State
    public static class Jdk {
        final java.util.concurrent.Semaphore nonfair = new java.util.concurrent.Semaphore(-1);
        final java.util.concurrent.Semaphore fair = new java.util.concurrent.Semaphore(-1, true);
        final Waiter fairWaiter = Waiters.startParked("fair-wants-0", () -> fair.acquire(0), fair::getQueueLength, 1);

        @Actor
        public void nonfairWantsZero() throws InterruptedException {
            nonfair.acquire(0);
            Waiters.joinUninterruptibly(fairWaiter.thread);
            Waiters.check(fairWaiter.acquired, "the fair acquire(0) did not return normally");
            Waiters.check(nonfair.availablePermits() == 0 && fair.availablePermits() == 0,
                    "counts after: " + nonfair + ", " + fair);
        }

        @Signal
        public void releaseToZero() {
            nonfair.release(1);
            fair.release(1);
        }
    }
}
