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
 * Property: a waiter that gives up right behind the first waiter, while that waiter is granted
 * and becomes the head, is still unlinked. Queue: head, A, B, C with 1 permit free. A's owner,
 * awake, takes the permit through the queue (A becomes the head: {@code setHead}) while B's owner
 * cancels.
 *
 * <p>Checks QS-I5 against the head move of QS-I3: B's canceller finds A as its LIVE
 * predecessor, and must tell "A is the new head" (go on: B hangs off it) from "A is a former head,
 * the queue moved past it" (stop: B is unreachable). {@code setHead} writes {@code head} before it
 * clears the new head's {@code prev}, so a canceller that sees {@code prev == null} also sees the
 * new head. Result: {@code r1} = 1 if A was granted, {@code r2} = nodes linked after the head,
 * CANCELLED ones included ({@code linkedWaiterCount()}), {@code r3} = LIVE waiters counted back
 * from the tail ({@code waiterCount()}).
 *
 * <p>Mutant caught: {@code cancel-mistakes-new-head-for-old} (the canceller stops at any
 * predecessor whose {@code prev} is null, without asking whether it is the head): when A is head
 * first, B stays linked behind it.
 *
 * <p>No JDK baseline: the JDK's queue nodes are not reachable from a test.
 *
 * <p>Run: {@code jcstress-tests/run quick -t CancelBehindGrantedWaiterUnlinks}, or
 * {@code java -jar jcstress-tests/target/jcstress.jar -t CancelBehindGrantedWaiterUnlinks}.
 */
public final class CancelBehindGrantedWaiterUnlinks {
    private CancelBehindGrantedWaiterUnlinks() {
    }

    static final int A = 0;
    static final int B = 1;
    static final int C = 2;

    /** dev.bouncer.Semaphore's wait queue. */
    @JCStressTest
    @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "A granted and head; B unlinked; C linked and counted")
    @Outcome(id = "1, 2, 1", expect = FORBIDDEN, desc = "the cancelled B is still linked behind the new head")
    @Outcome(id = "0, 1, 1", expect = FORBIDDEN, desc = "A, first with a permit free, was not granted")
    @Outcome(expect = FORBIDDEN, desc = "the queue is corrupt, or a LIVE waiter lost")
    @State
    public static class Ours {
        final QueueProbe queue = new QueueProbe(1, 3, 0);

        @Actor
        public void ownerOfA(III_Result r) {
            r.r1 = queue.grant(A) ? 1 : 0;
        }

        @Actor
        public void ownerOfB() {
            queue.cancel(B);
        }

        @Arbiter
        public void shape(III_Result r) {
            r.r2 = queue.linkedCount();
            r.r3 = queue.waiterCount();
        }
    }
}
