package dev.bouncer.bench;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The bounded blocking queues a buffer benchmark compares, as the values of one enum
 * {@code @Param}: bouncer's {@link dev.bouncer.BoundedBuffer} and the two JDK queues it replaces.
 * All are nonfair (the default of each constructor) and reached through {@link BlockingQueue};
 * JMH forks a fresh JVM per value, so each call site sees one receiver class.
 */
public enum BufferImpl {
    /** {@link dev.bouncer.BoundedBuffer}. */
    BOUNCER {
        @Override
        public <E> BlockingQueue<E> create(int capacity) {
            return new dev.bouncer.BoundedBuffer<>(capacity);
        }
    },
    /** {@link ArrayBlockingQueue}: one lock and two conditions around a ring. */
    JDK_ARRAY_BLOCKING_QUEUE {
        @Override
        public <E> BlockingQueue<E> create(int capacity) {
            return new ArrayBlockingQueue<>(capacity);
        }
    },
    /** {@link LinkedBlockingQueue}: a put lock and a take lock around a linked list. */
    JDK_LINKED_BLOCKING_QUEUE {
        @Override
        public <E> BlockingQueue<E> create(int capacity) {
            return new LinkedBlockingQueue<>(capacity);
        }
    };

    /** Creates a fresh, empty, nonfair queue with the given capacity. */
    public abstract <E> BlockingQueue<E> create(int capacity);
}
