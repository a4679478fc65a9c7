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
 * Property: a producer that laps the ring never overwrites a slot whose element a slower
 * consumer has claimed but not yet taken out.
 *
 * <p>Checks BB-I2 and BB-E2, the one place where the per-slot sequence, not the semaphores,
 * keeps the buffer correct. The {@code spaces} semaphore only counts free slots; it does not say
 * which. If consumers finish out of claim order, a space is free while the slot the next producer
 * claims is still being read. Capacity 2, holding 1 (slot 0) and 2 (slot 1). Released together by
 * the signal's starting gun (see {@link Race}, {@value Race#ROUNDS} rounds per sample in lock step), the actor polls once while a helper polls and then
 * offers 3, which claims index 2, i.e. slot 0 again. When the actor has claimed index 0 but not yet
 * cleared the slot, the helper's poll (index 1) has freed a space, so its offer is granted at once
 * and must wait on slot 0's sequence. Then the actor checks that the two polls got 1 and 2 and
 * that the buffer holds exactly [3]. A failed check is ERROR; a thread waiting for ever is STALE.
 *
 * <p>Why not capacity 1 or one consumer: with one consumer, consumers finish in claim order and
 * {@code spaces} alone orders every lap; with capacity 1 there is one consumer in flight at a time
 * for the same reason, and the sequence values i + 1 and i + capacity coincide. Two consumers on
 * capacity 2 is the smallest setting where the sequence wait matters.
 *
 * <p>Mutant caught: {@code buffer-lap-overwrites} (the producer skips its wait for the slot's
 * sequence): it overwrites slot 0 before the actor reads it (the actor gets 3, element 1 is lost)
 * or after (the actor's clearing erases 3): ERROR; or it republishes the slot before the actor has
 * checked it, and the actor waits for ever: STALE. Caught reliably only with the helper running
 * in parallel ({@code -af NONE} in {@code jcstress-tests/run}; docs/verification.md, "CPU binding").
 *
 * <p>Run: {@code jcstress-tests/run quick -t LappingPutWaitsForSlot}, or
 * {@code java -jar jcstress-tests/target/jcstress.jar -t LappingPutWaitsForSlot}.
 */
public final class LappingPutWaitsForSlot {
    private LappingPutWaitsForSlot() {
    }

    /** The scenario, shared by both queues. */
    abstract static class Scenario extends Race {
        private final Supplier<BlockingQueue<Integer>> factory;
        BlockingQueue<Integer> buffer;
        int slowTook; // actor side
        int lapperTook; // helper side; published by Race's lock step
        boolean lapperOffered;

        Scenario(Supplier<BlockingQueue<Integer>> factory) {
            this.factory = factory;
        }

        @Override
        void setUp() {
            buffer = PutTakeDuplicatesNothing.filled(factory.get());
        }

        @Override
        void helperSide() {
            lapperTook = Digits.of(buffer.poll());
            lapperOffered = buffer.offer(3);
        }

        @Override
        void actorSide() {
            slowTook = Digits.of(buffer.poll());
        }

        @Override
        void check() {
            Waiters.check((slowTook == 1 && lapperTook == 2) || (slowTook == 2 && lapperTook == 1),
                    "consumers took " + slowTook + " and " + lapperTook + " (0: nothing)");
            Waiters.check(lapperOffered && Arrays.equals(buffer.toArray(), new Object[] {3}),
                    "after the lap the buffer holds " + Arrays.toString(buffer.toArray()) + ", not [3]");
        }
    }

    /** dev.bouncer.BoundedBuffer. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "the lapping put waited for the slow consumer: 1, 2 taken, [3] held")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "the slow consumer waits for ever: its slot was republished by the lap")
    @Outcome(id = "ERROR", expect = FORBIDDEN, desc = "the lapping put overwrote or was erased: an element lost")
    @Outcome(expect = FORBIDDEN, desc = "impossible result")
    @State
    public static class Ours extends Scenario {
        public Ours() {
            super(() -> new dev.bouncer.BoundedBuffer<>(2));
        }

        @Actor
        public void slowConsumer() {
            run();
        }

        @Signal
        public void startingGun() {
            gun.fire();
        }
    }

    /** Baseline: java.util.concurrent.ArrayBlockingQueue. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "the lapping put waited for the slow consumer: 1, 2 taken, [3] held")
    @Outcome(expect = FORBIDDEN, desc = "a racer stuck, or the check failed")
    @State
    public static class Jdk extends Scenario {
        public Jdk() {
            super(() -> new ArrayBlockingQueue<>(2));
        }

        @Actor
        public void slowConsumer() {
            run();
        }

        @Signal
        public void startingGun() {
            gun.fire();
        }
    }
}
