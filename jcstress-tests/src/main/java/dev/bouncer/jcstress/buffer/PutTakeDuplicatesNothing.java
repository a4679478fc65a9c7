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
 * Property: two consumers racing on a buffer that holds two elements each take a different one:
 * no element is handed out twice, none is skipped.
 *
 * <p>Checks BB-I1 (every index is claimed by exactly one consumer) and BB-I2 (consumer i gets
 * exactly producer i's element). The buffer (capacity 2) is filled with 1 and 2 in the state's
 * constructor, single-threaded; the two consumers {@code poll()} once each ({@code r1},
 * {@code r2}; 0 for {@code null}), and the arbiter records {@code size()} ({@code r3}).
 *
 * <p>Mutant caught: {@code buffer-plain-take-claim} (the consumer reads {@code takeIndex} and
 * writes {@code index + 1} back plainly): both consumers claim index 0 and both take element 1,
 * or the second waits for a sequence the first has already moved on and hangs (jcstress TIMEOUT
 * error after 30 s).
 *
 * <p>Run: {@code jcstress-tests/run quick -t PutTakeDuplicatesNothing}, or
 * {@code java -jar jcstress-tests/target/jcstress.jar -t PutTakeDuplicatesNothing}.
 */
public final class PutTakeDuplicatesNothing {
    private PutTakeDuplicatesNothing() {
    }

    /** dev.bouncer.BoundedBuffer. */
    @JCStressTest
    @Outcome(id = "1, 2, 0", expect = ACCEPTABLE, desc = "consumer 1 claimed first: it took 1, consumer 2 took 2")
    @Outcome(id = "2, 1, 0", expect = ACCEPTABLE, desc = "consumer 2 claimed first: it took 1, consumer 1 took 2")
    @Outcome(id = {"1, 1, 0", "2, 2, 0"}, expect = FORBIDDEN, desc = "one element taken twice, the other skipped")
    @Outcome(expect = FORBIDDEN, desc = "an element duplicated, lost, or a take failed on a full buffer")
    @State
    public static class Ours {
        final BlockingQueue<Integer> buffer = filled(new dev.bouncer.BoundedBuffer<>(2));

        @Actor
        public void consumer1(III_Result r) {
            r.r1 = Digits.of(buffer.poll());
        }

        @Actor
        public void consumer2(III_Result r) {
            r.r2 = Digits.of(buffer.poll());
        }

        @Arbiter
        public void left(III_Result r) {
            r.r3 = buffer.size();
        }
    }

    /** Baseline: java.util.concurrent.ArrayBlockingQueue. */
    @JCStressTest
    @Outcome(id = "1, 2, 0", expect = ACCEPTABLE, desc = "consumer 1 claimed first: it took 1, consumer 2 took 2")
    @Outcome(id = "2, 1, 0", expect = ACCEPTABLE, desc = "consumer 2 claimed first: it took 1, consumer 1 took 2")
    @Outcome(expect = FORBIDDEN, desc = "an element duplicated, lost, or a take failed on a full buffer")
    @State
    public static class Jdk {
        final BlockingQueue<Integer> buffer = filled(new ArrayBlockingQueue<>(2));

        @Actor
        public void consumer1(III_Result r) {
            r.r1 = Digits.of(buffer.poll());
        }

        @Actor
        public void consumer2(III_Result r) {
            r.r2 = Digits.of(buffer.poll());
        }

        @Arbiter
        public void left(III_Result r) {
            r.r3 = buffer.size();
        }
    }

    static BlockingQueue<Integer> filled(BlockingQueue<Integer> buffer) {
        buffer.add(1);
        buffer.add(2);
        return buffer;
    }
}
