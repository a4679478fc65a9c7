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
 * Property: two consumers racing on a buffer that holds two elements each take a different one:
 * no element is handed out twice, none is skipped.
 *
 * <p>Checks BB-I1 (every index is claimed by exactly one consumer) and BB-I2 (consumer i gets
 * exactly producer i's element). The buffer (capacity 2) is filled with 1 and 2 in the state's
 * constructor, single-threaded; the two consumers, released together by the signal's starting
 * gun (one on a helper thread, see {@link Race}, {@value Race#ROUNDS} rounds per sample in lock step), {@code poll()} once each. Then the actor checks
 * that they got 1 and 2, in either order, and that the buffer is empty. A failed check is ERROR;
 * a consumer that waits for ever is STALE.
 *
 * <p>Mutant caught: {@code buffer-plain-take-claim} (the consumer reads {@code takeIndex} and
 * writes {@code index + 1} back separately): both consumers claim index 0 and both take element 1
 * (ERROR), or the second waits for a sequence the first has already moved on (STALE). The helper
 * must run in parallel with the actor: {@code jcstress-tests/run} passes {@code -af NONE}, because
 * jcstress otherwise binds this 1-actor fork to one CPU, and bound it missed the mutant in about
 * 35,000 races (docs/verification.md, "CPU binding").
 *
 * <p>Run: {@code jcstress-tests/run quick -t PutTakeDuplicatesNothing}, or
 * {@code java -jar jcstress-tests/target/jcstress.jar -t PutTakeDuplicatesNothing}.
 */
public final class PutTakeDuplicatesNothing {
    private PutTakeDuplicatesNothing() {
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
            buffer = filled(factory.get());
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
            Waiters.check((taken1 == 1 && taken2 == 2) || (taken1 == 2 && taken2 == 1),
                    "consumers took " + taken1 + " and " + taken2 + " (0: nothing)");
            Waiters.check(buffer.size() == 0 && buffer.toArray().length == 0,
                    "left after both took: " + Arrays.toString(buffer.toArray()));
        }
    }

    static BlockingQueue<Integer> filled(BlockingQueue<Integer> buffer) {
        buffer.add(1);
        buffer.add(2);
        return buffer;
    }

    /** dev.bouncer.BoundedBuffer. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "the consumers took 1 and 2, one each")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "a consumer waits for ever: two claimed the same index")
    @Outcome(id = "ERROR", expect = FORBIDDEN, desc = "an element taken twice, or skipped")
    @Outcome(expect = FORBIDDEN, desc = "impossible result")
    @State
    public static class Ours extends Scenario {
        public Ours() {
            super(() -> new dev.bouncer.BoundedBuffer<>(2));
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
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "the consumers took 1 and 2, one each")
    @Outcome(expect = FORBIDDEN, desc = "a racer stuck, or the check failed")
    @State
    public static class Jdk extends Scenario {
        public Jdk() {
            super(() -> new ArrayBlockingQueue<>(2));
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
