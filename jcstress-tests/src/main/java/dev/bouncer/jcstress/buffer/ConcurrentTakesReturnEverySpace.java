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
import org.openjdk.jcstress.infra.results.IIIII_Result;

/**
 * Property: two consumers taking at the same time each give back the space they emptied:
 * afterwards the buffer has all its room again, and two puts fill it.
 *
 * <p>Checks SEM-I1 on the buffer's {@code spaces} gate, which consumers release: every change of
 * the count is one CAS, so releases that race all count and no space is lost, and through it BB-I3
 * (docs/buffer.md). The buffer (capacity 2) holds 1 and 2; the two consumers
 * {@code poll()} once each ({@code r1}, {@code r2}; 0 for {@code null}). The arbiter records
 * {@code remainingCapacity()} ({@code r3}) and {@code size()} ({@code r4}), then offers 3 and 4
 * and records what the buffer holds, head first, as digits ({@code r5}): a lost return is a space
 * that no producer can ever be granted, so the second offer is refused. Nothing here can
 * wait for ever, mutant or not: both elements are published before the race, so the polls find
 * their slots filled, and a gate that lost a return only refuses more, so the offers never claim
 * a slot that is not free. That is why this can be a plain 2-actor test.
 *
 * <p>Mutant caught: {@code release-plain-rmw} (a release reads the count and writes the sum back
 * without a CAS): when the two consumers' releases overlap, both read the same count, one
 * space is lost, and the buffer reports room for 1 and refuses the offer of 4.
 *
 * <p>Run: {@code jcstress-tests/run quick -t ConcurrentTakesReturnEverySpace}, or
 * {@code java -jar jcstress-tests/target/jcstress.jar -t ConcurrentTakesReturnEverySpace}.
 */
public final class ConcurrentTakesReturnEverySpace {
    private ConcurrentTakesReturnEverySpace() {
    }

    static BlockingQueue<Integer> filled(BlockingQueue<Integer> buffer) {
        buffer.add(1);
        buffer.add(2);
        return buffer;
    }

    /** After both takes: the room and size, then what two offers leave in the buffer. */
    static void afterTakes(BlockingQueue<Integer> buffer, IIIII_Result r) {
        r.r3 = buffer.remainingCapacity();
        r.r4 = buffer.size();
        buffer.offer(3);
        buffer.offer(4);
        r.r5 = Digits.contents(buffer);
    }

    /** dev.bouncer.BoundedBuffer. */
    @JCStressTest
    @Outcome(id = "1, 2, 2, 0, 34", expect = ACCEPTABLE,
            desc = "each consumer took one element and gave its space back; both later puts fit")
    @Outcome(id = "2, 1, 2, 0, 34", expect = ACCEPTABLE,
            desc = "each consumer took one element and gave its space back; both later puts fit")
    @Outcome(id = {"1, 2, 1, 0, 3", "2, 1, 1, 0, 3"}, expect = FORBIDDEN,
            desc = "a return was lost: two spaces emptied, one came back, the second put was refused")
    @Outcome(expect = FORBIDDEN,
            desc = "an element taken twice or not at all, or spaces created or lost")
    @State
    public static class Ours {
        final BlockingQueue<Integer> buffer = filled(new dev.bouncer.BoundedBuffer<>(2));

        @Actor
        public void consumer1(IIIII_Result r) {
            r.r1 = Digits.of(buffer.poll());
        }

        @Actor
        public void consumer2(IIIII_Result r) {
            r.r2 = Digits.of(buffer.poll());
        }

        @Arbiter
        public void room(IIIII_Result r) {
            afterTakes(buffer, r);
        }
    }

    /** Baseline: java.util.concurrent.ArrayBlockingQueue. */
    @JCStressTest
    @Outcome(id = "1, 2, 2, 0, 34", expect = ACCEPTABLE,
            desc = "each consumer took one element and gave its space back; both later puts fit")
    @Outcome(id = "2, 1, 2, 0, 34", expect = ACCEPTABLE,
            desc = "each consumer took one element and gave its space back; both later puts fit")
    @Outcome(expect = FORBIDDEN,
            desc = "an element taken twice or not at all, or spaces created or lost")
    @State
    public static class Jdk {
        final BlockingQueue<Integer> buffer = filled(new ArrayBlockingQueue<>(2));

        @Actor
        public void consumer1(IIIII_Result r) {
            r.r1 = Digits.of(buffer.poll());
        }

        @Actor
        public void consumer2(IIIII_Result r) {
            r.r2 = Digits.of(buffer.poll());
        }

        @Arbiter
        public void room(IIIII_Result r) {
            afterTakes(buffer, r);
        }
    }
}
