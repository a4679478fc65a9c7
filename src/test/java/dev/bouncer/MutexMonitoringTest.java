package dev.bouncer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The monitoring methods that {@code Mutex} shares with {@code ReentrantLock}: the hold count, and
 * the waiters of a condition. Each misuse is checked against {@code ReentrantLock} in the same
 * test, so the exceptions and their order are the JDK's.
 */
@Timeout(60)
class MutexMonitoringTest {
    /** Exposes the protected monitoring methods, as a monitoring subclass would. */
    static final class WatchedMutex extends Mutex {
        Collection<Thread> waitingOn(Condition c) {
            return getWaitingThreads(c);
        }

        Thread owner() {
            return getOwner();
        }
    }

    /** Exposes ReentrantLock's protected method of the same name, for side-by-side checks. */
    static final class WatchedLock extends ReentrantLock {
        Collection<Thread> waitingOn(Condition c) {
            return getWaitingThreads(c);
        }
    }

    private final List<Thread> started = new ArrayList<>();

    @AfterEach
    void stopThreads() throws InterruptedException {
        for (Thread t : started) {
            t.interrupt();
            t.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(t.isAlive()).as("%s ended", t.getName()).isFalse();
        }
    }

    @Test
    void holdCountIsOneOnlyForTheOwner() throws Exception {
        WatchedMutex m = new WatchedMutex();
        assertThat(m.getHoldCount()).isZero();
        m.lock();
        try {
            assertThat(m.getHoldCount()).isEqualTo(1);
            assertThat(m.owner()).isSameAs(Thread.currentThread());
            int[] seenByOther = {-1};
            Thread other = new Thread(() -> seenByOther[0] = m.getHoldCount());
            other.start();
            other.join();
            assertThat(seenByOther[0]).as("hold count seen by a thread that does not own it").isZero();
        } finally {
            m.unlock();
        }
        assertThat(m.getHoldCount()).isZero();
    }

    @Test
    void conditionWaitersAreCountedAndListedLongestWaitingFirst() throws Exception {
        WatchedMutex m = new WatchedMutex();
        Condition c = m.newCondition();
        m.lock();
        try {
            assertThat(m.hasWaiters(c)).isFalse();
            assertThat(m.getWaitQueueLength(c)).isZero();
            assertThat(m.waitingOn(c)).isEmpty();
        } finally {
            m.unlock();
        }

        Thread first = awaitOn(m, c, "first");
        waitUntil(m, () -> m.getWaitQueueLength(c), 1);
        Thread second = awaitOn(m, c, "second");
        waitUntil(m, () -> m.getWaitQueueLength(c), 2);

        m.lock();
        try {
            assertThat(m.hasWaiters(c)).isTrue();
            assertThat(m.waitingOn(c)).containsExactly(first, second);
            c.signal(); // first leaves the condition for the mutex's queue
            assertThat(m.getWaitQueueLength(c)).isEqualTo(1);
            assertThat(m.waitingOn(c)).containsExactly(second);
            c.signalAll();
            assertThat(m.hasWaiters(c)).isFalse();
            assertThat(m.getWaitQueueLength(c)).isZero();
            assertThat(m.waitingOn(c)).isEmpty();
        } finally {
            m.unlock();
        }
        first.join(TimeUnit.SECONDS.toMillis(30));
        second.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(first.isAlive() || second.isAlive()).as("signalled waiters returned").isFalse();
    }

    @Test
    void aWaiterThatGaveUpIsNoLongerCounted() throws Exception {
        WatchedMutex m = new WatchedMutex();
        Condition c = m.newCondition();
        Thread waiter = awaitOn(m, c, "interrupted");
        waitUntil(m, () -> m.getWaitQueueLength(c), 1);
        waiter.interrupt();
        waitUntil(m, () -> m.getWaitQueueLength(c), 0);
        m.lock();
        try {
            assertThat(m.hasWaiters(c)).isFalse();
            assertThat(m.waitingOn(c)).isEmpty();
        } finally {
            m.unlock();
        }
    }

    @Test
    void misuseThrowsWhatReentrantLockThrows() {
        WatchedMutex m = new WatchedMutex();
        Condition mine = m.newCondition();
        Condition otherMutexs = new Mutex().newCondition();
        Condition jdks = new ReentrantLock().newCondition();
        WatchedLock lock = new WatchedLock();
        Condition lockMine = lock.newCondition();
        Condition lockOthers = new ReentrantLock().newCondition();

        // Not held: IllegalMonitorStateException for one's own condition.
        assertThatThrownBy(() -> lock.hasWaiters(lockMine)).isInstanceOf(IllegalMonitorStateException.class);
        assertThatThrownBy(() -> m.hasWaiters(mine)).isInstanceOf(IllegalMonitorStateException.class);
        assertThatThrownBy(() -> m.getWaitQueueLength(mine)).isInstanceOf(IllegalMonitorStateException.class);
        assertThatThrownBy(() -> m.waitingOn(mine)).isInstanceOf(IllegalMonitorStateException.class);

        // A foreign condition is refused before ownership is checked, held or not.
        assertThatThrownBy(() -> lock.hasWaiters(lockOthers)).isInstanceOf(IllegalArgumentException.class);
        for (Condition foreign : List.of(otherMutexs, jdks)) {
            assertThatThrownBy(() -> m.hasWaiters(foreign)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> m.getWaitQueueLength(foreign))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> m.waitingOn(foreign)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> lock.hasWaiters(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> m.hasWaiters(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> m.getWaitQueueLength(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> m.waitingOn(null)).isInstanceOf(NullPointerException.class);

        m.lock();
        try {
            for (Condition foreign : List.of(otherMutexs, jdks)) {
                assertThatThrownBy(() -> m.getWaitQueueLength(foreign))
                        .isInstanceOf(IllegalArgumentException.class);
            }
        } finally {
            m.unlock();
        }

        // Held by another thread: still not held by the caller.
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread owner = start("owner", () -> {
            m.lock();
            try {
                held.countDown();
                done.await();
            } finally {
                m.unlock();
            }
        });
        try {
            assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(m.owner()).isSameAs(owner);
            assertThatThrownBy(() -> m.getWaitQueueLength(mine))
                    .isInstanceOf(IllegalMonitorStateException.class);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        } finally {
            done.countDown();
        }
    }

    interface Body {
        void run() throws InterruptedException;
    }

    private Thread start(String name, Body body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (InterruptedException expected) {
                // the thread was told to stop
            }
        }, name);
        started.add(t);
        t.start();
        return t;
    }

    /** Starts a thread that awaits the condition once (interruptibly) and returns. */
    private Thread awaitOn(Mutex m, Condition c, String name) {
        return start(name, () -> {
            m.lock();
            try {
                c.await();
            } finally {
                m.unlock();
            }
        });
    }

    /** Polls a reading taken under the mutex until it equals the expected value, with a deadline. */
    private static void waitUntil(Mutex m, IntSupplier reading, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            int now;
            m.lock();
            try {
                now = reading.getAsInt();
            } finally {
                m.unlock();
            }
            if (now == expected) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("reading stayed " + now + ", expected " + expected);
            }
            Thread.sleep(1);
        }
    }
}
