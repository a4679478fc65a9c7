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
 * Property: a head waiter that gives up passes the wakeup on. An {@code acquire(3)} heads the
 * queue and an {@code acquire(1)} waits behind it; {@code release(2)} cannot satisfy the head, so
 * it wakes the head, which goes back to sleep. When the head is then interrupted, the small waiter
 * must proceed with the 2 permits, with no further release (pitfalls.md #6, golang/go#37852).
 *
 * <p>Checks QS-E3 (a cancelled waiter marks itself CANCELLED, then re-checks the state and
 * signals the next LIVE waiter) and QS-I3 (the small waiter cannot overtake the head while it lives).
 * Both waiters are parked before the test, hence {@code Mode.Termination}. The signal releases 2
 * and interrupts the head back to back, so the release's wakeup usually goes to the head, which
 * then wakes to find itself interrupted; the actor joins the small waiter (STALE if it never
 * wakes) and the head, and checks the head was interrupted and 1 permit is left (ERROR otherwise).
 *
 * <p>Mutant caught: {@code cancel-drops-wakeup} (cancel no longer calls {@code signalNext()}): the
 * head consumes the release's wakeup, gives up, and the small waiter sleeps for good.
 *
 * <p>Run: {@code jcstress-tests/run quick}, or
 * {@code java -jar jcstress-tests/target/jcstress.jar -t CancelledHeadPassesWakeup}.
 */
public final class CancelledHeadPassesWakeup {
    private CancelledHeadPassesWakeup() {
    }

    /** dev.bouncer.Semaphore. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "the head gave up and the small waiter took 1 of 2")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "the cancelled head kept the wakeup; the small waiter sleeps")
    @Outcome(id = "ERROR", expect = FORBIDDEN, desc = "the head got 3 of 2 permits, or permits lost")
    @Outcome(expect = FORBIDDEN, desc = "impossible result")
    @State
    public static class Ours {
        final dev.bouncer.Semaphore semaphore = new dev.bouncer.Semaphore(0);
        final Waiter head = Waiters.startParked("head-wants-3", () -> semaphore.acquire(3), semaphore::getQueueLength, 1);
        final Waiter small = Waiters.startParked("small-wants-1", semaphore::acquire, semaphore::getQueueLength, 2);

        @Actor
        public void checker() {
            Waiters.joinUninterruptibly(small.thread);
            Waiters.joinUninterruptibly(head.thread);
            Waiters.check(head.interrupted && small.acquired, "head must give up, small must acquire");
            Waiters.check(semaphore.availablePermits() == 1, "permits left: " + semaphore);
        }

        @Signal
        public void releaseThenHeadGivesUp() {
            semaphore.release(2);
            head.thread.interrupt();
        }
    }

    /** Baseline: java.util.concurrent.Semaphore. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "the head gave up and the small waiter took 1 of 2")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "the cancelled head kept the wakeup; the small waiter sleeps")
    @Outcome(expect = FORBIDDEN, desc = "the head got 3 of 2 permits, or permits lost")
    @State
    public static class Jdk {
        final java.util.concurrent.Semaphore semaphore = new java.util.concurrent.Semaphore(0);
        final Waiter head = Waiters.startParked("head-wants-3", () -> semaphore.acquire(3), semaphore::getQueueLength, 1);
        final Waiter small = Waiters.startParked("small-wants-1", semaphore::acquire, semaphore::getQueueLength, 2);

        @Actor
        public void checker() {
            Waiters.joinUninterruptibly(small.thread);
            Waiters.joinUninterruptibly(head.thread);
            Waiters.check(head.interrupted && small.acquired, "head must give up, small must acquire");
            Waiters.check(semaphore.availablePermits() == 1, "permits left: " + semaphore);
        }

        @Signal
        public void releaseThenHeadGivesUp() {
            semaphore.release(2);
            head.thread.interrupt();
        }
    }
}
