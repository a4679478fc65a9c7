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
 * Property: two neighbouring waiters that give up at the same moment are both unlinked, and the
 * waiter behind them stays linked. Queue: head, A, B, C (C is the tail); A's owner and B's owner
 * cancel at once, in the middle of the queue.
 *
 * <p>Checks QS-I5 (a canceller does not leave {@code cancel} until its node is
 * unreachable from the head through {@code next}, wherever the node sits) and QS-E7 (an unlink
 * writes into a link only a node it read LIVE after its own CANCELLED write, by CAS against the
 * value it read, so one canceller never links back a node the other has just cut out). The queue
 * is built without threads by {@link QueueProbe}; each actor plays one node's owner. Result:
 * {@code r1} = nodes linked after the head (the engine's {@code linkedWaiterCount()}, CANCELLED
 * ones included), {@code r2} = LIVE waiters counted back from the tail ({@code waiterCount()}),
 * {@code r3} = 1 if C is reachable from the head.
 *
 * <p>Mutants caught: {@code cancel-unlinks-only-tail} (unlink no longer splices a node out of the
 * middle: A and B stay linked, {@code 3, 1, 1} in every sample) and
 * {@code unlink-copies-stale-next} (the canceller copies its node's own {@code next} into its
 * predecessor with a blind write instead of the CAS: A's canceller writes B back into the link
 * after B's canceller cut it out, {@code 2, 1, 1}).
 *
 * <p>No JDK baseline: the JDK's queue nodes are not reachable from a test.
 *
 * <p>Run: {@code jcstress-tests/run quick -t AdjacentCancelsUnlinkBoth}, or
 * {@code java -jar jcstress-tests/target/jcstress.jar -t AdjacentCancelsUnlinkBoth}.
 */
public final class AdjacentCancelsUnlinkBoth {
    private AdjacentCancelsUnlinkBoth() {
    }

    static final int A = 0;
    static final int B = 1;
    static final int C = 2;

    /** dev.bouncer.Semaphore's wait queue. */
    @JCStressTest
    @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "A and B unlinked; C linked and still counted as a waiter")
    @Outcome(id = "2, 1, 1", expect = FORBIDDEN, desc = "a cancelled node is still linked: one unlink was lost or undone")
    @Outcome(id = "3, 1, 1", expect = FORBIDDEN, desc = "both cancelled nodes still linked: the middle of the queue is never unlinked")
    @Outcome(id = "0, 1, 0", expect = FORBIDDEN, desc = "the LIVE waiter C was cut out with the cancelled nodes")
    @Outcome(expect = FORBIDDEN, desc = "the queue is corrupt: a LIVE waiter lost or miscounted")
    @State
    public static class Ours {
        final QueueProbe queue = new QueueProbe(0, 3, 0);

        @Actor
        public void ownerOfA() {
            queue.cancel(A);
        }

        @Actor
        public void ownerOfB() {
            queue.cancel(B);
        }

        @Arbiter
        public void shape(III_Result r) {
            r.r1 = queue.linkedCount();
            r.r2 = queue.waiterCount();
            r.r3 = queue.isLinked(C) ? 1 : 0;
        }
    }
}
