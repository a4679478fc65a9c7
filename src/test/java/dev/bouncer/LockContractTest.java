package dev.bouncer;

import static dev.bouncer.support.TestThreads.awaitTrue;
import static dev.bouncer.support.TestThreads.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bouncer.support.LockLike;
import dev.bouncer.support.LockTwin;
import dev.bouncer.support.TestThreads.Worker;
import dev.bouncer.support.TestThreads;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@link Lock} and {@link Condition} contracts that a {@code ReentrantLock} and a
 * {@link Mutex} share, written once. Each subclass names the {@link LockTwin} it runs against;
 * everything here holds the lock at most once per thread, where the two agree.
 */
@Timeout(20)
abstract class LockContractTest {

    private final LockTwin twin;

    LockContractTest(LockTwin twin) {
        this.twin = twin;
    }

    private LockLike newLock(boolean fair) {
        return twin.create(fair);
    }

    /** Starts a thread that runs the body while holding the lock, and unlocks however it ends. */
    private static Worker startHolding(Lock lock, String name, TestThreads.Body body) {
        return start(name, () -> {
            lock.lock();
            try {
                body.run();
            } finally {
                lock.unlock();
            }
        });
    }

    private static void awaitQueued(LockLike lock, Thread t) {
        awaitTrue(() -> lock.hasQueuedThread(t), t.getName() + " queues for the lock");
    }

    private static void awaitConditionWaiters(LockLike lock, Condition c, int n) {
        awaitTrue(() -> {
            lock.lock();
            try {
                return lock.getWaitQueueLength(c) == n;
            } finally {
                lock.unlock();
            }
        }, n + " threads wait on the condition");
    }

    /** Holds the lock in another thread until the returned latch is counted down. */
    private Worker holdElsewhere(Lock lock, CountDownLatch release) {
        CountDownLatch held = new CountDownLatch(1);
        Worker w = startHolding(lock, "holder", () -> {
            held.countDown();
            release.await();
        });
        awaitTrue(() -> held.getCount() == 0, "the holder holds the lock");
        return w;
    }

    @ParameterizedTest(name = "fair={0}")
    @ValueSource(booleans = {false, true})
    void mutualExclusionLosesNoUpdate(boolean fair) throws Exception {
        LockLike lock = newLock(fair);
        int[] counter = {0}; // plain field: only the lock makes this safe (MX-E1)
        int threads = 4;
        int rounds = fair ? 2_000 : 20_000;
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            workers.add(start("incrementer-" + i, () -> {
                for (int j = 0; j < rounds; j++) {
                    lock.lock();
                    try {
                        counter[0]++;
                    } finally {
                        lock.unlock();
                    }
                }
            }));
        }
        for (Worker w : workers) {
            w.joinOk();
        }
        assertThat(counter[0]).isEqualTo(threads * rounds);
        assertThat(lock.isLocked()).isFalse();
    }

    @Test
    void lockAndUnlockTrackTheHolder() {
        LockLike lock = newLock(false);
        assertThat(lock.isLocked()).isFalse();
        lock.lock();
        assertThat(lock.isLocked()).isTrue();
        assertThat(lock.isHeldByCurrentThread()).isTrue();
        lock.unlock();
        assertThat(lock.isLocked()).isFalse();
        assertThat(lock.isHeldByCurrentThread()).isFalse();
    }

    @Test
    void tryLockFailsWhileAnotherThreadHoldsIt() throws Exception {
        LockLike lock = newLock(false);
        CountDownLatch release = new CountDownLatch(1);
        Worker holder = holdElsewhere(lock, release);
        assertThat(lock.tryLock()).isFalse();
        for (long timeout : new long[] {Long.MIN_VALUE, -1, 0, 1}) {
            assertThat(lock.tryLock(timeout, TimeUnit.NANOSECONDS)).as("timeout %d", timeout).isFalse();
        }
        assertThat(lock.tryLock(5, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(lock.isHeldByCurrentThread()).isFalse();
        release.countDown();
        holder.joinOk();
        assertThat(lock.tryLock()).isTrue();
        lock.unlock();
    }

    @Test
    void longMaxValueTimeoutWaitsRatherThanOverflows() throws Exception {
        LockLike lock = newLock(true);
        CountDownLatch release = new CountDownLatch(1);
        Worker holder = holdElsewhere(lock, release);
        AtomicBoolean got = new AtomicBoolean();
        Worker waiter = start("waiter", () -> {
            got.set(lock.tryLock(Long.MAX_VALUE, TimeUnit.DAYS));
            lock.unlock();
        });
        awaitQueued(lock, waiter);
        release.countDown();
        holder.joinOk();
        waiter.joinOk();
        assertThat(got).isTrue();
    }

    @Test
    void interruptedOnEntryThrowsEvenIfFree() {
        LockLike lock = newLock(false);
        Thread.currentThread().interrupt();
        assertThatThrownBy(lock::lockInterruptibly).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> lock.tryLock(1, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();
        assertThat(lock.isLocked()).isFalse();
    }

    @ParameterizedTest(name = "timed={0}")
    @ValueSource(booleans = {false, true})
    void interruptWhileWaitingThrowsAndLeavesTheLockUsable(boolean timed) throws Exception {
        LockLike lock = newLock(false);
        CountDownLatch release = new CountDownLatch(1);
        Worker holder = holdElsewhere(lock, release);
        AtomicBoolean threw = new AtomicBoolean();
        Worker waiter = start("waiter", () -> {
            try {
                if (timed) {
                    lock.tryLock(1, TimeUnit.DAYS);
                } else {
                    lock.lockInterruptibly();
                }
            } catch (InterruptedException e) {
                threw.set(!Thread.currentThread().isInterrupted());
            }
        });
        awaitQueued(lock, waiter);
        waiter.interrupt();
        waiter.joinOk();
        assertThat(threw).as("threw with the status cleared").isTrue();
        awaitTrue(() -> lock.getQueueLength() == 0, "the cancelled waiter leaves the queue");
        release.countDown();
        holder.joinOk();
        assertThat(lock.tryLock(0, TimeUnit.SECONDS)).isTrue();
        lock.unlock();
    }

    @Test
    void lockIgnoresInterruptsButKeepsTheStatus() throws Exception {
        LockLike lock = newLock(false);
        CountDownLatch release = new CountDownLatch(1);
        Worker holder = holdElsewhere(lock, release);
        AtomicBoolean interruptedAfter = new AtomicBoolean();
        Worker waiter = start("waiter", () -> {
            lock.lock();
            interruptedAfter.set(Thread.currentThread().isInterrupted());
            lock.unlock();
        });
        awaitQueued(lock, waiter);
        waiter.interrupt();
        awaitTrue(() -> lock.hasQueuedThread(waiter), "the waiter stays queued");
        release.countDown();
        holder.joinOk();
        waiter.joinOk();
        assertThat(interruptedAfter).isTrue();
    }

    /** Fair mode: queued threads acquire in arrival order, and tryLock(0) does not barge. */
    @Test
    void fairLockGrantsInArrivalOrder() throws Exception {
        LockLike lock = newLock(true);
        CountDownLatch release = new CountDownLatch(1);
        Worker holder = holdElsewhere(lock, release);
        List<Integer> order = new CopyOnWriteArrayList<>();
        List<Worker> waiters = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int id = i;
            Worker w = startHolding(lock, "fair-" + i, () -> {
                order.add(id);
            });
            awaitQueued(lock, w); // each arrives after the previous one is queued
            waiters.add(w);
        }
        assertThat(lock.getQueueLength()).isEqualTo(5);
        release.countDown();
        holder.joinOk();
        for (Worker w : waiters) {
            w.joinOk();
        }
        assertThat(order).containsExactly(0, 1, 2, 3, 4);
    }

    /** pitfalls.md #3/#4: a storm of short timed waits leaves no phantom nodes behind. */
    @Test
    void timedOutStormLeavesAnEmptyQueue() throws Exception {
        LockLike lock = newLock(true);
        CountDownLatch release = new CountDownLatch(1);
        Worker holder = holdElsewhere(lock, release);
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            workers.add(start("storm-" + i, () -> {
                for (int j = 0; j < 300; j++) {
                    assertThat(lock.tryLock(1 + j % 50, TimeUnit.MICROSECONDS)).isFalse();
                }
            }));
        }
        for (Worker w : workers) {
            w.joinOk();
        }
        assertThat(lock.getQueueLength()).isZero();
        release.countDown();
        holder.joinOk();
        assertThat(lock.tryLock(0, TimeUnit.SECONDS)).isTrue();
        lock.unlock();
    }

    // ---- conditions ----

    @Test
    void conditionMethodsNeedTheLock() {
        LockLike lock = newLock(false);
        Condition c = lock.newCondition();
        assertThatThrownBy(c::await).isInstanceOf(IllegalMonitorStateException.class);
        assertThatThrownBy(c::awaitUninterruptibly).isInstanceOf(IllegalMonitorStateException.class);
        assertThatThrownBy(() -> c.awaitNanos(1)).isInstanceOf(IllegalMonitorStateException.class);
        assertThatThrownBy(() -> c.await(1, TimeUnit.SECONDS)).isInstanceOf(IllegalMonitorStateException.class);
        assertThatThrownBy(() -> c.awaitUntil(new Date())).isInstanceOf(IllegalMonitorStateException.class);
        assertThatThrownBy(c::signal).isInstanceOf(IllegalMonitorStateException.class);
        assertThatThrownBy(c::signalAll).isInstanceOf(IllegalMonitorStateException.class);
        assertThat(lock.isLocked()).isFalse();
    }

    @Test
    void awaitReleasesTheLockAndSignalReacquiresIt() throws Exception {
        LockLike lock = newLock(false);
        Condition c = lock.newCondition();
        int[] data = {0}; // plain: published by the lock (MX-E3)
        AtomicBoolean heldOnReturn = new AtomicBoolean();
        Worker waiter = startHolding(lock, "waiter", () -> {
            while (data[0] == 0) {
                c.await();
            }
            heldOnReturn.set(lock.isHeldByCurrentThread() && data[0] == 42);
        });
        awaitConditionWaiters(lock, c, 1);
        lock.lock(); // possible only because await released it
        try {
            data[0] = 42;
            c.signal();
            assertThat(lock.getWaitQueueLength(c)).isZero();
        } finally {
            lock.unlock();
        }
        waiter.joinOk();
        assertThat(heldOnReturn).isTrue();
    }

    @Test
    void timedWaitsReportTheTimeout() throws Exception {
        LockLike lock = newLock(false);
        Condition c = lock.newCondition();
        lock.lock();
        try {
            assertThat(c.awaitNanos(1_000)).isLessThanOrEqualTo(0L);
            assertThat(c.awaitNanos(0)).isLessThanOrEqualTo(0L);
            assertThat(c.awaitNanos(Long.MIN_VALUE)).isLessThanOrEqualTo(0L);
            assertThat(c.await(1, TimeUnit.MILLISECONDS)).isFalse();
            assertThat(c.await(-1, TimeUnit.SECONDS)).isFalse();
            assertThat(c.awaitUntil(new Date(System.currentTimeMillis() - 1_000))).isFalse();
            assertThat(c.awaitUntil(new Date(System.currentTimeMillis() + 2))).isFalse();
            assertThat(lock.isHeldByCurrentThread()).isTrue();
            assertThat(lock.getWaitQueueLength(c)).isZero();
        } finally {
            lock.unlock();
        }
    }

    @Test
    void awaitNanosReturnsPositiveRemainderWhenSignalledEarly() throws Exception {
        LockLike lock = newLock(false);
        Condition c = lock.newCondition();
        AtomicBoolean positive = new AtomicBoolean();
        Worker waiter = startHolding(lock, "waiter", () -> {
            positive.set(c.awaitNanos(Long.MAX_VALUE) > 0);
        });
        awaitConditionWaiters(lock, c, 1);
        lock.lock();
        c.signal();
        lock.unlock();
        waiter.joinOk();
        assertThat(positive).isTrue();
    }

    @Test
    void interruptBeforeSignalThrowsHoldingTheLock() throws Exception {
        LockLike lock = newLock(false);
        Condition c = lock.newCondition();
        AtomicBoolean heldInCatch = new AtomicBoolean();
        Worker waiter = startHolding(lock, "waiter", () -> {
            try {
                c.await();
            } catch (InterruptedException e) {
                heldInCatch.set(lock.isHeldByCurrentThread() && !Thread.currentThread().isInterrupted());
            }
        });
        awaitConditionWaiters(lock, c, 1);
        waiter.interrupt();
        waiter.joinOk();
        assertThat(heldInCatch).isTrue();
        lock.lock();
        assertThat(lock.getWaitQueueLength(c)).isZero();
        lock.unlock();
    }

    /** Condition contract: an interrupt after the signal does not throw; the status is kept. */
    @Test
    void interruptAfterSignalReturnsNormallyWithStatusSet() throws Exception {
        LockLike lock = newLock(false);
        Condition c = lock.newCondition();
        AtomicBoolean returnedInterrupted = new AtomicBoolean();
        Worker waiter = startHolding(lock, "waiter", () -> {
            c.await();
            returnedInterrupted.set(Thread.currentThread().isInterrupted());
        });
        awaitConditionWaiters(lock, c, 1);
        lock.lock();
        try {
            c.signal();
            waiter.interrupt(); // signalled first, and it cannot reacquire until we unlock
            awaitQueued(lock, waiter);
        } finally {
            lock.unlock();
        }
        waiter.joinOk();
        assertThat(returnedInterrupted).isTrue();
    }

    @Test
    void awaitUninterruptiblyKeepsWaitingAndKeepsTheStatus() throws Exception {
        LockLike lock = newLock(false);
        Condition c = lock.newCondition();
        AtomicBoolean returnedInterrupted = new AtomicBoolean();
        Worker waiter = startHolding(lock, "waiter", () -> {
            c.awaitUninterruptibly();
            returnedInterrupted.set(Thread.currentThread().isInterrupted());
        });
        awaitConditionWaiters(lock, c, 1);
        waiter.interrupt();
        awaitConditionWaiters(lock, c, 1); // still waiting after the interrupt
        assertThat(waiter.isAlive()).isTrue();
        lock.lock();
        c.signal();
        lock.unlock();
        waiter.joinOk();
        assertThat(returnedInterrupted).isTrue();
    }

    @Test
    void signalWakesInArrivalOrderAndSignalAllWakesEveryone() throws Exception {
        LockLike lock = newLock(false);
        Condition c = lock.newCondition();
        List<Integer> order = new CopyOnWriteArrayList<>();
        List<Worker> waiters = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int id = i;
            waiters.add(startHolding(lock, "waiter-" + i, () -> {
                c.await();
                order.add(id);
            }));
            awaitConditionWaiters(lock, c, i + 1);
        }
        lock.lock();
        try {
            c.signal(); // the first waiter
            assertThat(lock.getWaitQueueLength(c)).isEqualTo(2);
        } finally {
            lock.unlock();
        }
        waiters.get(0).joinOk();
        assertThat(order).containsExactly(0);
        lock.lock();
        try {
            c.signalAll();
            assertThat(lock.getWaitQueueLength(c)).isZero();
            c.signal(); // nobody left: a no-op
        } finally {
            lock.unlock();
        }
        for (Worker w : waiters) {
            w.joinOk();
        }
        assertThat(order).containsExactly(0, 1, 2); // transferred in list order, FIFO queue
    }

    /** A bounded hand-off with timed waits: nothing produced is lost or taken twice. */
    @Test
    void producerConsumerWithTimedWaitsLosesNothing() throws Exception {
        LockLike lock = newLock(false);
        Condition notEmpty = lock.newCondition();
        int[] items = {0};
        int produced = 5_000;
        AtomicInteger consumed = new AtomicInteger();
        List<Worker> consumers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            consumers.add(start("consumer-" + i, () -> {
                for (;;) {
                    lock.lock();
                    try {
                        while (items[0] == 0 && consumed.get() < produced) {
                            notEmpty.await(50, TimeUnit.MICROSECONDS);
                        }
                        if (items[0] == 0) {
                            return;
                        }
                        items[0]--;
                        if (consumed.incrementAndGet() == produced) {
                            notEmpty.signalAll();
                        }
                    } finally {
                        lock.unlock();
                    }
                }
            }));
        }
        for (int i = 0; i < produced; i++) {
            lock.lock();
            try {
                items[0]++;
                notEmpty.signal();
            } finally {
                lock.unlock();
            }
        }
        for (Worker w : consumers) {
            w.joinOk();
        }
        assertThat(consumed).hasValue(produced);
        assertThat(items[0]).isZero();
    }
}
