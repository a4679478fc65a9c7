package dev.bouncer.support;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * The lock API that the tests drive: {@link Lock} plus the introspection that
 * {@link java.util.concurrent.locks.ReentrantLock} and {@link dev.bouncer.Mutex} share, so that a
 * scenario is written once and run against both. {@link LockTwin} makes them.
 */
public interface LockLike extends Lock {
    boolean isLocked();

    boolean isHeldByCurrentThread();

    boolean hasQueuedThread(Thread thread);

    int getQueueLength();

    /** The number of unsignalled waiters of a condition of this lock; called holding the lock. */
    int getWaitQueueLength(Condition condition);

    /**
     * Whether {@code blocker} is what a thread parked in this lock or one of its conditions
     * reports. Ours parks with the lock itself as the blocker; the JDK twin overrides.
     */
    default boolean isBlocker(Object blocker) {
        return blocker == this;
    }
}
