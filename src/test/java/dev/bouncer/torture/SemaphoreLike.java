package dev.bouncer.torture;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The semaphore shape the torture harness drives: the methods {@link java.util.concurrent.Semaphore}
 * and {@link dev.bouncer.Semaphore} share, plus the bound a bounded semaphore enforces. There is no
 * common interface in the JDK, so each implementation gets a small adapter here.
 */
public interface SemaphoreLike {

    void acquire(int permits) throws InterruptedException;

    void acquireUninterruptibly(int permits);

    boolean tryAcquire(int permits);

    boolean tryAcquire(int permits, long timeout, TimeUnit unit) throws InterruptedException;

    void release(int permits);

    int availablePermits();

    int getQueueLength();

    boolean hasQueuedThreads();

    /** The object behind the adapter: what a bouncer primitive parks its waiters on. */
    Object target();

    /**
     * The most permits the semaphore may hold. For an unbounded semaphore this is
     * {@code Integer.MAX_VALUE}; the torture then uses the initial count as the bound.
     */
    default int maxPermits() {
        return Integer.MAX_VALUE;
    }

    /** {@code reducePermits}, where the adapter can reach the protected method. */
    default void reducePermits(int reduction) {
        throw new UnsupportedOperationException("reducePermits is not reachable through " + target());
    }

    /** Adapts a bouncer semaphore; a subclass such as {@code BoundedSemaphore} passes its bound. */
    static SemaphoreLike of(dev.bouncer.Semaphore semaphore, int maxPermits) {
        return new BouncerAdapter(semaphore, maxPermits);
    }

    /** Adapts a bouncer semaphore with no bound. */
    static SemaphoreLike of(dev.bouncer.Semaphore semaphore) {
        return of(semaphore, Integer.MAX_VALUE);
    }

    /** A bouncer semaphore whose protected {@code reducePermits} the adapter can call. */
    static SemaphoreLike bouncer(int permits, boolean fair) {
        ReducibleBouncerSemaphore semaphore = new ReducibleBouncerSemaphore(permits, fair);
        return new BouncerAdapter(semaphore, Integer.MAX_VALUE) {
            @Override
            public void reducePermits(int reduction) {
                semaphore.reduce(reduction);
            }
        };
    }

    /** A JDK semaphore (the reference implementation), with {@code reducePermits} reachable. */
    static SemaphoreLike jdk(int permits, boolean fair) {
        return new JdkAdapter(new ReducibleJdkSemaphore(permits, fair));
    }

    /**
     * A JDK stand-in for {@code BoundedSemaphore}: a JDK semaphore plus a count of the room left
     * under the bound. A release first takes room by CAS (throwing {@link IllegalStateException}
     * with nothing changed when there is too little), an acquire gives room back after it
     * succeeded. Between those two steps the room is under-counted, so a release of permits that
     * were not yet recorded as acquired may be refused; the torture only releases what it holds,
     * which is always recorded.
     */
    static SemaphoreLike jdkBounded(int permits, boolean fair) {
        return new JdkBoundedStandIn(new java.util.concurrent.Semaphore(permits, fair), permits);
    }

    /** Adapter for {@link dev.bouncer.Semaphore} and its subclasses. */
    class BouncerAdapter implements SemaphoreLike {
        private final dev.bouncer.Semaphore semaphore;
        private final int maxPermits;

        BouncerAdapter(dev.bouncer.Semaphore semaphore, int maxPermits) {
            this.semaphore = semaphore;
            this.maxPermits = maxPermits;
        }

        @Override public void acquire(int permits) throws InterruptedException {
            semaphore.acquire(permits);
        }

        @Override public void acquireUninterruptibly(int permits) {
            semaphore.acquireUninterruptibly(permits);
        }

        @Override public boolean tryAcquire(int permits) {
            return semaphore.tryAcquire(permits);
        }

        @Override public boolean tryAcquire(int permits, long timeout, TimeUnit unit)
                throws InterruptedException {
            return semaphore.tryAcquire(permits, timeout, unit);
        }

        @Override public void release(int permits) {
            semaphore.release(permits);
        }

        @Override public int availablePermits() {
            return semaphore.availablePermits();
        }

        @Override public int getQueueLength() {
            return semaphore.getQueueLength();
        }

        @Override public boolean hasQueuedThreads() {
            return semaphore.hasQueuedThreads();
        }

        @Override public Object target() {
            return semaphore;
        }

        @Override public int maxPermits() {
            return maxPermits;
        }

        @Override public String toString() {
            return semaphore.toString();
        }
    }

    /** Adapter for {@link java.util.concurrent.Semaphore}. */
    class JdkAdapter implements SemaphoreLike {
        final java.util.concurrent.Semaphore semaphore;

        JdkAdapter(java.util.concurrent.Semaphore semaphore) {
            this.semaphore = semaphore;
        }

        @Override public void acquire(int permits) throws InterruptedException {
            semaphore.acquire(permits);
        }

        @Override public void acquireUninterruptibly(int permits) {
            semaphore.acquireUninterruptibly(permits);
        }

        @Override public boolean tryAcquire(int permits) {
            return semaphore.tryAcquire(permits);
        }

        @Override public boolean tryAcquire(int permits, long timeout, TimeUnit unit)
                throws InterruptedException {
            return semaphore.tryAcquire(permits, timeout, unit);
        }

        @Override public void release(int permits) {
            semaphore.release(permits);
        }

        @Override public int availablePermits() {
            return semaphore.availablePermits();
        }

        @Override public int getQueueLength() {
            return semaphore.getQueueLength();
        }

        @Override public boolean hasQueuedThreads() {
            return semaphore.hasQueuedThreads();
        }

        @Override public Object target() {
            return semaphore;
        }

        @Override public void reducePermits(int reduction) {
            if (semaphore instanceof ReducibleJdkSemaphore) {
                ((ReducibleJdkSemaphore) semaphore).reduce(reduction);
            } else {
                SemaphoreLike.super.reducePermits(reduction);
            }
        }

        @Override public String toString() {
            return semaphore.toString();
        }
    }

    /** See {@link #jdkBounded}. */
    final class JdkBoundedStandIn extends JdkAdapter {
        private final int maxPermits;
        /** How many permits may still be released: max minus available, under-counted briefly. */
        private final AtomicInteger room;

        JdkBoundedStandIn(java.util.concurrent.Semaphore semaphore, int maxPermits) {
            super(semaphore);
            this.maxPermits = maxPermits;
            this.room = new AtomicInteger(maxPermits - semaphore.availablePermits());
        }

        @Override public void acquire(int permits) throws InterruptedException {
            super.acquire(permits);
            room.addAndGet(permits);
        }

        @Override public void acquireUninterruptibly(int permits) {
            super.acquireUninterruptibly(permits);
            room.addAndGet(permits);
        }

        @Override public boolean tryAcquire(int permits) {
            boolean acquired = super.tryAcquire(permits);
            if (acquired) {
                room.addAndGet(permits);
            }
            return acquired;
        }

        @Override public boolean tryAcquire(int permits, long timeout, TimeUnit unit)
                throws InterruptedException {
            boolean acquired = super.tryAcquire(permits, timeout, unit);
            if (acquired) {
                room.addAndGet(permits);
            }
            return acquired;
        }

        @Override public void release(int permits) {
            if (permits < 0) {
                throw new IllegalArgumentException();
            }
            for (;;) {
                int current = room.get();
                if (current < permits) {
                    throw new IllegalStateException("release past the bound of " + maxPermits);
                }
                if (room.compareAndSet(current, current - permits)) {
                    break;
                }
            }
            super.release(permits);
        }

        @Override public int maxPermits() {
            return maxPermits;
        }
    }

    /** Exposes the protected {@code reducePermits} of the bouncer semaphore. */
    final class ReducibleBouncerSemaphore extends dev.bouncer.Semaphore {
        private static final long serialVersionUID = 1L;

        ReducibleBouncerSemaphore(int permits, boolean fair) {
            super(permits, fair);
        }

        void reduce(int reduction) {
            reducePermits(reduction);
        }
    }

    /** Exposes the protected {@code reducePermits} of the JDK semaphore. */
    final class ReducibleJdkSemaphore extends java.util.concurrent.Semaphore {
        private static final long serialVersionUID = 1L;

        ReducibleJdkSemaphore(int permits, boolean fair) {
            super(permits, fair);
        }

        void reduce(int reduction) {
            reducePermits(reduction);
        }
    }
}
