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
 * Property: with one producer and one consumer, elements leave in the order they were put, and
 * none is lost on the way.
 *
 * <p>Checks BB-I2 in its claim-order form: with one producer, claim order is program order, so
 * 1P1C is strictly FIFO. Capacity 2, so both offers succeed. The producer offers 1 then 2; the
 * consumer polls twice ({@code r1}, {@code r2}; 0 for {@code null}); the arbiter records what is
 * left, head first, as digits ({@code r3}; via {@code toArray}, which never waits, BB-I6).
 *
 * <p>Mutant caught: {@code buffer-failed-poll-claims-index} (a {@code poll} that finds no element
 * still consumes a take index): the next poll takes index 1, i.e. 2 before 1, and element 1 is
 * never handed out. Also run against {@code buffer-publish-before-element}, whose lost element
 * shows here as a FORBIDDEN outcome when it is hit (rarely on x86; see
 * {@link TakeSeesElementFields}).
 *
 * <p>Run: {@code jcstress-tests/run quick -t OneProducerOneConsumerFifo}, or
 * {@code java -jar jcstress-tests/target/jcstress.jar -t OneProducerOneConsumerFifo}.
 */
public final class OneProducerOneConsumerFifo {
    private OneProducerOneConsumerFifo() {
    }

    /** dev.bouncer.BoundedBuffer. */
    @JCStressTest
    @Outcome(id = "1, 2, 0", expect = ACCEPTABLE, desc = "consumer took 1 then 2")
    @Outcome(id = "1, 0, 2", expect = ACCEPTABLE, desc = "consumer took 1, polled before 2 was put; 2 left")
    @Outcome(id = "0, 1, 2", expect = ACCEPTABLE, desc = "first poll came before any put; took 1; 2 left")
    @Outcome(id = "0, 0, 12", expect = ACCEPTABLE, desc = "both polls came before the puts; 1, 2 left in order")
    @Outcome(id = {"2, 0, 0", "0, 2, 0", "2, 1, 0", "0, 0, 21"}, expect = FORBIDDEN, desc = "2 came out before 1")
    @Outcome(id = {"0, 0, 0", "0, 0, 1", "0, 0, 2", "1, 0, 0", "0, 1, 0"}, expect = FORBIDDEN, desc = "an element was lost")
    @Outcome(expect = FORBIDDEN, desc = "out of order, lost or duplicated")
    @State
    public static class Ours {
        final BlockingQueue<Integer> buffer = new dev.bouncer.BoundedBuffer<>(2);

        @Actor
        public void producer() {
            buffer.offer(1);
            buffer.offer(2);
        }

        @Actor
        public void consumer(III_Result r) {
            r.r1 = Digits.of(buffer.poll());
            r.r2 = Digits.of(buffer.poll());
        }

        @Arbiter
        public void left(III_Result r) {
            r.r3 = Digits.contents(buffer);
        }
    }

    /** Baseline: java.util.concurrent.ArrayBlockingQueue. */
    @JCStressTest
    @Outcome(id = "1, 2, 0", expect = ACCEPTABLE, desc = "consumer took 1 then 2")
    @Outcome(id = "1, 0, 2", expect = ACCEPTABLE, desc = "consumer took 1, polled before 2 was put; 2 left")
    @Outcome(id = "0, 1, 2", expect = ACCEPTABLE, desc = "first poll came before any put; took 1; 2 left")
    @Outcome(id = "0, 0, 12", expect = ACCEPTABLE, desc = "both polls came before the puts; 1, 2 left in order")
    @Outcome(expect = FORBIDDEN, desc = "out of order, lost or duplicated")
    @State
    public static class Jdk {
        final BlockingQueue<Integer> buffer = new ArrayBlockingQueue<>(2);

        @Actor
        public void producer() {
            buffer.offer(1);
            buffer.offer(2);
        }

        @Actor
        public void consumer(III_Result r) {
            r.r1 = Digits.of(buffer.poll());
            r.r2 = Digits.of(buffer.poll());
        }

        @Arbiter
        public void left(III_Result r) {
            r.r3 = Digits.contents(buffer);
        }
    }
}
