package dev.bouncer;

import java.util.Collection;
import java.util.OptionalInt;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/** The two semaphores every contract test runs against. */
enum Implementation {
    JDK {
        @Override
        SemaphoreLike create(int permits, boolean fair) {
            return new Jdk(permits, fair);
        }
    },
    BOUNCER {
        @Override
        SemaphoreLike create(int permits, boolean fair) {
            return new Bouncer(permits, fair);
        }
    };

    abstract SemaphoreLike create(int permits, boolean fair);

    /** The JDK class, with its protected methods made public. */
    static final class Jdk extends java.util.concurrent.Semaphore implements SemaphoreLike {
        private static final long serialVersionUID = 1L;

        Jdk(int permits, boolean fair) {
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

        /** The JDK parks on its internal Sync object, which no caller can name; this is as close as it gets. */
        @Override
        public boolean isBlocker(Object blocker) {
            return blocker instanceof AbstractQueuedSynchronizer
                    && blocker.getClass().getEnclosingClass() == java.util.concurrent.Semaphore.class;
        }

        @Override
        public OptionalInt linkedNodeCount() {
            return OptionalInt.empty();
        }
    }

    /** Ours, with its protected methods made public and its wait-queue node count exposed. */
    static final class Bouncer extends dev.bouncer.Semaphore implements SemaphoreLike {
        private static final long serialVersionUID = 1L;

        Bouncer(int permits, boolean fair) {
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
    }
}
