package dev.bouncer.lincheck;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bouncer.BoundedBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.LincheckAssertionError;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * BoundedBuffer against a FIFO queue with a capacity ({@link CappedQueue}), in the two shapes in
 * which it is linearizable, and the two documented ways in which it is not.
 *
 * <p>The buffer is two gates, {@code spaces} and {@code items}, and an operation passes one gate
 * and later releases the other (docs/buffer.md). So its operations are linearizable only where
 * no history can show one gate ahead of the other:
 * <ul>
 *   <li>One producer, any number of consumers, and a capacity that offers never reach: offer,
 *       poll, peek, size and drainTo of one element all answer from the {@code items} gate
 *       ({@link OneProducer}).
 *   <li>One producer and one consumer at a full buffer: offer, poll and drainTo
 *       ({@link OneProducerOneConsumer}, capacity 1).
 * </ul>
 * A drainTo of several elements is that many polls, not one atomic step, as for other
 * concurrent queues' bulk operations: another thread may peek, poll or offer between them.
 * Beyond those, Lincheck finds histories no queue could give, each a documented difference from
 * {@code ArrayBlockingQueue} (the class Javadoc's "Size counts what can be taken now" and
 * "with several producers"), and {@link #documentedGapsAreFound()} checks that it still does.
 */
@Tag("lincheck")
class BoundedBufferLincheckTest {

    /** The operations the shapes share. */
    abstract static class Operations {
        final BoundedBuffer<Integer> buffer = new BoundedBuffer<>(capacity());

        abstract int capacity();

        public boolean offer(int element) {
            return buffer.offer(element);
        }

        public Integer poll() {
            return buffer.poll();
        }

        public List<Integer> drainTo(int max) {
            List<Integer> drained = new ArrayList<>();
            buffer.drainTo(drained, max);
            return drained;
        }
    }

    /**
     * One producer (the offers run in one thread), any consumers; capacity 8, more than one
     * thread's offers, so every offer succeeds.
     */
    @Param(name = "element", gen = IntGen.class, conf = "1:5")
    @Param(name = "max", gen = IntGen.class, conf = "1:1")
    public static final class OneProducer extends Operations {
        @Override
        int capacity() {
            return 8;
        }

        @Operation(nonParallelGroup = "producer")
        @Override
        public boolean offer(@Param(name = "element") int element) {
            return super.offer(element);
        }

        @Operation
        @Override
        public Integer poll() {
            return super.poll();
        }

        @Operation
        public Integer peek() {
            return buffer.peek();
        }

        @Operation
        public int size() {
            return buffer.size();
        }

        @Operation
        @Override
        public List<Integer> drainTo(@Param(name = "max") int max) {
            return super.drainTo(max);
        }
    }

    /** One producer and one consumer at capacity 1, so that offers fail and polls find nothing. */
    @Param(name = "element", gen = IntGen.class, conf = "1:5")
    @Param(name = "max", gen = IntGen.class, conf = "1:3")
    public static final class OneProducerOneConsumer extends Operations {
        @Override
        int capacity() {
            return 1;
        }

        @Operation(nonParallelGroup = "producer")
        @Override
        public boolean offer(@Param(name = "element") int element) {
            return super.offer(element);
        }

        @Operation(nonParallelGroup = "consumer")
        @Override
        public Integer poll() {
            return super.poll();
        }

        @Operation(nonParallelGroup = "consumer")
        @Override
        public List<Integer> drainTo(@Param(name = "max") int max) {
            return super.drainTo(max);
        }
    }

    /**
     * Every operation from any thread, capacity 2: not linearizable (see the class description).
     * Only {@link #documentedGapsAreFound()} uses it.
     */
    @Param(name = "element", gen = IntGen.class, conf = "1:5")
    @Param(name = "max", gen = IntGen.class, conf = "1:3")
    public static final class Unrestricted extends Operations {
        @Override
        int capacity() {
            return 2;
        }

        @Operation
        @Override
        public boolean offer(@Param(name = "element") int element) {
            return super.offer(element);
        }

        @Operation
        @Override
        public Integer poll() {
            return super.poll();
        }

        @Operation
        public Integer peek() {
            return buffer.peek();
        }

        @Operation
        public int size() {
            return buffer.size();
        }

        @Operation
        public int remainingCapacity() {
            return buffer.remainingCapacity();
        }

        @Operation
        @Override
        public List<Integer> drainTo(@Param(name = "max") int max) {
            return super.drainTo(max);
        }
    }

    /** The sequential specification: an {@code ArrayDeque} that refuses offers at the capacity. */
    public abstract static class CappedQueue {
        private final ArrayDeque<Integer> queue = new ArrayDeque<>();
        private final int capacity;

        CappedQueue(int capacity) {
            this.capacity = capacity;
        }

        public boolean offer(int element) {
            if (queue.size() == capacity) {
                return false;
            }
            queue.addLast(element);
            return true;
        }

        public Integer poll() {
            return queue.pollFirst();
        }

        public Integer peek() {
            return queue.peekFirst();
        }

        public int size() {
            return queue.size();
        }

        public int remainingCapacity() {
            return capacity - queue.size();
        }

        public List<Integer> drainTo(int max) {
            List<Integer> drained = new ArrayList<>();
            while (drained.size() < max && !queue.isEmpty()) {
                drained.add(queue.pollFirst());
            }
            return drained;
        }
    }

    /** The specification of {@link OneProducer}. */
    public static final class CapacityEight extends CappedQueue {
        public CapacityEight() {
            super(8);
        }
    }

    /** The specification of {@link OneProducerOneConsumer}. */
    public static final class CapacityOne extends CappedQueue {
        public CapacityOne() {
            super(1);
        }
    }

    /** The specification of {@link Unrestricted}. */
    public static final class CapacityTwo extends CappedQueue {
        public CapacityTwo() {
            super(2);
        }
    }

    @Test
    void oneProducerModelCheckingThreeThreads() {
        LincheckRuns.modelChecking(3, 2).sequentialSpecification(CapacityEight.class).check(OneProducer.class);
    }

    @Test
    void oneProducerModelCheckingFourThreads() {
        LincheckRuns.modelChecking(4, 2).sequentialSpecification(CapacityEight.class).check(OneProducer.class);
    }

    @Test
    void oneProducerStressFourThreads() {
        LincheckRuns.stress(4, 3).sequentialSpecification(CapacityEight.class).check(OneProducer.class);
    }

    @Test
    void oneProducerOneConsumerModelChecking() {
        LincheckRuns.modelChecking(2, 3).sequentialSpecification(CapacityOne.class)
                .check(OneProducerOneConsumer.class);
    }

    @Test
    void oneProducerOneConsumerStress() {
        LincheckRuns.stress(2, 3).sequentialSpecification(CapacityOne.class)
                .check(OneProducerOneConsumer.class);
    }

    /**
     * The histories no queue gives, which the class Javadoc describes, are still found: an
     * observer of one gate and an observer of the other disagree while an offer is between
     * them; with two producers a poll returns {@code null} after an offer has returned, because
     * the items permit that offer released was taken by a poll that waits for the slower
     * producer's element; and a peek sees the middle of a drainTo of two elements.
     */
    @Test
    void documentedGapsAreFound() throws Exception {
        ExecutionScenario gatesDisagree = Scenarios.parallel(List.of(
                List.of(Scenarios.actor(Unrestricted.class, "offer", 1)),
                List.of(Scenarios.actor(Unrestricted.class, "remainingCapacity")),
                List.of(Scenarios.actor(Unrestricted.class, "peek"))));
        assertThatThrownBy(() -> gapCheck(gatesDisagree))
                .isInstanceOf(LincheckAssertionError.class)
                .hasMessageContaining("Invalid execution results");

        ExecutionScenario pollMissesFinishedOffer = Scenarios.parallel(List.of(
                List.of(Scenarios.actor(Unrestricted.class, "offer", 1)),
                List.of(Scenarios.actor(Unrestricted.class, "offer", 2)),
                List.of(Scenarios.actor(Unrestricted.class, "poll"), Scenarios.actor(Unrestricted.class, "poll"))));
        assertThatThrownBy(() -> gapCheck(pollMissesFinishedOffer))
                .isInstanceOf(LincheckAssertionError.class)
                .hasMessageContaining("Invalid execution results");

        ExecutionScenario peekInsideDrain = Scenarios.afterInit(
                List.of(Scenarios.actor(Unrestricted.class, "offer", 1), Scenarios.actor(Unrestricted.class, "offer", 2)),
                List.of(List.of(Scenarios.actor(Unrestricted.class, "drainTo", 2)),
                        List.of(Scenarios.actor(Unrestricted.class, "peek"))));
        assertThatThrownBy(() -> gapCheck(peekInsideDrain))
                .isInstanceOf(LincheckAssertionError.class)
                .hasMessageContaining("Invalid execution results");
    }

    private static void gapCheck(ExecutionScenario scenario) {
        new ModelCheckingOptions().iterations(0).invocationsPerIteration(LincheckRuns.LONG ? 10_000 : 1_000)
                .addCustomScenario(scenario).sequentialSpecification(CapacityTwo.class).check(Unrestricted.class);
    }
}
