package dev.bouncer.torture;

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
 * <p>Checks: while running, the size never exceeds the capacity, and each consumer sees the ids
 * of any one producer in increasing order (FIFO; checked when producers x consumers is small). At
 * the end every produced id was consumed exactly once (count and checksum), and the quiet queue is
 * empty with its whole capacity free.
 */
final class QueueScenario extends Torture.Scenario {
    /** Above this many producer x consumer pairs the per-consumer order table is too large. */
    private static final long ORDER_TABLE_LIMIT = 1L << 20;

    private final BlockingQueue<Long> queue;
    private final int capacity;
    private final int producers;
    private final int consumers;

    QueueScenario(Report report, BlockingQueue<Long> queue, int capacity, int threads) {
        super(report);
        this.queue = queue;
        this.capacity = capacity;
        this.producers = Math.max(1, threads / 2);
        this.consumers = Math.max(1, threads - producers);
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
        while (!stopping()) {
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
            } catch (InterruptedException e) {
                counters.interruptsSeen++;
                continue;
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

    /** Waits for the producers, then puts one poison pill per consumer. */
    @Override
    void afterStop(CountDownLatch finished, long deadlineNanos) throws InterruptedException {
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
        report.check(queue.remainingCapacity() == capacity,
                "quiet queue remaining capacity " + queue.remainingCapacity() + ", expected " + capacity);
        report.check(queue.offer(42L) && Long.valueOf(42L).equals(queue.poll()),
                "a quiet queue failed offer-then-poll");
    }
}
