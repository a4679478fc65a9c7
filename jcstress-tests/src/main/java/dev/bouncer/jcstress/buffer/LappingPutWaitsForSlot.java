package dev.bouncer.jcstress.buffer;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Property: a producer that laps the ring never overwrites a slot whose element a slower
 * consumer has claimed but not yet taken out.
 *
 * <p>Checks BB-I2 and BB-E2, the one place where the per-slot sequence, not the semaphores,
 * keeps the buffer correct. The {@code spaces} semaphore only counts free slots; it does not say
 * which. If consumers finish out of claim order, a space is free while the slot the next producer
 * claims is still being read. Capacity 2, holding 1 (slot 0) and 2 (slot 1). Consumer 1 polls
 * ({@code r1}); the other actor polls ({@code r2}) and then offers 3, which claims index 2, i.e.
 * slot 0 again. When consumer 1 claimed index 0 but is still between its claim and clearing the
 * slot, the other actor's poll (index 1) has freed a space, so its offer is granted at once and
 * must wait on slot 0's sequence. The arbiter records what is left ({@code r3}, via
 * {@code toArray}, which never waits, BB-I6).
 *
 * <p>Why not capacity 1 or one consumer: with one consumer, consumers finish in claim order and
 * {@code spaces} alone orders every lap; with capacity 1 there is one consumer in flight at a time
 * for the same reason, and the sequence values i + 1 and i + capacity coincide. Two consumers on
 * capacity 2 is the smallest setting where the sequence wait matters. The window is consumer 1's
 * handover (tens of nanoseconds) against a whole poll plus offer, so the bad interleaving needs
 * consumer 1 to be descheduled there; see docs/verification.md for how often the mutant is hit.
 *
 * <p>Mutant caught: {@code buffer-lap-overwrites} (the producer skips its wait for the slot's
 * sequence): it overwrites slot 0 before consumer 1 reads it (consumer 1 gets 3, element 1 is
 * lost) or after (consumer 1's clearing erases 3), or it republishes the slot before consumer 1
 * has checked it, and consumer 1 waits for ever (jcstress TIMEOUT error after 30 s).
 *
 * <p>Run: {@code jcstress-tests/run quick -t LappingPutWaitsForSlot}, or
 * {@code java -jar jcstress-tests/target/jcstress.jar -t LappingPutWaitsForSlot}.
 */
public final class LappingPutWaitsForSlot {
    private LappingPutWaitsForSlot() {
    }

    /** dev.bouncer.BoundedBuffer. */
    @JCStressTest
    @Outcome(id = "1, 2, 3", expect = ACCEPTABLE, desc = "consumer 1 claimed first; the lapping put landed after it")
    @Outcome(id = "2, 1, 3", expect = ACCEPTABLE, desc = "the other actor claimed first; consumer 1 took 2; 3 left")
    @Outcome(id = {"3, 2, 0", "3, 2, 3"}, expect = FORBIDDEN, desc = "lapping put overwrote element 1 before consumer 1 read it")
    @Outcome(id = "1, 2, 0", expect = FORBIDDEN, desc = "consumer 1's clearing erased the lapping put's element 3")
    @Outcome(expect = FORBIDDEN, desc = "an element lost, duplicated or out of order")
    @State
    public static class Ours {
        final BlockingQueue<Integer> buffer = PutTakeDuplicatesNothing.filled(new dev.bouncer.BoundedBuffer<>(2));

        @Actor
        public void consumer(III_Result r) {
            r.r1 = Digits.of(buffer.poll());
        }

        @Actor
        public void consumerThenProducer(III_Result r) {
            r.r2 = Digits.of(buffer.poll());
            buffer.offer(3);
        }

        @Arbiter
        public void left(III_Result r) {
            r.r3 = Digits.contents(buffer);
        }
    }

    /** Baseline: java.util.concurrent.ArrayBlockingQueue. */
    @JCStressTest
    @Outcome(id = "1, 2, 3", expect = ACCEPTABLE, desc = "consumer 1 claimed first; the lapping put landed after it")
    @Outcome(id = "2, 1, 3", expect = ACCEPTABLE, desc = "the other actor claimed first; consumer 1 took 2; 3 left")
    @Outcome(expect = FORBIDDEN, desc = "an element lost, duplicated or out of order")
    @State
    public static class Jdk {
        final BlockingQueue<Integer> buffer = PutTakeDuplicatesNothing.filled(new ArrayBlockingQueue<>(2));

        @Actor
        public void consumer(III_Result r) {
            r.r1 = Digits.of(buffer.poll());
        }

        @Actor
        public void consumerThenProducer(III_Result r) {
            r.r2 = Digits.of(buffer.poll());
            buffer.offer(3);
        }

        @Arbiter
        public void left(III_Result r) {
            r.r3 = Digits.contents(buffer);
        }
    }
}
