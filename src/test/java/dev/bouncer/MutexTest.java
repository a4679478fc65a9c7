package dev.bouncer;

import static dev.bouncer.support.TestThreads.awaitParkedOn;
import static dev.bouncer.support.TestThreads.awaitTrue;
import static dev.bouncer.support.TestThreads.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bouncer.support.TestThreads.Worker;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a Mutex adds to the shared Lock contract (that one is in LockContractTest). */
@Timeout(20)
class MutexTest {

    /** Holds the mutex in another thread until the returned latch is counted down. */
    private static Worker holdElsewhere(Mutex m, CountDownLatch release) {
        CountDownLatch held = new CountDownLatch(1);
        Worker w = start("holder", () -> {
            m.lock();
            try {
                held.countDown();
                release.await();
            } finally {
                m.unlock();
            }
        });
        awaitTrue(() -> held.getCount() == 0, "the holder holds the mutex");
        return w;
    }

    // ---- ownership (MX-I3) ----

    @Test
    void unlockWhenUnlockedThrows() {
        Mutex m = new Mutex();
        assertThatThrownBy(m::unlock).isInstanceOf(IllegalMonitorStateException.class);
        assertThat(m.isLocked()).isFalse();
        m.lock(); // still usable
        m.unlock();
    }

    @Test
    void unlockByNonHolderThrowsAndChangesNothing() throws Exception {
        Mutex m = new Mutex();
        CountDownLatch release = new CountDownLatch(1);
        Worker holder = holdElsewhere(m, release);
        assertThatThrownBy(m::unlock).isInstanceOf(IllegalMonitorStateException.class);
        assertThat(m.isLocked()).isTrue();
        assertThat(m.getOwner()).isSameAs(holder);
        assertThat(m.tryLock()).isFalse();
        release.countDown();
        holder.joinOk();
        assertThat(m.isLocked()).isFalse();
    }

    @ParameterizedTest(name = "fair={0}")
    @ValueSource(booleans = {false, true})
    void reacquireByHolderThrowsInsteadOfDeadlocking(boolean fair) throws Exception {
        Mutex m = new Mutex(fair);
        m.lock();
        Worker queued = start("queued", () -> {
            m.lock(); // makes the fair path see a predecessor, too
            m.unlock();
        });
        awaitTrue(() -> m.hasQueuedThread(queued), "a thread queues");
        assertThatThrownBy(m::lock).isInstanceOf(IllegalMonitorStateException.class);
        assertThatThrownBy(m::lockInterruptibly).isInstanceOf(IllegalMonitorStateException.class);
        assertThatThrownBy(m::tryLock).isInstanceOf(IllegalMonitorStateException.class);
        assertThatThrownBy(() -> m.tryLock(1, TimeUnit.SECONDS))
                .isInstanceOf(IllegalMonitorStateException.class);
        assertThatThrownBy(() -> m.tryLock(0, TimeUnit.SECONDS))
                .isInstanceOf(IllegalMonitorStateException.class);
        assertThat(m.isHeldByCurrentThread()).isTrue();
        assertThat(m.getQueueLength()).isEqualTo(1);
        m.unlock(); // one unlock frees it: no hold was counted
        queued.joinOk();
        assertThat(m.isLocked()).isFalse();
        assertThatThrownBy(m::unlock).isInstanceOf(IllegalMonitorStateException.class);
    }

    // ---- introspection ----

    @Test
    void introspectionAndToString() throws Exception {
        Mutex m = new Mutex(true);
        assertThat(m.isFair()).isTrue();
        assertThat(new Mutex().isFair()).isFalse();
        assertThat(m.toString()).endsWith("[Unlocked]").startsWith(Mutex.class.getName() + "@");
        assertThat(m.hasQueuedThreads()).isFalse();
        assertThat(m.getQueueLength()).isZero();
        m.lock();
        assertThat(m.toString()).endsWith("[Locked by thread " + Thread.currentThread().getName() + "]");
        Worker w1 = start("queued-1", () -> {
            m.lock();
            m.unlock();
        });
        awaitTrue(() -> m.hasQueuedThread(w1), "w1 queues");
        Worker w2 = start("queued-2", () -> {
            m.lockInterruptibly();
            m.unlock();
        });
        awaitTrue(() -> m.getQueueLength() == 2, "w2 queues");
        assertThat(m.hasQueuedThreads()).isTrue();
        assertThat(m.hasQueuedThread(w2)).isTrue();
        assertThat(m.hasQueuedThread(Thread.currentThread())).isFalse();
        assertThat(m.getQueuedThreads()).containsExactlyInAnyOrder(w1, w2);
        assertThatThrownBy(() -> m.hasQueuedThread(null)).isInstanceOf(NullPointerException.class);
        m.unlock();
        w1.joinOk();
        w2.joinOk();
        assertThat(m.hasQueuedThreads()).isFalse();
        assertThat(m.toString()).endsWith("[Unlocked]");
    }

    @Test
    void deserializesUnlockedWithItsFairness() throws Exception {
        Mutex m = new Mutex(true);
        m.lock();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(m);
        }
        Mutex copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (Mutex) in.readObject();
        }
        assertThat(copy.isLocked()).isFalse();
        assertThat(copy.isHeldByCurrentThread()).isFalse();
        assertThat(copy.isFair()).isTrue();
        assertThat(copy.tryLock()).isTrue();
        copy.unlock();
        assertThat(m.isHeldByCurrentThread()).isTrue();
        m.unlock();
    }

    // ---- what the JVM sees (pitfalls.md #16) ----

    @Test
    void waitersParkWithTheMutexOrTheConditionAsBlocker() throws Exception {
        Mutex m = new Mutex();
        Condition c = m.newCondition();
        Worker awaiting = start("awaiting", () -> {
            m.lock();
            try {
                c.await(1, TimeUnit.DAYS);
            } finally {
                m.unlock();
            }
        });
        awaitParkedOn(awaiting, c);
        m.lock();
        Worker locking = start("locking", () -> {
            m.lock();
            m.unlock();
        });
        awaitParkedOn(locking, m);
        c.signal();
        m.unlock();
        locking.joinOk();
        awaiting.joinOk();
    }

    @Test
    void threadInfoNamesTheOwnerAndWhatWaitersWaitFor() throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Mutex m = new Mutex();
        m.lock();
        try {
            Worker waiter = start("waiter", () -> {
                m.lock();
                m.unlock();
            });
            awaitParkedOn(waiter, m);
            long me = Thread.currentThread().getId();
            ThreadInfo mine = mx.getThreadInfo(new long[] {me}, false, true)[0];
            assertThat(Arrays.stream(mine.getLockedSynchronizers()).anyMatch(l -> names(l, m)))
                    .as("Locked ownable synchronizers of the owner").isTrue();
            ThreadInfo theirs = mx.getThreadInfo(new long[] {waiter.getId()}, false, true)[0];
            assertThat(names(theirs.getLockInfo(), m)).isTrue();
            assertThat(theirs.getLockOwnerId()).isEqualTo(me);
            m.unlock();
            waiter.joinOk();
        } finally {
            if (m.isHeldByCurrentThread()) {
                m.unlock();
            }
        }
        ThreadInfo after = mx.getThreadInfo(new long[] {Thread.currentThread().getId()}, false, true)[0];
        assertThat(Arrays.stream(after.getLockedSynchronizers()).noneMatch(l -> names(l, m))).isTrue();
    }

    private static boolean names(LockInfo info, Object lock) {
        return info != null
                && info.getIdentityHashCode() == System.identityHashCode(lock)
                && info.getClassName().equals(lock.getClass().getName());
    }

    /** Two threads, two mutexes, opposite order: the JVM reports both; an interrupt breaks it. */
    @Test
    void findDeadlockedThreadsReportsTwoMutexes() throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Mutex a = new Mutex();
        Mutex b = new Mutex();
        CountDownLatch bothHold = new CountDownLatch(2);
        AtomicBoolean firstInterrupted = new AtomicBoolean();
        Worker first = start("deadlock-first", () -> {
            a.lockInterruptibly();
            try {
                bothHold.countDown();
                bothHold.await();
                b.lockInterruptibly();
                b.unlock();
            } catch (InterruptedException e) {
                firstInterrupted.set(true);
            } finally {
                a.unlock();
            }
        });
        Worker second = start("deadlock-second", () -> {
            b.lockInterruptibly();
            try {
                bothHold.countDown();
                bothHold.await();
                a.lockInterruptibly(); // gets a once first gives up
                a.unlock();
            } finally {
                b.unlock();
            }
        });
        awaitTrue(() -> {
            long[] ids = mx.findDeadlockedThreads();
            return ids != null
                    && Arrays.stream(ids).anyMatch(id -> id == first.getId())
                    && Arrays.stream(ids).anyMatch(id -> id == second.getId());
        }, "findDeadlockedThreads names both threads");
        first.interrupt();
        first.joinOk();
        second.joinOk();
        assertThat(firstInterrupted).isTrue();
        assertThat(a.isLocked() || b.isLocked()).isFalse();
        long[] ids = mx.findDeadlockedThreads();
        assertThat(ids == null ? List.of() : Arrays.stream(ids).boxed().toList())
                .doesNotContain(first.getId(), second.getId());
    }

    // ---- conditions under races (MX-I5) ----

    /**
     * No signal is lost or delivered twice while awaits race timeouts and interrupts: every
     * signal that found a waiter (signalOne returned true) is matched by exactly one await that
     * returned as signalled, and no await returns as signalled without one.
     */
    @Test
    void signalRacingTimeoutAndInterruptIsConsumedExactlyOnce() throws Exception {
        Mutex m = new Mutex();
        MutexCondition c = (MutexCondition) m.newCondition();
        int[] sent = {0}; // written by this thread only
        int[] received = {0}; // guarded by m
        AtomicInteger threw = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        Worker[] waiters = new Worker[3];
        for (int i = 0; i < waiters.length; i++) {
            int mode = i;
            waiters[i] = start("waiter-" + i, () -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (!stop.get()) {
                    m.lock();
                    try {
                        if (awaitOnce(c, mode, random.nextInt(1, 40))) {
                            received[0]++;
                        }
                    } catch (InterruptedException e) {
                        threw.incrementAndGet();
                    } finally {
                        Thread.interrupted(); // a stale interrupt would only make the next try throw
                        m.unlock();
                    }
                }
            });
        }
        Worker interrupter = start("interrupter", () -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (!stop.get()) {
                waiters[random.nextInt(waiters.length)].interrupt();
                LockSupport.parkNanos(random.nextInt(1_000, 50_000));
            }
        });
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_500);
        while (System.nanoTime() < end) {
            sent[0] += signalCounted(m, c);
            Thread.yield();
        }
        stop.set(true);
        interrupter.joinOk();
        while (Arrays.stream(waiters).anyMatch(Thread::isAlive)) { // release untimed waiters
            sent[0] += signalCounted(m, c);
            LockSupport.parkNanos(100_000);
        }
        for (Worker w : waiters) {
            w.joinOk();
        }
        m.lock();
        try {
            assertThat(received[0]).as("awaits that returned signalled").isEqualTo(sent[0]);
            assertThat(sent[0]).isPositive();
            assertThat(c.getWaitQueueLength()).isZero();
        } finally {
            m.unlock();
        }
        assertThat(threw).hasPositiveValue();
    }

    /** Signals once under the mutex; 1 if a waiter took the signal, else 0. */
    private static int signalCounted(Mutex m, MutexCondition c) {
        m.lock();
        try {
            return c.signalOne() ? 1 : 0;
        } finally {
            m.unlock();
        }
    }

    /** One await; true if it returned as signalled. Modes: timed, untimed, uninterruptible. */
    private static boolean awaitOnce(Condition c, int mode, int micros) throws InterruptedException {
        switch (mode) {
            case 0:
                return c.await(micros, TimeUnit.MICROSECONDS);
            case 1:
                c.await();
                return true;
            default:
                c.awaitUninterruptibly();
                return true;
        }
    }

    /** pitfalls.md #12: spurious unparks never let a thread into the mutex or out of await early. */
    @Test
    void spuriousUnparksChangeNothing() throws Exception {
        Mutex m = new Mutex();
        MutexCondition c = (MutexCondition) m.newCondition();
        int[] counter = {0};
        int[] received = {0};
        AtomicBoolean stop = new AtomicBoolean();
        Worker[] workers = new Worker[4];
        for (int i = 0; i < 2; i++) {
            workers[i] = start("incrementer-" + i, () -> {
                for (int j = 0; j < 20_000; j++) {
                    m.lock();
                    try {
                        counter[0]++;
                    } finally {
                        m.unlock();
                    }
                }
            });
        }
        for (int i = 2; i < 4; i++) {
            workers[i] = start("awaiter-" + i, () -> {
                m.lock();
                try {
                    c.await();
                    received[0]++;
                } finally {
                    m.unlock();
                }
            });
        }
        AtomicInteger unparks = new AtomicInteger();
        Worker chaos = start("chaos", () -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (!stop.get()) {
                LockSupport.unpark(workers[random.nextInt(workers.length)]);
                unparks.incrementAndGet();
                Thread.yield();
            }
        });
        workers[0].joinOk();
        workers[1].joinOk();
        awaitTrue(() -> unparks.get() > 20_000, "the chaos thread unparks a lot");
        m.lock();
        try {
            assertThat(counter[0]).isEqualTo(40_000);
            assertThat(received[0]).as("returned from await with no signal").isZero();
            assertThat(c.getWaitQueueLength()).isEqualTo(2);
            c.signalAll();
        } finally {
            m.unlock();
        }
        workers[2].joinOk();
        workers[3].joinOk();
        stop.set(true);
        chaos.joinOk();
        assertThat(received[0]).isEqualTo(2);
    }
}
