package dev.bouncer.torture;

import dev.bouncer.BoundedBuffer;
import dev.bouncer.BufferClosedException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Torture for a {@link BlockingQueue}. Half the workers produce unique ids by put, offer, timed
 * offer and add; the other half consume by take, poll and timed poll, until each receives one
 * poison pill, which the driver puts once the producers have stopped. An interrupted put or take
 * moves nothing, so the producer keeps the item and tries again.
 *
 * <p>With {@code closeAtStop} (a {@link BoundedBuffer} only) there is no poison: the driver closes
 * the buffer at the stop, and producers keep putting until then, so the close races puts that wait
 * for space, puts handing over, and consumers waiting for elements. A producer whose put throws
 * {@link BufferClosedException} keeps its item and stops; consumers take until a take throws it,
 * so every item a put handed over must still be consumed.
 *
 * <p>Checks: while running, the size never exceeds the capacity, and each consumer sees the ids
 * of any one producer in increasing order (FIFO; checked when producers x consumers is small). At
 * the end every produced id was consumed exactly once (count and checksum), and the quiet queue is
 * empty with its whole capacity free (none once closed: then puts throw and takes throw too).
 */
final class QueueScenario extends Torture.Scenario {
    /** Above this many producer x consumer pairs the per-consumer order table is too large. */
    private static final long ORDER_TABLE_LIMIT = 1L << 20;

    private final BlockingQueue<Long> queue;
    private final int capacity;
    private final int producers;
    private final int consumers;

    /** The queue as a closable buffer when the run ends by closing it; else null (poison pills). */
    private final BoundedBuffer<Long> closing;

    QueueScenario(Report report, BlockingQueue<Long> queue, int capacity, int threads, boolean closeAtStop) {
        super(report);
        this.queue = queue;
        this.capacity = capacity;
        this.producers = Math.max(1, threads / 2);
        this.consumers = Math.max(1, threads - producers);
        this.closing = closeAtStop && queue instanceof BoundedBuffer ? (BoundedBuffer<Long>) queue : null;
    }

    @Override
    void work(int index, Torture.Counters counters) {
        if (index < producers) {
            produce(index, counters);
        } else {
            consume(counters);
        }
        Thread.interrupted();
    }

    private void produce(int producer, Torture.Counters counters) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long sequence = 0;
        long pending = 0; // an item not yet in the queue, kept across failed tries
        while (closing != null || !stopping()) { // a closing run's producers stop only at the close
            if (pending == 0) {
                pending = Items.id(producer, ++sequence);
            }
            counters.operations++;
            boolean inserted;
            try {
                inserted = offer(pending, random, counters);
            } catch (InterruptedException e) {
                counters.interruptsSeen++;
                continue;
            } catch (BufferClosedException e) {
                checkClosedByTheDriver(e);
                return; // the item stays with this producer: it was never in the buffer
            }
            if (inserted) {
                counters.items.produced(pending);
                pending = 0;
            }
        }
    }

    /** Consumers drain until the poison, so even an offer that waits forever ends. */
    private boolean offer(long item, ThreadLocalRandom random, Torture.Counters counters)
            throws InterruptedException {
        switch (random.nextInt(4)) {
            case 0:
                queue.put(item);
                return true;
            case 1:
                return queue.offer(item);
            case 2:
                try {
                    return queue.add(item);
                } catch (BufferClosedException closed) {
                    throw closed;
                } catch (IllegalStateException full) {
                    return false;
                }
            default:
                Timeouts timeout = Timeouts.draw(random, true);
                boolean inserted = queue.offer(item, timeout.timeout(), timeout.unit());
                if (!inserted) {
                    counters.timeouts++;
                }
                return inserted;
        }
    }

    private void consume(Torture.Counters counters) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long[] lastSequence = (long) producers * consumers <= ORDER_TABLE_LIMIT ? new long[producers] : null;
        for (;;) {
            counters.operations++;
            Long item;
            try {
                item = poll(random, counters);
                if (item == null && closing != null && closing.isClosed()) {
                    item = closing.take(); // an element or, once every element is taken, the end
                }
            } catch (InterruptedException e) {
                counters.interruptsSeen++;
                continue;
            } catch (BufferClosedException e) {
                checkClosedByTheDriver(e);
                return; // closed, and every element put before the close has been taken
            }
            if (item == null) {
                continue;
            }
            if (item == Items.POISON) {
                return;
            }
            counters.items.consumed(item);
            if (lastSequence != null) {
                int producer = Items.producer(item);
                long sequence = Items.sequence(item);
                if (sequence <= lastSequence[producer]) {
                    report.fail("FIFO violated: item " + sequence + " of producer " + producer
                            + " after item " + lastSequence[producer]);
                }
                lastSequence[producer] = sequence;
            }
        }
    }

    /** A poison pill is coming for every consumer, so even a take that waits forever ends. */
    private Long poll(ThreadLocalRandom random, Torture.Counters counters) throws InterruptedException {
        switch (random.nextInt(3)) {
            case 0:
                return queue.take();
            case 1:
                return queue.poll();
            default:
                Timeouts timeout = Timeouts.draw(random, true);
                Long item = queue.poll(timeout.timeout(), timeout.unit());
                if (item == null) {
                    counters.timeouts++;
                }
                return item;
        }
    }

    @Override
    void continuousCheck() {
        int size = queue.size();
        if (size > capacity || queue.remainingCapacity() < 0) {
            report.fail("capacity exceeded: size " + size + ", capacity " + capacity);
        }
    }

    private void checkClosedByTheDriver(BufferClosedException e) {
        if (closing == null || !stopping()) {
            report.fail("BufferClosedException from a queue nobody closed: " + e);
        }
    }

    /**
     * Closes the buffer at once, with producers and consumers still running; or waits for the
     * producers, then puts one poison pill per consumer.
     */
    @Override
    void afterStop(CountDownLatch finished, long deadlineNanos) throws InterruptedException {
        if (closing != null) {
            closing.close();
            return;
        }
        while (finished.getCount() > consumers && deadlineNanos - System.nanoTime() > 0) {
            finished.await(1, TimeUnit.MILLISECONDS);
        }
        for (int i = 0; i < consumers; i++) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0 || !queue.offer(Items.POISON, left, TimeUnit.NANOSECONDS)) {
                return; // the consumers are stuck; the driver's join reports them
            }
        }
    }

    @Override
    void finalChecks() {
        Items.Ledger total = Items.Ledger.sum(counters);
        total.checkBalanced(report, "queue");
        report.extra = "items=" + total.producedCount();
        report.check(queue.isEmpty() && queue.size() == 0, "quiet queue not empty: size " + queue.size());
        if (closing != null) {
            report.check(queue.remainingCapacity() == 0 && queue.poll() == null,
                    "a drained closed buffer has room or an element");
            try {
                queue.offer(42L);
                report.fail("a closed buffer accepted an offer");
            } catch (BufferClosedException expected) {
                // as documented
            }
            return;
        }
        report.check(queue.remainingCapacity() == capacity,
                "quiet queue remaining capacity " + queue.remainingCapacity() + ", expected " + capacity);
        report.check(queue.offer(42L) && Long.valueOf(42L).equals(queue.poll()),
                "a quiet queue failed offer-then-poll");
    }
}
