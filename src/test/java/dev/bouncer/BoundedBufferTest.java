package dev.bouncer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bouncer.support.TestThreads;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
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
     * good (waiters that only yield can starve the thread they wait for), and it keeps the caller's interrupt status: parkNanos returns at once while
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

    /**
     * BB-I2: the slots' 32-bit turns wrap round without losing, duplicating or reordering an element.
     * White-box: both claim counters start a few indexes before the lap whose turn, 2 * lap,
     * passes 2^32, and each slot's sequence is set to the turn of the index that will use it next.
     */
    @Test
    void turnsWrapRoundIn32BitsAndKeepFifo() throws ReflectiveOperationException {
        int capacity = 3;
        BoundedBuffer<Integer> buffer = new BoundedBuffer<>(capacity);
        long start = capacity * (1L << 31) - 5; // lap 2^31 - 2: its turn is -4 in 32 bits
        gate(buffer, "spaces").claims = start;
        gate(buffer, "items").claims = start;
        int[] sequences = field(buffer, "sequences", int[].class);
        for (long index = start; index < start + capacity; index++) {
            sequences[(int) (index % capacity)] = (int) (index / capacity) << 1;
        }
        int next = 0;
        int expected = 0;
        for (int round = 0; round < 40; round++) { // 40 rounds of up to 3: across the wrap
            int batch = 1 + round % capacity;
            for (int i = 0; i < batch; i++) {
                assertThat(buffer.offer(next++)).isTrue();
            }
            List<Integer> shown = new ArrayList<>();
            buffer.forEach(shown::add);
            assertThat(shown).as("iterator in round %d", round)
                    .containsExactlyElementsOf(IntStream.range(expected, next)
                            .boxed().toList());
            assertThat(buffer.peek()).isEqualTo(expected);
            for (int i = 0; i < batch; i++) {
                assertThat(buffer.poll()).as("FIFO in round %d", round).isEqualTo(expected++);
            }
        }
        assertThat(gate(buffer, "items").claimed()).as("the indexes passed the wrap")
                .isGreaterThan(capacity * (1L << 31) + capacity);
        assertThat(buffer.poll()).isNull();
    }

    /**
     * BB-E3: a traversal drops an index whose slot shows that index's turn again, holding an element,
     * once the index has been claimed: what a 32-bit sequence shows 2^31 laps later. White-box: the
     * slot is set by hand to stand for those laps, and the traversal's read of one index is called
     * directly.
     */
    @Test
    void traversalDropsAClaimedIndexWhoseSlotCameRound() throws ReflectiveOperationException {
        BoundedBuffer<String> buffer = new BoundedBuffer<>(2);
        buffer.add("a"); // index 0, slot 0
        assertThat(buffer.poll()).isEqualTo("a"); // index 0 claimed and consumed
        field(buffer, "sequences", int[].class)[0] = 1; // turn(0) + 1: "holds index 0's element"
        field(buffer, "elements", Object[].class)[0] = "ghost"; // an element 2^31 laps later
        Method read =
                BoundedBuffer.class.getDeclaredMethod("publishedElementAt", long.class);
        read.setAccessible(true);
        assertThat(read.invoke(buffer, 0L)).as("index 0 was claimed; its slot is a later lap's")
                .isNull();
    }

    private static Padded.Gate gate(BoundedBuffer<?> buffer, String name)
            throws ReflectiveOperationException {
        return field(buffer, name, Padded.Gate.class);
    }

    private static <T> T field(BoundedBuffer<?> buffer, String name, Class<T> type)
            throws ReflectiveOperationException {
        Field field = BoundedBuffer.class.getDeclaredField(name);
        field.setAccessible(true);
        return type.cast(field.get(buffer));
    }

    /** BB-E3: a traversal never returns an element from a later lap of the same slot. */
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
