package dev.bouncer.torture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bouncer.BoundedBuffer;
import dev.bouncer.support.SemaphoreLike;
import dev.bouncer.support.SemaphoreTwin;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/**
 * The torture harness catches what it claims to catch: each test runs it against a deliberately
 * broken primitive and checks that the report names the failure.
 */
class HarnessSanityTest {
    private static final Torture.Config SHORT =
            new Torture.Config(Duration.ofMillis(1500), 4, false, Duration.ofSeconds(3));

    /** A release that loses one permit leaves an acquire(3) waiting forever: reported as stuck. */
    @Test
    void lostPermitIsReportedAsStuckThreadsWithADump() {
        SemaphoreLike broken = new SemaphoreTwin.Jdk(3, false) {
            private final AtomicInteger releases = new AtomicInteger();

            @Override
            public void release(int permits) {
                super.release(releases.incrementAndGet() == 1000 ? permits - 1 : permits);
            }
        };
        Report report = Torture.drive(new SemaphoreScenario(new Report("lossy-release", 4, false), broken, false), SHORT);
        assertThat(report.failures()).anySatisfy(f -> assertThat(f).contains("stuck").contains("at "));
    }

    /** A release that adds a permit too many breaks the bound and conservation. */
    @Test
    void extraPermitIsReportedAsBoundExceeded() {
        SemaphoreLike broken = new SemaphoreTwin.Jdk(3, false) {
            private final AtomicInteger releases = new AtomicInteger();

            @Override
            public void release(int permits) {
                super.release(releases.incrementAndGet() % 1000 == 0 ? permits + 1 : permits);
            }
        };
        Report report = Torture.drive(new SemaphoreScenario(new Report("inflating-release", 4, false), broken, false), SHORT);
        assertThat(report.failures()).anySatisfy(f -> assertThat(f).containsAnyOf("inflated", "bound exceeded"));
        assertThat(report.failures()).anySatisfy(f -> assertThat(f).contains("permits not conserved"));
    }

    /** A bounded semaphore that accepts a release past its bound is caught by the final check. */
    @Test
    void unboundedReleaseOfABoundedSemaphoreIsReported() {
        SemaphoreLike broken = new SemaphoreTwin.Jdk(3, false) {
            @Override
            public int maxPermits() {
                return 3;
            }
        };
        Report report = Torture.drive(new SemaphoreScenario(new Report("no-bound", 4, false), broken, false), SHORT);
        assertThat(report.failures()).anySatisfy(f -> assertThat(f).contains("release past the bound"));
    }

    /** A lock that now and then lets a second thread in is caught by the plain-field checks. */
    @Test
    void brokenExclusionIsReported() {
        Report report = Torture.drive(new LockScenario(new Report("leaky-lock", 4, false), new LeakyLock()), SHORT);
        assertThat(report.failures()).anySatisfy(f -> assertThat(f).containsAnyOf("mutual exclusion", "lost updates"));
    }

    /** A queue whose put drops one item in a thousand is caught by the count and checksum. */
    @Test
    void lostItemIsReported() {
        ArrayBlockingQueue<Long> broken = new ArrayBlockingQueue<>(8) {
            private static final long serialVersionUID = 1L;
            private final AtomicLong puts = new AtomicLong();

            @Override
            public void put(Long item) throws InterruptedException {
                if (puts.incrementAndGet() % 1000 != 0) {
                    super.put(item);
                }
            }
        };
        Report report = Torture.drive(new QueueScenario(new Report("lossy-queue", 4, false), broken, 8, 4, false), SHORT);
        assertThat(report.failures()).anySatisfy(f -> assertThat(f).contains("not consumed exactly once"));
    }

    /** A semaphore whose close takes one permit away is caught by the conservation check. */
    @Test
    void closeThatLosesAPermitIsReported() {
        SemaphoreLike broken = new LossyClose(3);
        Report report = Torture.drive(new SemaphoreScenario(new Report("lossy-close", 4, false), broken, true), SHORT);
        assertThat(report.failures()).anySatisfy(f -> assertThat(f).contains("permits not conserved"));
    }

    /** A bouncer semaphore whose close also takes one permit away. */
    private static final class LossyClose extends dev.bouncer.Semaphore implements SemaphoreLike {
        private static final long serialVersionUID = 1L;

        LossyClose(int permits) {
            super(permits);
        }

        @Override
        public void close() {
            super.close();
            reducePermits(1);
        }

        @Override
        public void reducePermits(int reduction) {
            super.reducePermits(reduction);
        }

        @Override
        public java.util.Collection<Thread> getQueuedThreads() {
            return super.getQueuedThreads();
        }
    }

    /**
     * A buffer whose close throws one element away is caught by the count and checksum. The
     * producers of a closing run put until the close, so the broken close always finds an element
     * to drop (it takes the first it can, for at most the grace time).
     */
    @Test
    void closeThatLosesAnElementIsReported() {
        BoundedBuffer<Long> broken = new BoundedBuffer<>(8) {
            private static final long serialVersionUID = 1L;

            @Override
            public void close() {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                while (poll() == null && System.nanoTime() - deadline < 0) {
                    Thread.onSpinWait(); // the producers are still putting
                }
                super.close();
            }
        };
        Report report = Torture.drive(new QueueScenario(new Report("lossy-close-queue", 4, false), broken, 8, 4, true),
                SHORT);
        assertThat(report.failures()).anySatisfy(f -> assertThat(f).contains("not consumed exactly once"));
    }

    /** A queue whose put now and then inserts twice is caught by the count and checksum. */
    @Test
    void duplicatedItemIsReported() {
        ArrayBlockingQueue<Long> broken = new ArrayBlockingQueue<>(8) {
            private static final long serialVersionUID = 1L;
            private final AtomicLong puts = new AtomicLong();

            @Override
            public void put(Long item) throws InterruptedException {
                super.put(item);
                if (puts.incrementAndGet() % 1000 == 0) {
                    super.put(item);
                }
            }
        };
        Report report = Torture.drive(new QueueScenario(new Report("duplicating-queue", 4, false), broken, 8, 4, false), SHORT);
        assertThat(report.failures()).anySatisfy(f -> assertThat(f).contains("not consumed exactly once"));
    }

    /**
     * A lock whose tryLock() succeeds without locking one time in ten. Its unlock undoes only what
     * was really locked, and its conditions treat a thread that skipped as woken at once (a
     * spurious wakeup, which the contract allows), so the harness keeps running and only the
     * exclusion checks can fail.
     */
    private static final class LeakyLock implements Lock {
        private final ReentrantLock lock = new ReentrantLock();
        private final ThreadLocal<Integer> skipped = ThreadLocal.withInitial(() -> 0);
        private final AtomicInteger tries = new AtomicInteger();

        @Override public void lock() {
            lock.lock();
        }

        @Override public void lockInterruptibly() throws InterruptedException {
            lock.lockInterruptibly();
        }

        @Override public boolean tryLock() {
            if (tries.incrementAndGet() % 10 == 0 && !lock.isHeldByCurrentThread()) {
                skipped.set(skipped.get() + 1);
                return true;
            }
            return lock.tryLock();
        }

        @Override public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
            return lock.tryLock(time, unit);
        }

        @Override public void unlock() {
            if (skipped.get() > 0) {
                skipped.set(skipped.get() - 1);
            } else {
                lock.unlock();
            }
        }

        @Override public Condition newCondition() {
            Condition real = lock.newCondition();
            return new Condition() {
                @Override public void await() throws InterruptedException {
                    if (skipped.get() == 0) {
                        real.await();
                    }
                }

                @Override public void awaitUninterruptibly() {
                    if (skipped.get() == 0) {
                        real.awaitUninterruptibly();
                    }
                }

                @Override public long awaitNanos(long nanos) throws InterruptedException {
                    return skipped.get() == 0 ? real.awaitNanos(nanos) : 0L;
                }

                @Override public boolean await(long time, TimeUnit unit) throws InterruptedException {
                    return skipped.get() == 0 && real.await(time, unit);
                }

                @Override public boolean awaitUntil(java.util.Date deadline) throws InterruptedException {
                    return skipped.get() == 0 && real.awaitUntil(deadline);
                }

                @Override public void signal() {
                    if (skipped.get() == 0) {
                        real.signal();
                    }
                }

                @Override public void signalAll() {
                    if (skipped.get() == 0) {
                        real.signalAll();
                    }
                }
            };
        }
    }
}
