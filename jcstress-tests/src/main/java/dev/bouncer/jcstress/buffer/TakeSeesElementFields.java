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
 * Property: a consumer that takes an element sees the element's plain fields as the producer
 * wrote them before {@code put} (the class's memory-consistency effect), and a take that is
 * granted an element never returns {@code null} for it (pitfalls.md #14).
 *
 * <p>Checks BB-E1: producer p's release write of {@code sequence = p + 1} synchronizes with
 * consumer p's acquire read of it. The producer makes a new {@link Box}, writes its plain field
 * {@code value = 1}, and offers it into an empty buffer of capacity 1; the consumer polls once and
 * reads the field ({@code r1}; -1 if the poll found nothing). The arbiter polls what is left
 * ({@code r2}; -1 if nothing).
 *
 * <p><b>x86 cannot show the weak-memory form of this bug.</b> Under TSO stores stay in order, so a
 * producer that writes the sequence with a plain store instead of a release store
 * ({@code buffer-plain-sequence-write}) still publishes the field on this hardware; that mutant is
 * {@code arch: weak} and is skipped on x86. The mutant x86 can show for this test is
 * {@code buffer-publish-before-element}: the producer moves the sequence and releases
 * {@code items} before it writes the element, so a consumer granted that item reads an empty slot
 * and the element is lost. Its window is the few nanoseconds between two stores of the producer,
 * so it is caught only when the producer is descheduled right there (see docs/verification.md for
 * the measured rate).
 *
 * <p>Run: {@code jcstress-tests/run quick -t TakeSeesElementFields}, or
 * {@code java -jar jcstress-tests/target/jcstress.jar -t TakeSeesElementFields}.
 */
public final class TakeSeesElementFields {
    private TakeSeesElementFields() {
    }

    /** An element with a plain field: only the buffer orders its write. */
    static final class Box {
        int value;
    }

    /** dev.bouncer.BoundedBuffer. */
    @JCStressTest
    @Outcome(id = "1, -1", expect = ACCEPTABLE, desc = "consumer took the element and saw its field")
    @Outcome(id = "-1, 1", expect = ACCEPTABLE, desc = "consumer polled before the put; the element was left")
    @Outcome(id = {"0, -1", "0, 1"}, expect = FORBIDDEN, desc = "consumer took the element but saw its field unwritten")
    @Outcome(id = "-1, -1", expect = FORBIDDEN, desc = "the element was lost: a granted take returned null")
    @Outcome(expect = FORBIDDEN, desc = "impossible result")
    @State
    public static class Ours {
        final BlockingQueue<Box> buffer = new dev.bouncer.BoundedBuffer<>(1);

        @Actor
        public void producer() {
            Box box = new Box();
            box.value = 1;
            buffer.offer(box);
        }

        @Actor
        public void consumer(II_Result r) {
            r.r1 = valueOf(buffer.poll());
        }

        @Arbiter
        public void left(II_Result r) {
            r.r2 = valueOf(buffer.poll());
        }
    }

    /** Baseline: java.util.concurrent.ArrayBlockingQueue. */
    @JCStressTest
    @Outcome(id = "1, -1", expect = ACCEPTABLE, desc = "consumer took the element and saw its field")
    @Outcome(id = "-1, 1", expect = ACCEPTABLE, desc = "consumer polled before the put; the element was left")
    @Outcome(expect = FORBIDDEN, desc = "field unwritten, element lost, or impossible result")
    @State
    public static class Jdk {
        final BlockingQueue<Box> buffer = new ArrayBlockingQueue<>(1);

        @Actor
        public void producer() {
            Box box = new Box();
            box.value = 1;
            buffer.offer(box);
        }

        @Actor
        public void consumer(II_Result r) {
            r.r1 = valueOf(buffer.poll());
        }

        @Arbiter
        public void left(II_Result r) {
            r.r2 = valueOf(buffer.poll());
        }
    }

    static int valueOf(Box box) {
        return box == null ? -1 : box.value;
    }
}
