package dev.bouncer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bouncer.support.TestThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * BB-I2 and BB-I4 under chaos: producers and consumers use every blocking form with short timeouts while
 * a chaos thread interrupts them at random. A failed put or offer keeps its element and retries
 * it; a failed take or poll got nothing. In the end every element was taken exactly once (by a
 * count per element, a total count and a checksum) and no permit is stranded.
 */
@Timeout(30)
class BoundedBufferStressTest {

    private static final int PER_PRODUCER = 20_000;

    @ParameterizedTest(name = "{0} producers, {1} consumers, capacity {2}, fair {3}")
    @CsvSource({"3, 3, 2, false", "4, 2, 3, true", "2, 4, 1, false"})
    void everyElementIsTakenExactlyOnceDespiteInterruptsAndTimeouts(
            int producers, int consumers, int capacity, boolean fair) throws Exception {
        BoundedBuffer<Integer> buffer = new BoundedBuffer<>(capacity, fair);
        int total = producers * PER_PRODUCER;
        AtomicIntegerArray takenTimes = new AtomicIntegerArray(total);
        AtomicInteger taken = new AtomicInteger();
        AtomicLong checksum = new AtomicLong();
        List<TestThreads.Worker> workers = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int base = p * PER_PRODUCER;
            workers.add(TestThreads.start("producer-" + p, () -> {
                for (int i = 0; i < PER_PRODUCER; i++) {
                    Integer element = base + i;
                    while (!tryPut(buffer, element)) {
                        Thread.onSpinWait(); // the element is still ours (BB-I4): offer it again
                    }
                }
            }));
        }
        for (int c = 0; c < consumers; c++) {
            workers.add(TestThreads.start("consumer-" + c, () -> {
                while (taken.get() < total) {
                    Integer element;
                    try {
                        element = tryTake(buffer);
                    } catch (InterruptedException e) {
                        continue; // nothing was removed (BB-I4)
                    }
                    if (element != null) {
                        takenTimes.incrementAndGet(element);
                        checksum.addAndGet(element);
                        taken.incrementAndGet();
                    }
                }
            }));
        }
        TestThreads.Worker chaos = TestThreads.start("chaos", () -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (taken.get() < total) {
                workers.get(random.nextInt(workers.size())).interrupt();
                LockSupport.parkNanos(random.nextInt(20_000, 200_000));
            }
        });
        for (TestThreads.Worker worker : workers) {
            worker.joinOk();
        }
        chaos.joinOk();

        assertThat(taken).hasValue(total);
        assertThat(checksum).hasValue((long) total * (total - 1) / 2);
        for (int i = 0; i < total; i++) {
            assertThat(takenTimes.get(i)).as("times element %d was taken", i).isEqualTo(1);
        }
        assertThat(buffer).isEmpty();
        assertThat(buffer.size()).isZero();
        assertThat(buffer.remainingCapacity()).as("no space stranded").isEqualTo(capacity);
        assertThat(buffer.peek()).isNull();
    }

    /** One insertion attempt in a random form; false if the element was not inserted. */
    private static boolean tryPut(BoundedBuffer<Integer> buffer, Integer element) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try {
            switch (random.nextInt(4)) {
                case 0:
                    buffer.put(element);
                    return true;
                case 1:
                    return buffer.offer(element);
                case 2:
                    return buffer.offer(element, 0, TimeUnit.NANOSECONDS);
                default:
                    return buffer.offer(element, random.nextInt(1, 50), TimeUnit.MICROSECONDS);
            }
        } catch (InterruptedException e) {
            return false; // the element stays with us (BB-I4)
        }
    }

    /** One removal attempt in a random form; null if nothing was removed. */
    private static Integer tryTake(BoundedBuffer<Integer> buffer) throws InterruptedException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        switch (random.nextInt(5)) {
            case 0:
                return buffer.poll(random.nextInt(1, 50), TimeUnit.MICROSECONDS);
            case 1:
                return buffer.poll();
            case 2:
                List<Integer> drained = new ArrayList<>();
                if (buffer.drainTo(drained, 1) == 0) {
                    return null;
                }
                return drained.get(0);
            case 3:
                return buffer.poll(0, TimeUnit.NANOSECONDS);
            default:
                // take() may block past the end; a bounded poll stands in for it near the end.
                return buffer.poll(1, TimeUnit.MILLISECONDS);
        }
    }
}
