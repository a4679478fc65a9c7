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
 * Property: when an interrupt and a release reach a parked waiter together, the permit is either
 * taken (acquire returns, permits 0) or returned (InterruptedException, permits 1): never lost,
 * never duplicated (pitfalls.md #7).
 *
 * <p>Checks SEM-I2 (an interrupted acquire has subtracted nothing) and QS-E3 (the
 * waiter that gives up is cancelled before it throws). The waiter is parked before the test, and
 * interrupting it needs a thread that jcstress does not reuse, hence {@code Mode.Termination}.
 * The signal interrupts and releases back to back, about a microsecond apart, so both usually
 * reach the waiter before it has woken up (waking takes several microseconds), and sometimes the
 * waiter sees only the interrupt; the actor joins the waiter and checks the count. (Done from
 * two threads with a starting gun, the race would depend on the OS scheduler on a loaded machine
 * with few CPUs.) A violated count throws, which jcstress records as ERROR; both legal
 * endings are TERMINATED.
 *
 * <p>Mutant caught: {@code interrupt-drops-last-chance-permit} (on interrupt the waiter makes a
 * last try, forgets that it succeeded, and throws): the permit is taken and lost.
 *
 * <p>Run: {@code jcstress-tests/run quick}, or
 * {@code java -jar jcstress-tests/target/jcstress.jar -t InterruptVersusGrantConservesPermit}.
 */
public final class InterruptVersusGrantConservesPermit {
    private InterruptVersusGrantConservesPermit() {
    }

    static void checkConserved(Waiter waiter, int permitsLeft, int queueLength) {
        if (waiter.acquired) {
            Waiters.check(permitsLeft == 0, "duplicated: acquired, yet " + permitsLeft + " permits left");
        } else {
            Waiters.check(waiter.interrupted, "neither acquired nor interrupted");
            Waiters.check(permitsLeft == 1, "lost: interrupted, yet " + permitsLeft + " permits left");
        }
        Waiters.check(queueLength == 0, "the waiter is still queued");
    }

    /** dev.bouncer.Semaphore. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "permit taken (acquired) or returned (interrupted)")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "the waiter neither acquired nor gave up")
    @Outcome(id = "ERROR", expect = FORBIDDEN, desc = "the permit was lost or duplicated")
    @Outcome(expect = FORBIDDEN, desc = "impossible result")
    @State
    public static class Ours {
        final dev.bouncer.Semaphore semaphore = new dev.bouncer.Semaphore(0);
        final Waiter waiter = Waiters.startParked("waiter", semaphore::acquire, semaphore::getQueueLength, 1);
        volatile boolean signalled;

        @Actor
        public void checker() {
            Waiters.joinUninterruptibly(waiter.thread);
            while (!signalled) { // an interrupted waiter can return before the release is made
                Thread.onSpinWait();
            }
            checkConserved(waiter, semaphore.availablePermits(), semaphore.getQueueLength());
        }

        @Signal
        public void interruptAndRelease() {
            waiter.thread.interrupt();
            semaphore.release();
            signalled = true;
        }
    }

    /** Baseline: java.util.concurrent.Semaphore. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "permit taken (acquired) or returned (interrupted)")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "the waiter neither acquired nor gave up")
    @Outcome(expect = FORBIDDEN, desc = "the permit was lost or duplicated")
    @State
    public static class Jdk {
        final java.util.concurrent.Semaphore semaphore = new java.util.concurrent.Semaphore(0);
        final Waiter waiter = Waiters.startParked("waiter", semaphore::acquire, semaphore::getQueueLength, 1);
        volatile boolean signalled;

        @Actor
        public void checker() {
            Waiters.joinUninterruptibly(waiter.thread);
            while (!signalled) { // an interrupted waiter can return before the release is made
                Thread.onSpinWait();
            }
            checkConserved(waiter, semaphore.availablePermits(), semaphore.getQueueLength());
        }

        @Signal
        public void interruptAndRelease() {
            waiter.thread.interrupt();
            semaphore.release();
            signalled = true;
        }
    }
}
