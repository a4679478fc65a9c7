package dev.bouncer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bouncer.support.TestThreads;
import java.util.Spliterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** BoundedBuffer's traversals as a java.util.concurrent collection: pitfalls.md #19 and #20. */
@Timeout(30)
class BoundedBufferTraversalTest {

    /** pitfalls.md #19: the spliterator is ORDERED, NONNULL and CONCURRENT, and not SIZED. */
    @Test
    void spliteratorIsConcurrentAndNotSized() {
        BoundedBuffer<Integer> buffer = new BoundedBuffer<>(4);
        buffer.add(1);
        buffer.add(2);
        Spliterator<Integer> spliterator = buffer.spliterator();
        assertThat(spliterator.hasCharacteristics(Spliterator.ORDERED)).as("ORDERED").isTrue();
        assertThat(spliterator.hasCharacteristics(Spliterator.NONNULL)).as("NONNULL").isTrue();
        assertThat(spliterator.hasCharacteristics(Spliterator.CONCURRENT)).as("CONCURRENT").isTrue();
        assertThat(spliterator.hasCharacteristics(Spliterator.SIZED)).as("SIZED").isFalse();
        assertThat(spliterator.hasCharacteristics(Spliterator.SUBSIZED)).as("SUBSIZED").isFalse();
        assertThat(buffer.stream().toList()).containsExactly(1, 2);
    }

    /** pitfalls.md #19: streaming while a producer and a consumer run never throws. */
    @Test
    void streamingWhileAProducerAndAConsumerRunNeverThrows() throws Exception {
        BoundedBuffer<Integer> buffer = new BoundedBuffer<>(64);
        try (Pair pair = new Pair(buffer, () -> {
            buffer.put(1);
        }, () -> {
            buffer.take();
        })) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_500);
            long streams = 0;
            while (System.nanoTime() - deadline < 0) {
                assertThat(buffer.stream().toArray().length).isBetween(0, 64);
                assertThat(buffer.stream().count()).isBetween(0L, 64L);
                assertThat(buffer.stream().toArray(Integer[]::new)).doesNotContainNull();
                streams += 3;
            }
            assertThat(streams).isPositive();
        }
    }

    /**
     * pitfalls.md #20: what a traversal shows can be taken. A sole consumer that sees peek() != null
     * must get an element from its next poll(); so must one that sees a non-empty iterator.
     */
    @Test
    void aSoleConsumerCanPollWhatItPeeked() throws Exception {
        BoundedBuffer<Integer> buffer = new BoundedBuffer<>(1);
        AtomicLong missed = new AtomicLong();
        AtomicLong peeked = new AtomicLong();
        AtomicBoolean done = new AtomicBoolean();
        long rounds = -1;
        Thread producer = new Thread(() -> {
            while (!done.get()) {
                buffer.offer(1);
            }
        }, "producer");
        producer.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            rounds = 0;
            while (System.nanoTime() - deadline < 0) {
                rounds++;
                if (buffer.peek() != null) {
                    peeked.incrementAndGet();
                    if (buffer.poll() == null) {
                        missed.incrementAndGet();
                    }
                }
                if (buffer.iterator().hasNext()) {
                    peeked.incrementAndGet();
                    if (buffer.poll() == null) {
                        missed.incrementAndGet();
                    }
                }
            }
        } finally {
            done.set(true);
            producer.join();
        }
        System.out.println("aSoleConsumerCanPollWhatItPeeked: " + rounds + " rounds, " + peeked + " shown, " + missed
                + " polls that found nothing");
        assertThat(peeked.get()).as("the consumer saw elements").isPositive();
        assertThat(missed.get()).as("polls that answered null after a traversal showed an element")
                .isZero();
    }

    /** Thread dumps name the buffer: blocked put and take park with the buffer as their blocker. */
    @Test
    void blockedPutAndTakeNameTheBufferAsTheirBlocker() throws Exception {
        BoundedBuffer<Integer> buffer = new BoundedBuffer<>(1);
        TestThreads.Worker consumer = TestThreads.start("consumer", buffer::take);
        consumer.awaitBlocked();
        assertThat(LockSupport.getBlocker(consumer)).as("take's blocker").isSameAs(buffer);
        buffer.put(1);
        consumer.joinOk();
        buffer.put(2);
        TestThreads.Worker producer = TestThreads.start("producer", () -> buffer.put(3));
        producer.awaitBlocked();
        assertThat(LockSupport.getBlocker(producer)).as("put's blocker").isSameAs(buffer);
        assertThat(buffer.take()).isEqualTo(2);
        producer.joinOk();
    }

    /** Runs one producer and one consumer action in loops until closed. */
    private static final class Pair implements AutoCloseable {
        interface Step {
            void run() throws InterruptedException;
        }

        private final AtomicBoolean done = new AtomicBoolean();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final BoundedBuffer<Integer> buffer;
        private final Thread producer;
        private final Thread consumer;

        Pair(BoundedBuffer<Integer> buffer, Step produce, Step consume) {
            this.buffer = buffer;
            this.producer = loop("producer", produce);
            this.consumer = loop("consumer", consume);
        }

        private Thread loop(String name, Step step) {
            Thread t = new Thread(() -> {
                try {
                    while (!done.get()) {
                        step.run();
                    }
                } catch (InterruptedException e) {
                    // closing
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, name);
            t.start();
            return t;
        }

        @Override
        public void close() throws Exception {
            done.set(true);
            producer.interrupt();
            consumer.interrupt();
            producer.join();
            consumer.join();
            assertThat(failure.get()).isNull();
        }
    }
}
