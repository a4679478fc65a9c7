package dev.bouncer.jcstress.semaphore;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.bouncer.QueueProbe;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Property: the last waiter giving up while a new one arrives behind it unlinks itself and keeps
 * the newcomer. Queue: head, A (A is the tail). A's owner cancels while an arriving thread appends
 * N; afterwards the arbiter appends one more node, M, as the next arrival would.
 *
 * <p>Checks QS-I5 at the tail, where the canceller must move {@code tail} back
 * over its node and clear its predecessor's {@code next} while an append moves {@code tail}
 * forward and writes that same {@code next}: both by CAS against what was read (QS-E7), and the
 * canceller waits for an append in progress to write its link rather than leave its node behind.
 * And QS-I1: {@code tail} stays reachable from the head, which M's append shows. Result: {@code r1} =
 * nodes linked after the head, CANCELLED ones included ({@code linkedWaiterCount()}), {@code r2} =
 * 1 if N is reachable from the head, {@code r3} = 1 if M is.
 *
 * <p>Mutants caught, each a canceller that overrides the append instead of working with it:
 * {@code trim-tail-blind-write} (moves {@code tail} back with a blind write, over N:
 * {@code 1, 0, 1}), {@code unlink-clears-tail-link-blindly} (clears its predecessor's
 * {@code next} with a blind write, over the link to N: {@code 0, 0, 0}) and
 * {@code cancel-ignores-append-in-progress} (returns instead of waiting for the append's link:
 * {@code 3, 1, 1}).
 *
 * <p>No JDK baseline: the JDK's queue nodes are not reachable from a test.
 *
 * <p>Run: {@code jcstress-tests/run quick -t CancelBesideAppendKeepsNewWaiter}, or
 * {@code java -jar jcstress-tests/target/jcstress.jar -t CancelBesideAppendKeepsNewWaiter}.
 */
public final class CancelBesideAppendKeepsNewWaiter {
    private CancelBesideAppendKeepsNewWaiter() {
    }

    static final int A = 0;
    static final int N = 1;
    static final int M = 2;

    /** dev.bouncer.Semaphore's wait queue. */
    @JCStressTest
    @Outcome(id = "2, 1, 1", expect = ACCEPTABLE, desc = "A unlinked; N and the later M linked behind the head")
    @Outcome(id = "3, 1, 1", expect = FORBIDDEN, desc = "the cancelled A is still linked")
    @Outcome(id = "1, 0, 1", expect = FORBIDDEN, desc = "N lost: the cancel moved tail or the link back over it")
    @Outcome(id = "1, 1, 0", expect = FORBIDDEN, desc = "M lost: tail was left on a node no longer reachable")
    @Outcome(id = "0, 0, 0", expect = FORBIDDEN, desc = "N and M lost: the queue is cut off after the head")
    @Outcome(expect = FORBIDDEN, desc = "the queue is corrupt")
    @State
    public static class Ours {
        final QueueProbe queue = new QueueProbe(0, 1, 2);

        @Actor
        public void ownerOfA() {
            queue.cancel(A);
        }

        @Actor
        public void arrivalN() {
            queue.append(N);
        }

        @Arbiter
        public void shape(III_Result r) {
            queue.append(M);
            r.r1 = queue.linkedCount();
            r.r2 = queue.isLinked(N) ? 1 : 0;
            r.r3 = queue.isLinked(M) ? 1 : 0;
        }
    }
}
