package dev.bouncer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bouncer.support.Attempt;
import dev.bouncer.support.Await;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link BoundedBuffer#close()}: puts fail, takes drain what was put before and then fail, and no
 * element or waiter is lost on the way (docs/buffer.md, BB-I10, BB-I11).
 */
class BoundedBufferCloseTest {

    @ParameterizedTest(name = "fair={0}")
    @ValueSource(booleans = {false, true})
    void closeFailsWaitingProducersAndKeepsTheirElements(boolean fair) throws InterruptedException {
        BoundedBuffer<Integer> buffer = new BoundedBuffer<>(2, fair);
        buffer.put(1);
        buffer.put(2);
        List<Attempt> producers = List.of(
                parkedOn(buffer, "put", () -> {
                    buffer.put(3);
                    return null;
                }),
                parkedOn(buffer, "timed offer", () -> buffer.offer(4, 1, TimeUnit.DAYS)));

        buffer.close();
        for (Attempt producer : producers) {
            assertThat(producer.awaitThrown()).as("%s", producer)
                    .isInstanceOf(BufferClosedException.class)
                    .hasMessage("BoundedBuffer is closed: no more elements can be put");
        }
        assertThat(buffer.isClosed()).isTrue();
        assertThat(drain(buffer)).containsExactly(1, 2);
        assertThat(buffer.linkedWaiterCount()).isZero();
    }

    /** After close, every put throws at once, also into a buffer with space, and adds nothing. */
    @Test
    void laterPutsFailAtOnce() {
        BoundedBuffer<Integer> buffer = new BoundedBuffer<>(4);
        buffer.add(1);
        buffer.close();
        List<ThrowingCallable> puts = List.of(
                () -> buffer.put(2),
                () -> buffer.offer(2),
                () -> buffer.offer(2, 0, TimeUnit.SECONDS),
                () -> buffer.offer(2, 1, TimeUnit.DAYS),
                () -> buffer.add(2),
                () -> buffer.addAll(List.of(2, 3)));
        for (ThrowingCallable put : puts) {
            assertThatThrownBy(put).isInstanceOf(BufferClosedException.class);
        }
        assertThat(buffer.remainingCapacity()).isZero();
        assertThat(buffer).containsExactly(1);
    }

    @Test
    void offerIntoAFullOpenBufferStillReturnsFalse() throws InterruptedException {
        BoundedBuffer<Integer> buffer = new BoundedBuffer<>(1);
        buffer.put(1);
        assertThat(buffer.offer(2)).isFalse();
        assertThat(buffer.offer(2, 0, TimeUnit.SECONDS)).isFalse();
        assertThat(buffer.poll()).isEqualTo(1);
        assertThat(buffer.poll(0, TimeUnit.SECONDS)).isNull();
        assertThat(buffer.isClosed()).isFalse();
    }

    /** Takes get what was put before the close, in order, then fail; poll returns null at once. */
    @ParameterizedTest(name = "fair={0}")
    @ValueSource(booleans = {false, true})
    void takesDrainWhatIsLeftThenFail(boolean fair) throws InterruptedException {
        BoundedBuffer<Integer> buffer = new BoundedBuffer<>(4, fair);
        buffer.put(1);
        buffer.put(2);
        buffer.put(3);
        buffer.close();
        assertThat(buffer.isEmpty()).isFalse();
        assertThat(buffer.peek()).isEqualTo(1);
        assertThat(buffer.take()).isEqualTo(1);
        assertThat(buffer.poll()).isEqualTo(2);
        assertThat(buffer.poll(1, TimeUnit.DAYS)).isEqualTo(3);

        assertThatThrownBy(buffer::take).isInstanceOf(BufferClosedException.class)
                .hasMessage("BoundedBuffer is closed and every element has been taken");
        assertThat(buffer.poll()).isNull();
        long start = System.nanoTime();
        assertThat(buffer.poll(1, TimeUnit.DAYS)).isNull(); // at once: nothing more can come
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(5));
        assertThat(buffer.peek()).isNull();
        assertThat(buffer.drainTo(new ArrayList<>())).isZero();
        assertThat(buffer.size()).isZero();
        assertThat(buffer.remainingCapacity()).isZero();
    }

    @Test
    void drainToAndClearEmptyAClosedBuffer() {
        BoundedBuffer<Integer> buffer = new BoundedBuffer<>(4);
        buffer.addAll(List.of(1, 2, 3));
        buffer.close();
        List<Integer> sink = new ArrayList<>();
        assertThat(buffer.drainTo(sink, 2)).isEqualTo(2);
        assertThat(sink).containsExactly(1, 2);
        buffer.clear();
        assertThatThrownBy(buffer::take).isInstanceOf(BufferClosedException.class);
    }

    /** Consumers waiting on an empty buffer all leave when it is closed: take throws, poll gives null. */
    @ParameterizedTest(name = "fair={0}")
    @ValueSource(booleans = {false, true})
    void closeReleasesEveryWaitingConsumer(boolean fair) throws InterruptedException {
        BoundedBuffer<Integer> buffer = new BoundedBuffer<>(2, fair);
        Attempt take = parkedOn(buffer, "take", buffer::take);
        Attempt poll = parkedOn(buffer, "poll", () -> buffer.poll(1, TimeUnit.DAYS));

        buffer.close();
        assertThat(take.awaitThrown()).isInstanceOf(BufferClosedException.class);
        assertThat(poll.awaitResult()).isNull();
        assertThat(buffer.linkedWaiterCount()).isZero();
    }

    /** The last take of a closed buffer ends the consumers still waiting for more. */
    @Test
    void lastTakeOfAClosedBufferReleasesTheOtherConsumers() throws InterruptedException {
        BoundedBuffer<Integer> buffer = new BoundedBuffer<>(2);
        buffer.put(1);
        buffer.close();
        assertThat(buffer.take()).isEqualTo(1);
        assertThatThrownBy(buffer::take).isInstanceOf(BufferClosedException.class);

        BoundedBuffer<Integer> second = new BoundedBuffer<>(2);
        Attempt waiting = parkedOn(second, "take", second::take);
        Attempt other = parkedOn(second, "take", second::take);
        second.put(7);
        Await.until("one consumer got 7", () -> waiting.isDone() || other.isDone());
        second.close();
        Attempt got = waiting.isDone() ? waiting : other;
        Attempt left = got == waiting ? other : waiting;
        assertThat(got.awaitResult()).isEqualTo(7);
        assertThat(left.awaitThrown()).isInstanceOf(BufferClosedException.class);
    }

    @Test
    void closeIsIdempotentAndFinal() throws InterruptedException {
        BoundedBuffer<Integer> buffer = new BoundedBuffer<>(3);
        buffer.put(1);
        buffer.close();
        buffer.close();
        assertThat(buffer.remainingCapacity()).isZero();
        assertThat(buffer.take()).isEqualTo(1);
        buffer.close();
        assertThatThrownBy(() -> buffer.put(2)).isInstanceOf(BufferClosedException.class);
        assertThatThrownBy(buffer::take).isInstanceOf(BufferClosedException.class);
    }

    /**
     * Producers, consumers and a close, racing: every put that returned normally is taken exactly
     * once, every put that threw left nothing, and every thread ends (BB-I10, BB-I11). Checked
     * over many rounds, each with a small capacity so the buffer is often full and often empty.
     */
    @ParameterizedTest(name = "fair={0}")
    @ValueSource(booleans = {false, true})
    void closeLosesNoElementAndStrandsNoThread(boolean fair) throws InterruptedException {
        for (int round = 0; round < 200; round++) {
            BoundedBuffer<Long> buffer = new BoundedBuffer<>(1 + round % 3, fair);
            AtomicLong next = new AtomicLong();
            ConcurrentLinkedQueue<Long> put = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Long> taken = new ConcurrentLinkedQueue<>();
            List<Attempt> threads = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
                threads.add(Attempt.run("producer-" + p, () -> {
                    try {
                        for (;;) {
                            long e = next.getAndIncrement();
                            buffer.put(e);
                            put.add(e);
                        }
                    } catch (BufferClosedException expected) {
                        // the end of this producer's input
                    }
                }));
            }
            for (int c = 0; c < 2; c++) {
                boolean polls = c == 1;
                threads.add(Attempt.run("consumer-" + c, () -> {
                    try {
                        for (;;) {
                            Long e = polls ? buffer.poll(1, TimeUnit.DAYS) : buffer.take();
                            if (e == null) {
                                return; // closed and drained
                            }
                            taken.add(e);
                        }
                    } catch (BufferClosedException expected) {
                        // closed and drained
                    }
                }));
            }
            Await.until("some elements have gone through", () -> taken.size() >= 20);
            buffer.close();
            for (Attempt thread : threads) {
                thread.awaitResult(); // ended, and threw nothing but the expected end of input
            }
            assertThat(taken).as("round %d", round).containsExactlyInAnyOrderElementsOf(put);
            assertThat(buffer.size()).isZero();
        }
    }

    @Test
    void closedStateAndElementsAreSerialized() throws Exception {
        BoundedBuffer<Integer> buffer = new BoundedBuffer<>(3, true);
        buffer.put(1);
        buffer.put(2);
        buffer.close();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(buffer);
        }
        BoundedBuffer<?> copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (BoundedBuffer<?>) in.readObject();
        }
        assertThat(copy.isClosed()).isTrue();
        assertThat(copy.isFair()).isTrue();
        assertThat(copy.take()).isEqualTo(1);
        assertThat(copy.take()).isEqualTo(2);
        assertThatThrownBy(copy::take).isInstanceOf(BufferClosedException.class);
    }

    private static Attempt parkedOn(BoundedBuffer<?> buffer, String name, Callable<?> call)
            throws InterruptedException {
        Attempt attempt = Attempt.call(name, call);
        Await.parkedOn(buffer, attempt);
        return attempt;
    }

    private static <E> List<E> drain(BoundedBuffer<E> buffer) {
        List<E> out = new ArrayList<>();
        buffer.drainTo(out);
        return out;
    }
}
