package dev.bouncer.torture;

import java.util.ArrayDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * Torture for a {@link Lock}. Workers lock by a random method (lock, lockInterruptibly, tryLock,
 * timed tryLock), and inside the lock either do nothing, spin a little, or hand items over through
 * a small buffer guarded by the lock with two conditions (notFull, notEmpty), waiting by a random
 * await method: even workers put, odd ones take. After the stop the driver signals both
 * conditions until every worker has left, so that untimed awaits end too.
 *
 * <p>Checks: mutual exclusion through plain, non-atomic fields ({@code inside} and {@code owner})
 * that only a correct lock keeps consistent, and a plain counter that must equal the number of
 * successful lock calls; at the end every item produced was consumed or is still in the buffer
 * (count and checksum), and the lock is free.
 */
final class LockScenario extends Torture.Scenario {
    private static final int CAPACITY = 4;

    private final Lock lock;
    private final Condition notFull;
    private final Condition notEmpty;
    /** Plain fields, guarded by the lock; a broken lock shows up as inconsistent values. */
    private int inside;
    private Thread owner;
    private long plainCount;
    private final ArrayDeque<Long> buffer = new ArrayDeque<>();

    LockScenario(Report report, Lock lock) {
        super(report);
        this.lock = lock;
        this.notFull = lock.newCondition();
        this.notEmpty = lock.newCondition();
    }

    @Override
    void work(int index, Torture.Counters counters) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Items.Ledger ledger = counters.items;
        long sequence = 0;
        while (!stopping()) {
            counters.operations++;
            try {
                if (!lock(random, counters)) {
                    continue;
                }
            } catch (InterruptedException e) {
                counters.interruptsSeen++;
                continue;
            }
            try {
                enter();
                plainCount++;
                counters.locks++;
                switch (random.nextInt(3)) {
                    case 0:
                        break;
                    case 1:
                        for (int i = random.nextInt(20); i > 0; i--) {
                            Thread.onSpinWait();
                        }
                        break;
                    default:
                        handOff(index, ++sequence, ledger, random);
                        break;
                }
            } catch (InterruptedException e) {
                counters.interruptsSeen++; // await threw, and the lock is held again
            } finally {
                leave();
                lock.unlock();
            }
        }
        Thread.interrupted();
    }

    private boolean lock(ThreadLocalRandom random, Torture.Counters counters) throws InterruptedException {
        switch (random.nextInt(4)) {
            case 0:
                lock.lock();
                return true;
            case 1:
                lock.lockInterruptibly();
                return true;
            case 2:
                return lock.tryLock();
            default:
                Timeouts timeout = Timeouts.draw(random, true);
                boolean locked = lock.tryLock(timeout.timeout(), timeout.unit());
                if (!locked) {
                    counters.timeouts++;
                }
                return locked;
        }
    }

    /**
     * Even workers only put and odd ones only take, so whenever one side waits the other side can
     * make progress: the waits always end.
     */
    private void handOff(int index, long sequence, Items.Ledger ledger, ThreadLocalRandom random)
            throws InterruptedException {
        if (index % 2 == 0) {
            long item = Items.id(index, sequence);
            if (put(item, random)) {
                ledger.produced(item);
            }
        } else {
            Long taken = take(random);
            if (taken != null) {
                ledger.consumed(taken);
            }
        }
    }

    private boolean put(long item, ThreadLocalRandom random) throws InterruptedException {
        while (buffer.size() == CAPACITY) {
            if (stopping()) {
                return false;
            }
            await(notFull, random);
        }
        buffer.addLast(item);
        signal(notEmpty, random);
        return true;
    }

    private Long take(ThreadLocalRandom random) throws InterruptedException {
        while (buffer.isEmpty()) {
            if (stopping()) {
                return null;
            }
            await(notEmpty, random);
        }
        Long item = buffer.pollFirst();
        signal(notFull, random);
        return item;
    }

    private static void signal(Condition condition, ThreadLocalRandom random) {
        if (random.nextInt(8) == 0) {
            condition.signalAll();
        } else {
            condition.signal();
        }
    }

    /** Waits by a random await method; the lock is held again however it returns. */
    private void await(Condition condition, ThreadLocalRandom random) throws InterruptedException {
        leave();
        try {
            switch (random.nextInt(4)) {
                case 0:
                    condition.await();
                    break;
                case 1:
                    condition.awaitUninterruptibly();
                    break;
                case 2:
                    Timeouts nanos = Timeouts.draw(random, true);
                    condition.awaitNanos(nanos.unit().toNanos(nanos.timeout()));
                    break;
                default:
                    Timeouts timeout = Timeouts.draw(random, true);
                    condition.await(timeout.timeout(), timeout.unit());
                    break;
            }
        } finally {
            enter();
        }
    }

    private void enter() {
        if (inside != 0 || owner != null) {
            report.fail("mutual exclusion violated: " + Thread.currentThread().getName()
                    + " got the lock while " + owner + " was inside");
        }
        inside = 1;
        owner = Thread.currentThread();
    }

    private void leave() {
        if (owner != Thread.currentThread()) {
            report.fail("mutual exclusion violated: " + owner + " took over from "
                    + Thread.currentThread().getName());
        }
        owner = null;
        inside = 0;
    }

    /** Untimed waits end only by a signal: keep signalling until every worker has finished. */
    @Override
    void afterStop(CountDownLatch finished, long deadlineNanos) throws InterruptedException {
        while (!finished.await(1, TimeUnit.MILLISECONDS) && deadlineNanos - System.nanoTime() > 0) {
            if (lock.tryLock(10, TimeUnit.MILLISECONDS)) {
                try {
                    notFull.signalAll();
                    notEmpty.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    @Override
    void finalChecks() {
        long locks = 0;
        for (Torture.Counters c : counters) {
            locks += c.locks;
        }
        report.check(plainCount == locks,
                "lost updates under the lock: plain counter " + plainCount + ", successful locks " + locks);
        Items.Ledger total = Items.Ledger.sum(counters);
        try {
            for (Long item : buffer) {
                total.consumed(item); // still in the buffer: accounted for, not lost
            }
        } catch (RuntimeException corrupted) {
            // Threads that were inside the lock together can leave the unsynchronized ArrayDeque
            // inconsistent, and its iterator then throws: that too is a broken exclusion.
            report.fail("the buffer guarded by the lock is corrupted: " + corrupted);
            return;
        }
        total.checkBalanced(report, "lock handoff (buffer holds " + buffer.size() + ")");
        report.extra = "items=" + total.producedCount();
        boolean free = lock.tryLock();
        report.check(free, "the lock is not free when quiet");
        if (free) {
            lock.unlock();
        }
    }
}
