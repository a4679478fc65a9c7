package dev.bouncer.jcstress.buffer;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.bouncer.jcstress.Waiters;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Supplier;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/**
 * Property: two consumers racing for the only element of a buffer are granted it once: one takes
 * it, the other's {@code poll()} returns {@code null}, and the buffer is left empty with all its
 * room.
 *
 * <p>Checks SEM-I2 on the buffer's {@code items} gate, which consumers acquire: a grant is one
 * CAS on the gate's count from the value its check used, so no two grants take one permit, and
 * through it BB-I1 and BB-I3 (docs/buffer.md). The buffer (capacity 1) holds 1, put in each round's set-up;
 * the two consumers, released together by the signal's starting gun (one on a helper thread, see
 * {@link Race}, {@value Race#ROUNDS} rounds per sample in lock step), {@code poll()} once each.
 * Then the actor checks that one got 1 and the other nothing, that {@code size()} is 0 and
 * {@code remainingCapacity()} 1, and that a traversal shows nothing. A failed check is ERROR; a
 * consumer that waits for ever is STALE.
 *
 * <p>Mutant caught: {@code tryacquire-plain-rmw} (a grant checks the count, then writes it back
 * without a CAS): both consumers read a count of 1, both are granted the one item and both claim
 * an index, and the consumer of index 1 waits for ever for an element that no producer will put
 * (STALE). That wait is why this is a {@code Mode.Termination} test: a
 * 2-actor test could not recover from it (see {@link Race}). The helper must run in parallel with
 * the actor: {@code jcstress-tests/run} passes {@code -af NONE} (docs/verification.md, "CPU
 * binding").
 *
 * <p>Run: {@code jcstress-tests/run quick -t RacingPollsGrantOneItem}, or
 * {@code java -jar jcstress-tests/target/jcstress.jar -t RacingPollsGrantOneItem}.
 */
public final class RacingPollsGrantOneItem {
    private RacingPollsGrantOneItem() {
    }

    /** The scenario, shared by both queues. */
    abstract static class Scenario extends Race {
        private final Supplier<BlockingQueue<Integer>> factory;
        BlockingQueue<Integer> buffer;
        int taken1; // actor side
        int taken2; // helper side; published by Race's lock step

        Scenario(Supplier<BlockingQueue<Integer>> factory) {
            this.factory = factory;
        }

        @Override
        void setUp() {
            buffer = factory.get();
            buffer.add(1);
        }

        @Override
        void helperSide() {
            taken2 = Digits.of(buffer.poll());
        }

        @Override
        void actorSide() {
            taken1 = Digits.of(buffer.poll());
        }

        @Override
        void check() {
            Waiters.check((taken1 == 1 && taken2 == 0) || (taken1 == 0 && taken2 == 1),
                    "of the one element, consumers took " + taken1 + " and " + taken2 + " (0: nothing)");
            Waiters.check(buffer.size() == 0 && buffer.remainingCapacity() == 1
                    && buffer.toArray().length == 0,
                    "after the take: size " + buffer.size() + ", room " + buffer.remainingCapacity()
                            + ", holds " + Arrays.toString(buffer.toArray()));
        }
    }

    /** dev.bouncer.BoundedBuffer. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE,
            desc = "one consumer took the element, the other's poll found none")
    @Outcome(id = "STALE", expect = FORBIDDEN,
            desc = "a consumer waits for ever: both were granted the one item")
    @Outcome(id = "ERROR", expect = FORBIDDEN,
            desc = "the element taken twice or by neither, or the buffer miscounts")
    @Outcome(expect = FORBIDDEN, desc = "impossible result")
    @State
    public static class Ours extends Scenario {
        public Ours() {
            super(() -> new dev.bouncer.BoundedBuffer<>(1));
        }

        @Actor
        public void consumers() {
            run();
        }

        @Signal
        public void startingGun() {
            gun.fire();
        }
    }

    /** Baseline: java.util.concurrent.ArrayBlockingQueue. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE,
            desc = "one consumer took the element, the other's poll found none")
    @Outcome(expect = FORBIDDEN, desc = "a racer stuck, or the check failed")
    @State
    public static class Jdk extends Scenario {
        public Jdk() {
            super(() -> new ArrayBlockingQueue<>(1));
        }

        @Actor
        public void consumers() {
            run();
        }

        @Signal
        public void startingGun() {
            gun.fire();
        }
    }
}
