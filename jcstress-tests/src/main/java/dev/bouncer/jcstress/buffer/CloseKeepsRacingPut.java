package dev.bouncer.jcstress.buffer;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.bouncer.BoundedBuffer;
import dev.bouncer.BufferClosedException;
import dev.bouncer.jcstress.Waiters;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/**
 * Property: a put racing a close either completes, and then its element is taken after the close,
 * or throws and leaves nothing; and once that element is taken, the next take of the closed buffer
 * throws instead of waiting for good.
 *
 * <p>Checks BB-I10 and BB-I11 (docs/buffer.md, "Closing"): takes fail only when no element is left
 * and none can come. Capacity 1, empty. The helper thread ({@link Race}, {@value Race#ROUNDS}
 * rounds per sample) puts 1, catching {@code BufferClosedException}; the actor closes the buffer,
 * then takes until a take throws {@code BufferClosedException}. The check: the actor took exactly
 * what the helper's put added (one element if the put returned, none if it threw). A failed check
 * is ERROR; a take that waits for ever is STALE. There is no JDK baseline: no JDK queue closes.
 *
 * <p>Mutants caught: {@code buffer-close-ends-takes-at-once} (close ends takes at once, with the
 * element of a completed put still in the buffer): the actor's take throws although the put
 * returned, so the element is lost (ERROR); and {@code buffer-last-take-keeps-takes-open} (the
 * take that empties a closed buffer does not end the takes): after taking the element put before
 * the close, the actor's next take waits for good (STALE).
 *
 * <p>Run: {@code jcstress-tests/run quick -t CloseKeepsRacingPut}, or
 * {@code java -jar jcstress-tests/target/jcstress.jar -t CloseKeepsRacingPut}.
 */
public final class CloseKeepsRacingPut {
    private CloseKeepsRacingPut() {
    }

    /** dev.bouncer.BoundedBuffer. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE,
            desc = "every completed put was taken after the close, then takes threw")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "a take of the closed buffer waits for ever")
    @Outcome(id = "ERROR", expect = FORBIDDEN,
            desc = "a completed put's element was lost, or a take returned what no put added")
    @Outcome(expect = FORBIDDEN, desc = "impossible result")
    @State
    public static class Ours extends Race {
        BoundedBuffer<Integer> buffer;
        boolean put; // helper side; published by Race's lock step
        int taken; // actor side

        @Override
        void setUp() {
            buffer = new BoundedBuffer<>(1);
        }

        @Override
        void helperSide() {
            try {
                buffer.put(1);
                put = true;
            } catch (BufferClosedException refused) {
                put = false;
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }

        @Override
        void actorSide() {
            buffer.close();
            taken = 0;
            try {
                for (;;) {
                    Waiters.check(buffer.take() == 1, "a take returned what no put added");
                    taken++;
                }
            } catch (BufferClosedException drained) {
                // the end of the input
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }

        @Override
        void check() {
            Waiters.check(taken == (put ? 1 : 0),
                    "the put " + (put ? "returned" : "threw") + " but the takes got " + taken);
        }

        @Actor
        public void racers() {
            run();
        }

        @Signal
        public void startingGun() {
            gun.fire();
        }
    }
}
