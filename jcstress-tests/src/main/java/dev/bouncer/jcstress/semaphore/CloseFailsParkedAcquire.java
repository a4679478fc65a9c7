package dev.bouncer.jcstress.semaphore;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.bouncer.Semaphore;
import dev.bouncer.SemaphoreClosedException;
import dev.bouncer.jcstress.Waiters;
import dev.bouncer.jcstress.Waiters.Waiter;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/**
 * Property: closing a semaphore strands no waiter: a thread parked in an acquire when the close
 * comes, or arriving while it runs, throws {@code SemaphoreClosedException} having taken nothing;
 * none keeps waiting.
 *
 * <p>Checks QS-I10 and QS-E8 (the closer writes its closed state, then unparks every
 * waiter it sees; a waiter appends and announces that it parks, then reads the closed state) and
 * SEM-I4 (docs/permits.md, section 5). A {@code Semaphore(0)}, so nothing can be granted: a
 * helper thread is parked in the interruptible {@code acquire()} before the test starts, the actor
 * arrives in {@code acquireUninterruptibly()} (usually parked by the time of the signal), and the
 * signal closes. The actor then joins the helper and checks that both were turned away, the count
 * is still 0 and the queue is empty; a violation throws, which jcstress records as ERROR. A waiter
 * left parked makes the actor STALE. There is no JDK baseline: the JDK's semaphore cannot be
 * closed.
 *
 * <p>Mutants caught: {@code close-wakes-nobody} (close sets the closed state but does not unpark
 * the waiters): both stay parked; {@code waiter-ignores-close} (the wait loop never looks at the
 * closed state): a woken waiter fails its try and parks again.
 *
 * <p>Run: {@code jcstress-tests/run quick -t CloseFailsParkedAcquire}, or
 * {@code java -jar jcstress-tests/target/jcstress.jar -t CloseFailsParkedAcquire}.
 */
public final class CloseFailsParkedAcquire {
    private CloseFailsParkedAcquire() {
    }

    /** dev.bouncer.Semaphore; the JDK has no close to compare with. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "both waiters were turned away by the close, taking nothing")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "a waiter is still parked after the close: stranded")
    @Outcome(id = "ERROR", expect = FORBIDDEN, desc = "a waiter returned, or permits or queue changed")
    @Outcome(expect = FORBIDDEN, desc = "impossible result")
    @State
    public static class Ours {
        final Semaphore semaphore = new Semaphore(0);
        volatile boolean helperClosedOut;
        final Waiter helper = Waiters.startParked("helper", this::acquireExpectingClose,
                semaphore::getQueueLength, 1);

        private void acquireExpectingClose() throws InterruptedException {
            try {
                semaphore.acquire();
            } catch (SemaphoreClosedException expected) {
                helperClosedOut = true;
            }
        }

        @Actor
        public void arriver() {
            boolean closedOut = false;
            try {
                semaphore.acquireUninterruptibly();
            } catch (SemaphoreClosedException expected) {
                closedOut = true;
            }
            Waiters.joinUninterruptibly(helper.thread);
            Waiters.check(closedOut, "the arriving acquire returned from a semaphore at 0");
            Waiters.check(helperClosedOut, "the parked acquire was not turned away by the close");
            Waiters.check(semaphore.availablePermits() == 0, "permits changed: " + semaphore.availablePermits());
            Waiters.check(semaphore.getQueueLength() == 0, "a waiter is still queued");
        }

        @Signal
        public void closer() {
            semaphore.close();
        }
    }
}
