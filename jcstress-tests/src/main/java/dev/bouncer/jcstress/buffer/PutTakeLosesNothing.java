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
 * Property: two producers racing into a buffer with room for both lose nothing: afterwards the
 * buffer holds both elements, once each, and takes hand them out in the order it holds them.
 *
 * <p>Checks BB-I1 (every index is claimed by exactly one producer, because the claim is one
 * {@code getAndAdd}) and BB-I2 (producer i's element is consumer i's). Capacity 2; the two
 * producers, released together by the signal's starting gun, offer 1 and 2 (one on a helper
 * thread, see {@link Race}, {@value Race#ROUNDS} rounds per sample in lock step). Then the actor checks: both offers succeeded, {@code size()} is 2,
 * the traversal shows 1 and 2 once each, and two polls return them in that order. A failed check
 * is ERROR; a producer that waits for ever is STALE. The consumer side of the same property is
 * {@link PutTakeDuplicatesNothing}. Two actors and one helper is the most 2 CPUs can race; a
 * 2-producer/2-consumer test would not run here (ENVIRONMENT.md).
 *
 * <p>Mutant caught: {@code buffer-plain-put-claim} (the producer reads {@code putIndex} and
 * writes {@code index + 1} back separately): both producers claim index 0 and write slot 0, so
 * one element is lost (ERROR), or the second producer waits for slot 0's next lap for ever
 * (STALE). The helper must run in parallel with the actor: {@code jcstress-tests/run} passes
 * {@code -af NONE}, because jcstress otherwise binds this 1-actor fork to one CPU, and bound it
 * missed the mutant in about 35,000 races (docs/verification.md, "CPU binding").
 *
 * <p>Run: {@code jcstress-tests/run quick -t PutTakeLosesNothing}, or
 * {@code java -jar jcstress-tests/target/jcstress.jar -t PutTakeLosesNothing}.
 */
public final class PutTakeLosesNothing {
    private PutTakeLosesNothing() {
    }

    /** The scenario, shared by both queues. */
    abstract static class Scenario extends Race {
        private final Supplier<BlockingQueue<Integer>> factory;
        BlockingQueue<Integer> buffer;
        boolean offered1; // actor side
        boolean offered2; // helper side; published by Race's lock step

        Scenario(Supplier<BlockingQueue<Integer>> factory) {
            this.factory = factory;
        }

        @Override
        void setUp() {
            buffer = factory.get();
        }

        @Override
        void helperSide() {
            offered2 = buffer.offer(2);
        }

        @Override
        void actorSide() {
            offered1 = buffer.offer(1);
        }

        @Override
        void check() {
            Waiters.check(offered1 && offered2, "an offer was refused with room for both");
            Object[] held = buffer.toArray();
            Waiters.check(buffer.size() == 2 && held.length == 2
                    && (Arrays.equals(held, new Object[] {1, 2}) || Arrays.equals(held, new Object[] {2, 1})),
                    "a put was lost or duplicated: size " + buffer.size() + ", holds " + Arrays.toString(held));
            Waiters.check(held[0].equals(buffer.poll()) && held[1].equals(buffer.poll()) && buffer.poll() == null,
                    "takes did not hand out " + Arrays.toString(held));
        }
    }

    /** dev.bouncer.BoundedBuffer. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "both puts held once each, and taken in the order held")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "a producer waits for ever: two claimed the same index")
    @Outcome(id = "ERROR", expect = FORBIDDEN, desc = "a put was lost, duplicated or refused")
    @Outcome(expect = FORBIDDEN, desc = "impossible result")
    @State
    public static class Ours extends Scenario {
        public Ours() {
            super(() -> new dev.bouncer.BoundedBuffer<>(2));
        }

        @Actor
        public void producers() {
            run();
        }

        @Signal
        public void startingGun() {
            gun.fire();
        }
    }

    /** Baseline: java.util.concurrent.ArrayBlockingQueue. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "both puts held once each, and taken in the order held")
    @Outcome(expect = FORBIDDEN, desc = "a racer stuck, or the check failed")
    @State
    public static class Jdk extends Scenario {
        public Jdk() {
            super(() -> new ArrayBlockingQueue<>(2));
        }

        @Actor
        public void producers() {
            run();
        }

        @Signal
        public void startingGun() {
            gun.fire();
        }
    }
}
