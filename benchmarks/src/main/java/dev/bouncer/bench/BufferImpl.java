package dev.bouncer.bench;

import com.conversantmedia.util.concurrent.DisruptorBlockingQueue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The bounded blocking queues a buffer benchmark compares, as the values of one enum
 * {@code @Param}: bouncer's {@link dev.bouncer.BoundedBuffer}, the two JDK queues it replaces, and
 * Conversant's {@code DisruptorBlockingQueue} as a third anchor. All are created with their
 * default constructor (nonfair where there is a choice) and reached through {@link BlockingQueue};
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
    },
    /**
     * Conversant's {@code DisruptorBlockingQueue} (com.conversantmedia:disruptor): a ring with
     * sequence counters after LMAX's Disruptor, with its default wait policy
     * ({@code SpinPolicy.WAITING}). It rounds the capacity up to a power of two, which 16 and 1024
     * already are.
     */
    CONVERSANT_DISRUPTOR {
        @Override
        public <E> BlockingQueue<E> create(int capacity) {
            return new DisruptorBlockingQueue<>(capacity);
        }
    };

    /** Creates a fresh, empty, nonfair queue with the given capacity. */
    public abstract <E> BlockingQueue<E> create(int capacity);
}
