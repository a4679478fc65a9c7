package dev.bouncer.jcstress.semaphore;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.bouncer.jcstress.Waiters;
import dev.bouncer.jcstress.Waiters.Waiter;
import java.util.concurrent.TimeUnit;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/**
 * Property: a fair semaphore grants permits in arrival order. With waiters 1 and 2 queued in that
 * order, one release goes to waiter 1; neither waiter 2 nor a fairness-honouring arrival
 * ({@code tryAcquire(0, SECONDS)}) racing the release may take it (pitfalls.md #8).
 *
 * <p>Checks QS-I3 (only the first LIVE waiter tries, so no queued thread overtakes another)
 * and the fair arrival rule in Semaphore ({@code hasQueuedPredecessors} before the CAS). The
 * waiters are parked before the test, hence {@code Mode.Termination}. The signal releases one
 * permit and at once arrives with a fair try ({@code tryAcquire(0, SECONDS)}), well inside the
 * tens of microseconds waiter 1 needs to wake: the try must fail. The actor checks that, waits for
 * waiter 1, checks that waiter 2 still waits, releases once more and waits for waiter 2. A broken
 * order throws (ERROR); a waiter that is never granted makes the actor STALE.
 *
 * <p>Mutant caught: {@code fair-arrival-barges} (the fair try ignores queued waiters): the arrival
 * takes the released permit ahead of waiter 1.
 *
 * <p>Run: {@code jcstress-tests/run quick}, or
 * {@code java -jar jcstress-tests/target/jcstress.jar -t FairModeGrantsInArrivalOrder}.
 */
public final class FairModeGrantsInArrivalOrder {
    private FairModeGrantsInArrivalOrder() {
    }

    /** What the arrival got, until it has returned. */
    static final int PENDING = -1;

    /** dev.bouncer.Semaphore. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "waiter 1, then waiter 2; the arrival got nothing")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "a queued waiter was never granted its permit")
    @Outcome(id = "ERROR", expect = FORBIDDEN, desc = "the arrival or waiter 2 overtook waiter 1")
    @Outcome(expect = FORBIDDEN, desc = "impossible result")
    @State
    public static class Ours {
        final dev.bouncer.Semaphore semaphore = new dev.bouncer.Semaphore(0, true);
        volatile int arrivalGot = PENDING;
        final Waiter waiter1 = Waiters.startParked("waiter-1", semaphore::acquire, semaphore::getQueueLength, 1);
        final Waiter waiter2 = Waiters.startParked("waiter-2", semaphore::acquire, semaphore::getQueueLength, 2);

        @Actor
        public void checker() {
            while (arrivalGot == PENDING) {
                Thread.onSpinWait();
            }
            if (arrivalGot != 0) {
                semaphore.release(2); // let the waiters go before failing
                Waiters.check(false, "a fair arrival took a permit ahead of queued waiters");
            }
            Waiters.joinUninterruptibly(waiter1.thread);
            Waiters.check(!waiter2.done(), "waiter 2 returned before its permit was released");
            semaphore.release();
            Waiters.joinUninterruptibly(waiter2.thread);
            Waiters.check(semaphore.availablePermits() == 0, "permits left: " + semaphore);
        }

        @Signal
        public void releaseThenArrive() {
            semaphore.release();
            try {
                arrivalGot = semaphore.tryAcquire(0, TimeUnit.SECONDS) ? 1 : 0;
            } catch (InterruptedException e) {
                arrivalGot = 2;
            }
        }
    }

    /** Baseline: java.util.concurrent.Semaphore. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "waiter 1, then waiter 2; the arrival got nothing")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "a queued waiter was never granted its permit")
    @Outcome(expect = FORBIDDEN, desc = "the arrival or waiter 2 overtook waiter 1")
    @State
    public static class Jdk {
        final java.util.concurrent.Semaphore semaphore = new java.util.concurrent.Semaphore(0, true);
        volatile int arrivalGot = PENDING;
        final Waiter waiter1 = Waiters.startParked("waiter-1", semaphore::acquire, semaphore::getQueueLength, 1);
        final Waiter waiter2 = Waiters.startParked("waiter-2", semaphore::acquire, semaphore::getQueueLength, 2);

        @Actor
        public void checker() {
            while (arrivalGot == PENDING) {
                Thread.onSpinWait();
            }
            if (arrivalGot != 0) {
                semaphore.release(2); // let the waiters go before failing
                Waiters.check(false, "a fair arrival took a permit ahead of queued waiters");
            }
            Waiters.joinUninterruptibly(waiter1.thread);
            Waiters.check(!waiter2.done(), "waiter 2 returned before its permit was released");
            semaphore.release();
            Waiters.joinUninterruptibly(waiter2.thread);
            Waiters.check(semaphore.availablePermits() == 0, "permits left: " + semaphore);
        }

        @Signal
        public void releaseThenArrive() {
            semaphore.release();
            try {
                arrivalGot = semaphore.tryAcquire(0, TimeUnit.SECONDS) ? 1 : 0;
            } catch (InterruptedException e) {
                arrivalGot = 2;
            }
        }
    }
}
