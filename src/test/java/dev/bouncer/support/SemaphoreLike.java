package dev.bouncer.support;

import dev.bouncer.Internals;
import java.util.Collection;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * The semaphore API that the tests drive, so that every scenario is written once and run against
 * {@link java.util.concurrent.Semaphore} (which proves the test right) and against
 * {@link dev.bouncer.Semaphore} and its subclasses (which the test is for). {@link SemaphoreTwin}
 * makes them, as subclasses that inherit every method here: that they compile is a first check of
 * the twin API. All are {@code Serializable} through their superclass, and {@code toString()} is
 * theirs.
 */
public interface SemaphoreLike {
    void acquire() throws InterruptedException;

    void acquire(int permits) throws InterruptedException;

    void acquireUninterruptibly();

    void acquireUninterruptibly(int permits);

    boolean tryAcquire();

    boolean tryAcquire(int permits);

    boolean tryAcquire(long timeout, TimeUnit unit) throws InterruptedException;

    boolean tryAcquire(int permits, long timeout, TimeUnit unit) throws InterruptedException;

    void release();

    void release(int permits);

    int availablePermits();

    int drainPermits();

    /** The protected {@code reducePermits}, reached through a subclass. */
    void reducePermits(int reduction);

    boolean isFair();

    boolean hasQueuedThreads();

    int getQueueLength();

    /** The protected {@code getQueuedThreads}, reached through a subclass. */
    Collection<Thread> getQueuedThreads();

    /**
     * The most permits the semaphore may hold. For an unbounded semaphore this is
     * {@code Integer.MAX_VALUE}; the torture then uses the initial count as the bound.
     */
    default int maxPermits() {
        return Integer.MAX_VALUE;
    }

    /**
     * Whether {@code blocker} is what a thread parked in this semaphore's acquire reports. Ours
     * documents that it parks with the semaphore itself as the blocker; the JDK twin overrides.
     */
    default boolean isBlocker(Object blocker) {
        return blocker == this;
    }

    /**
     * Wait-queue nodes still linked, cancelled ones included, where the implementation exposes
     * them (ours does, through a package-private hook); empty for the JDK class.
     */
    default OptionalInt linkedNodeCount() {
        return this instanceof dev.bouncer.Semaphore ours
                ? OptionalInt.of(Internals.linkedWaiterCount(ours)) : OptionalInt.empty();
    }
}
