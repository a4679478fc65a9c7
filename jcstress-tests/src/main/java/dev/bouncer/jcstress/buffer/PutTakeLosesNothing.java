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
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Property: two producers racing into a buffer with room for both lose nothing: afterwards the
 * buffer holds both elements, once each, and takes hand them out.
 *
 * <p>Checks BB-I1 (every index is claimed by exactly one producer, because the claim is one
 * {@code getAndAdd}) and BB-I2 (producer i's element is consumer i's). Capacity 2; producer 1
 * offers 1, producer 2 offers 2 (both offers must succeed). The arbiter records {@code size()}
 * ({@code r1}), then takes as many elements as a traversal shows ({@code toArray} never waits,
 * BB-I6, so a broken claim cannot hang the arbiter) and records them in take order as digits
 * ({@code r2}: 21 means 2, then 1). The consumer side of the same property, two racing takes, is
 * {@link PutTakeDuplicatesNothing}; 2 CPUs run at most 2 actors, so a 2-producer/2-consumer test
 * would not run here (ENVIRONMENT.md).
 *
 * <p>Mutant caught: {@code buffer-plain-put-claim} (the producer reads {@code putIndex} and
 * writes {@code index + 1} back plainly): both producers claim index 0 and write slot 0, so one
 * element is lost, or the second producer waits for slot 0 to come round again and hangs (the
 * fork then ends in jcstress's TIMEOUT error after 30 s; either way it fails).
 *
 * <p>Run: {@code jcstress-tests/run quick -t PutTakeLosesNothing}, or
 * {@code java -jar jcstress-tests/target/jcstress.jar -t PutTakeLosesNothing}.
 */
public final class PutTakeLosesNothing {
    private PutTakeLosesNothing() {
    }

    /** dev.bouncer.BoundedBuffer. */
    @JCStressTest
    @Outcome(id = "2, 12", expect = ACCEPTABLE, desc = "producer 1 claimed first: both held, taken 1 then 2")
    @Outcome(id = "2, 21", expect = ACCEPTABLE, desc = "producer 2 claimed first: both held, taken 2 then 1")
    @Outcome(id = {"2, 1", "2, 2"}, expect = FORBIDDEN, desc = "two items counted, one element held: a put was lost")
    @Outcome(id = {"2, 11", "2, 22"}, expect = FORBIDDEN, desc = "one element held twice: a put was lost, another duplicated")
    @Outcome(expect = FORBIDDEN, desc = "a put lost, duplicated or refused")
    @State
    public static class Ours {
        final BlockingQueue<Integer> buffer = new dev.bouncer.BoundedBuffer<>(2);

        @Actor
        public void producer1() {
            buffer.offer(1);
        }

        @Actor
        public void producer2() {
            buffer.offer(2);
        }

        @Arbiter
        public void takeAll(II_Result r) {
            r.r1 = buffer.size();
            r.r2 = takeWhatIsThere(buffer);
        }
    }

    /** Baseline: java.util.concurrent.ArrayBlockingQueue. */
    @JCStressTest
    @Outcome(id = "2, 12", expect = ACCEPTABLE, desc = "producer 1 claimed first: both held, taken 1 then 2")
    @Outcome(id = "2, 21", expect = ACCEPTABLE, desc = "producer 2 claimed first: both held, taken 2 then 1")
    @Outcome(expect = FORBIDDEN, desc = "a put lost, duplicated or refused")
    @State
    public static class Jdk {
        final BlockingQueue<Integer> buffer = new ArrayBlockingQueue<>(2);

        @Actor
        public void producer1() {
            buffer.offer(1);
        }

        @Actor
        public void producer2() {
            buffer.offer(2);
        }

        @Arbiter
        public void takeAll(II_Result r) {
            r.r1 = buffer.size();
            r.r2 = takeWhatIsThere(buffer);
        }
    }

    /** Takes as many elements as a traversal shows, so that a broken buffer cannot hang it. */
    static int takeWhatIsThere(BlockingQueue<Integer> buffer) {
        int digits = 0;
        for (int n = buffer.toArray().length; n > 0; n--) {
            digits = digits * 10 + Digits.of(buffer.poll());
        }
        return digits;
    }
}
