package dev.bouncer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What BoundedBuffer does beyond the shared contract (BlockingQueueContract), and where it differs. */
@Timeout(20)
class BoundedBufferTest {

    @Test
    void interiorRemovalIsUnsupportedAndChangesNothing() {
        BoundedBuffer<String> buffer = new BoundedBuffer<>(3);
        buffer.add("a");
        buffer.add("b");
        assertThatThrownBy(() -> buffer.remove("a")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> buffer.removeAll(List.of("a")))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> buffer.retainAll(List.of("a")))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> buffer.removeIf("a"::equals))
                .isInstanceOf(UnsupportedOperationException.class);
        Iterator<String> it = buffer.iterator();
        it.next();
        assertThatThrownBy(it::remove).isInstanceOf(UnsupportedOperationException.class);
        assertThat(buffer).containsExactly("a", "b");
        assertThat(buffer.remove()).as("removal at the head works").isEqualTo("a");
    }

    @Test
    void capacityMessageNamesTheValue() {
        assertThatThrownBy(() -> new BoundedBuffer<>(0)).hasMessageContaining("0");
    }

    @Test
    void fairnessIsReported() {
        assertThat(new BoundedBuffer<>(1).isFair()).isFalse();
        assertThat(new BoundedBuffer<>(1, true).isFair()).isTrue();
    }

    @Test
    void serializationKeepsCapacityFairnessAndContents() throws Exception {
        BoundedBuffer<String> buffer = new BoundedBuffer<>(3, true);
        buffer.add("x");
        buffer.add("y");
        buffer.poll();
        buffer.add("z");
        BoundedBuffer<String> copy = BoundedSemaphoreTest.roundTrip(buffer);
        assertThat(copy).containsExactly("y", "z");
        assertThat(copy.isFair()).isTrue();
        assertThat(copy.remainingCapacity()).isEqualTo(1);
        assertThat(copy.offer("w")).isTrue();
        assertThat(copy.offer("v")).isFalse();
    }

    /**
     * A handover wait (a producer that has claimed a slot whose consumer of the last lap has not
     * cleared it yet) parks, with the buffer as the blocker, rather than spinning or yielding for
     * good (issue 7), and it keeps the caller's interrupt status: parkNanos returns at once while
     * the status is set, so the wait clears it to park and must set it again. White-box: the slot's
     * sequence is held back by hand to stand for the slow consumer.
     */
    @Test
    void handoverWaitParksOnTheBufferAndKeepsTheInterrupt() throws Throwable {
        BoundedBuffer<String> buffer = new BoundedBuffer<>(2);
        VarHandle sequence = MethodHandles.arrayElementVarHandle(int[].class);
        Field field = BoundedBuffer.class.getDeclaredField("sequences");
        field.setAccessible(true);
        int[] sequences = (int[]) field.get(buffer);
        sequence.setVolatile(sequences, 0, -1); // slot 0 still holds an element of a lap before 0
        boolean[] result = new boolean[2];
        TestThreads.Worker producer = TestThreads.start("interrupted-producer", () -> {
            Thread.currentThread().interrupt();
            result[0] = buffer.offer("x"); // offer never answers interrupts; it must keep them
            result[1] = Thread.currentThread().isInterrupted();
        });
        TestThreads.awaitParkedOn(producer, buffer);
        sequence.setVolatile(sequences, 0, 0); // the "consumer" clears the slot: free for lap 0
        producer.joinOk();
        assertThat(result[0]).as("offer succeeded").isTrue();
        assertThat(result[1]).as("interrupt status kept through the handover wait").isTrue();
        assertThat(buffer.poll()).isEqualTo("x");
        assertThat(buffer).isEmpty();
    }

    /** E3: a traversal never returns an element from a later lap of the same slot. */
    @Test
    void iteratorCreatedBeforeALapDoesNotSeeTheNextLap() {
        BoundedBuffer<Integer> buffer = new BoundedBuffer<>(2);
        buffer.add(0);
        buffer.add(1);
        Iterator<Integer> it = buffer.iterator(); // walks indices 0 and 1; holds 0 already
        buffer.poll(); // index 0
        buffer.poll(); // index 1
        buffer.add(2); // index 2 reuses slot 0
        buffer.add(3); // index 3 reuses slot 1
        assertThat(it.next()).isEqualTo(0); // the element it held, as JDK iterators do
        assertThat(it.hasNext()).isFalse(); // 2 and 3 were put after the iterator was created
    }

    @Test
    void blockedThreadsParkInTheSemaphoresWithTheBufferAsBlocker() throws Exception {
        BoundedBuffer<Integer> buffer = new BoundedBuffer<>(1);
        TestThreads.Worker consumer = TestThreads.start("consumer", buffer::take);
        consumer.awaitBlocked();
        assertThat(java.util.concurrent.locks.LockSupport.getBlocker(consumer)).isSameAs(buffer);
        buffer.put(1);
        consumer.joinOk();
    }
}
