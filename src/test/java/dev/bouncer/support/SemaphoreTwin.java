package dev.bouncer.support;

import java.util.Collection;
import java.util.OptionalInt;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * The semaphore family's twins: {@link dev.bouncer.Semaphore} and the JDK class it stands in for,
 * each made as a subclass that implements {@link SemaphoreLike}. The bounded members of the family,
 * which have no JDK twin, are made by {@link #bounded} and {@link #binary}; the torture's JDK
 * stand-in for them is {@link JdkBoundedSemaphore}.
 */
public enum SemaphoreTwin {
    JDK {
        @Override
        public SemaphoreLike create(int permits, boolean fair) {
            return new Jdk(permits, fair);
        }
    },
    BOUNCER {
        @Override
        public SemaphoreLike create(int permits, boolean fair) {
            return new Bouncer(permits, fair);
        }
    };

    public abstract SemaphoreLike create(int permits, boolean fair);

    /** A {@link dev.bouncer.BoundedSemaphore}, with its protected methods made public. */
    public static SemaphoreLike bounded(int initialPermits, int maxPermits, boolean fair) {
        return new Bounded(initialPermits, maxPermits, fair);
    }

    /** A {@link dev.bouncer.BoundedSemaphore} with a leak detector, with its protected methods made public. */
    public static SemaphoreLike bounded(int initialPermits, int maxPermits, boolean fair,
            dev.bouncer.LeakDetection leakDetection) {
        return new Bounded(initialPermits, maxPermits, fair, leakDetection);
    }

    /** A {@link dev.bouncer.BinarySemaphore}, with its protected methods made public. */
    public static SemaphoreLike binary(boolean available, boolean fair) {
        return new Binary(available, fair);
    }

    /**
     * The JDK class, with its protected methods made public. It is open, so that a harness test can
     * break one method of a known-good semaphore on purpose.
     */
    public static class Jdk extends java.util.concurrent.Semaphore implements SemaphoreLike {
        private static final long serialVersionUID = 1L;

        public Jdk(int permits, boolean fair) {
            super(permits, fair);
        }

        @Override
        public void reducePermits(int reduction) {
            super.reducePermits(reduction);
        }

        @Override
        public Collection<Thread> getQueuedThreads() {
            return super.getQueuedThreads();
        }

        @Override
        public boolean isBlocker(Object blocker) {
            return isJdkSemaphoreBlocker(blocker);
        }

        @Override
        public OptionalInt linkedNodeCount() {
            return OptionalInt.empty();
        }
    }

    /** Ours, with its protected methods made public and its wait-queue node count exposed. */
    public static final class Bouncer extends dev.bouncer.Semaphore implements SemaphoreLike {
        private static final long serialVersionUID = 1L;

        public Bouncer(int permits, boolean fair) {
            super(permits, fair);
        }

        public Bouncer(int permits, boolean fair, dev.bouncer.LeakDetection leakDetection) {
            super(permits, fair, leakDetection);
        }

        @Override
        public void reducePermits(int reduction) {
            super.reducePermits(reduction);
        }

        @Override
        public Collection<Thread> getQueuedThreads() {
            return super.getQueuedThreads();
        }
    }

    /** A BoundedSemaphore with its protected methods made public and its bound known. */
    static final class Bounded extends dev.bouncer.BoundedSemaphore implements SemaphoreLike {
        private static final long serialVersionUID = 1L;
        private final int maxPermits;

        Bounded(int initialPermits, int maxPermits, boolean fair) {
            super(initialPermits, maxPermits, fair);
            this.maxPermits = maxPermits;
        }

        Bounded(int initialPermits, int maxPermits, boolean fair, dev.bouncer.LeakDetection leakDetection) {
            super(initialPermits, maxPermits, fair, leakDetection);
            this.maxPermits = maxPermits;
        }

        @Override
        public void reducePermits(int reduction) {
            super.reducePermits(reduction);
        }

        @Override
        public Collection<Thread> getQueuedThreads() {
            return super.getQueuedThreads();
        }

        @Override
        public int maxPermits() {
            return maxPermits;
        }
    }

    /** A BinarySemaphore with its protected methods made public: reducePermits takes it below 0. */
    static final class Binary extends dev.bouncer.BinarySemaphore implements SemaphoreLike {
        private static final long serialVersionUID = 1L;

        Binary(boolean available, boolean fair) {
            super(available, fair);
        }

        @Override
        public void reducePermits(int reduction) {
            super.reducePermits(reduction);
        }

        @Override
        public Collection<Thread> getQueuedThreads() {
            return super.getQueuedThreads();
        }

        @Override
        public int maxPermits() {
            return 1;
        }
    }

    /**
     * The JDK semaphore parks on its internal Sync object, which no caller can name; this is as
     * close as it gets.
     */
    static boolean isJdkSemaphoreBlocker(Object blocker) {
        return blocker instanceof AbstractQueuedSynchronizer
                && blocker.getClass().getEnclosingClass() == java.util.concurrent.Semaphore.class;
    }
}
