package dev.bouncer.support;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * The bounded blocking queue family's twins: {@link dev.bouncer.BoundedBuffer} and the JDK queue it
 * stands in for. Both are reached through {@link BlockingQueue}, which they implement.
 */
public enum QueueTwin {
    JDK {
        @Override
        public <E> BlockingQueue<E> create(int capacity, boolean fair) {
            return new ArrayBlockingQueue<>(capacity, fair);
        }

        /** The JDK queue parks on its lock's AbstractQueuedSynchronizer or one of its conditions. */
        @Override
        public boolean isBlocker(BlockingQueue<?> queue, Object blocker) {
            return blocker instanceof AbstractQueuedSynchronizer
                    || blocker instanceof AbstractQueuedSynchronizer.ConditionObject;
        }
    },
    /**
     * Ours. Its threads wait in its private spaces or items semaphore, which names the buffer as the
     * park blocker: the blocker must be the queue itself.
     */
    BOUNCER {
        @Override
        public <E> BlockingQueue<E> create(int capacity, boolean fair) {
            return new dev.bouncer.BoundedBuffer<>(capacity, fair);
        }

        @Override
        public boolean isBlocker(BlockingQueue<?> queue, Object blocker) {
            return blocker == queue;
        }
    };

    /** A fresh, empty queue with the given capacity and fairness. */
    public abstract <E> BlockingQueue<E> create(int capacity, boolean fair);

    /** Whether {@code blocker} is what a thread parked in {@code queue}, made by this twin, reports. */
    public abstract boolean isBlocker(BlockingQueue<?> queue, Object blocker);
}
