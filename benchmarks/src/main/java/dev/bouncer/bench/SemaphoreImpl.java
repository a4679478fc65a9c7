package dev.bouncer.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The semaphores a benchmark compares, as the values of one enum {@code @Param}, so that every run
 * measures bouncer and the JDK side by side under the same harness.
 *
 * <p>Every value is reached through the same small {@link Permits} interface. JMH forks a fresh JVM
 * per parameter combination, so each call site sees exactly one receiver class and the JIT inlines
 * it behind one type check; that cost is the same for every value, the floor included.
 */
public enum SemaphoreImpl {
    /** {@link dev.bouncer.Semaphore}. */
    BOUNCER {
        @Override
        public Permits create(int permits, boolean fair) {
            return new BouncerPermits(new dev.bouncer.Semaphore(permits, fair));
        }
    },
    /** {@link java.util.concurrent.Semaphore}, the baseline. */
    JDK {
        @Override
        public Permits create(int permits, boolean fair) {
            return new JdkPermits(new java.util.concurrent.Semaphore(permits, fair));
        }
    },
    /**
     * Not a semaphore: the floor of two atomic operations, a CAS that takes a permit and a
     * {@code getAndAdd} that gives it back, with no wait queue at all. It ignores {@code fair}, and
     * its {@code acquire} spins, so it is only meaningful uncontended.
     */
    TWO_ATOMICS_FLOOR {
        @Override
        public Permits create(int permits, boolean fair) {
            return new TwoAtomicsFloor(permits);
        }
    };

    /** Creates a fresh instance with the given permits and fairness. */
    public abstract Permits create(int permits, boolean fair);

    /** The operations the benchmarks use, common to every value. */
    public interface Permits {
        void acquire() throws InterruptedException;

        boolean tryAcquire();

        void release();

        boolean hasQueuedThreads();
    }

    private static final class BouncerPermits implements Permits {
        private final dev.bouncer.Semaphore semaphore;

        BouncerPermits(dev.bouncer.Semaphore semaphore) {
            this.semaphore = semaphore;
        }

        @Override
        public void acquire() throws InterruptedException {
            semaphore.acquire();
        }

        @Override
        public boolean tryAcquire() {
            return semaphore.tryAcquire();
        }

        @Override
        public void release() {
            semaphore.release();
        }

        @Override
        public boolean hasQueuedThreads() {
            return semaphore.hasQueuedThreads();
        }
    }

    private static final class JdkPermits implements Permits {
        private final java.util.concurrent.Semaphore semaphore;

        JdkPermits(java.util.concurrent.Semaphore semaphore) {
            this.semaphore = semaphore;
        }

        @Override
        public void acquire() throws InterruptedException {
            semaphore.acquire();
        }

        @Override
        public boolean tryAcquire() {
            return semaphore.tryAcquire();
        }

        @Override
        public void release() {
            semaphore.release();
        }

        @Override
        public boolean hasQueuedThreads() {
            return semaphore.hasQueuedThreads();
        }
    }

    /** One volatile int: a CAS down to take, a getAndAdd up to give back. Nothing else. */
    private static final class TwoAtomicsFloor implements Permits {
        private volatile int permits; // every change is atomic: CAS or getAndAdd

        TwoAtomicsFloor(int permits) {
            this.permits = permits;
        }

        @Override
        public void acquire() {
            while (!tryAcquire()) {
                Thread.onSpinWait();
            }
        }

        @Override
        public boolean tryAcquire() {
            for (;;) {
                int current = permits;
                if (current < 1) {
                    return false;
                }
                if (PERMITS.compareAndSet(this, current, current - 1)) {
                    return true;
                }
            }
        }

        @Override
        public void release() {
            PERMITS.getAndAdd(this, 1);
        }

        @Override
        public boolean hasQueuedThreads() {
            return false;
        }

        private static final VarHandle PERMITS;

        static {
            try {
                PERMITS = MethodHandles.lookup()
                        .findVarHandle(TwoAtomicsFloor.class, "permits", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }
}
