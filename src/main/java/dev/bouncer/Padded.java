package dev.bouncer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Cache-line padding, all of the library's in one place: the hot words of a {@link BoundedBuffer},
 * which producers and consumers write at the same time, each kept off the others' cache lines.
 *
 * <p>Why. Unpadded, the buffer's two claim counters shared a cache line with each other and with
 * the buffer's final fields, and its two semaphores, allocated one after the other, shared one
 * too. So every claim by a producer evicted the line a consumer was about to claim on, and every
 * change of one count the line of the other. Measured with JMH ({@code BufferTransfer}, the 2-core
 * box, JDK 17, {@code ArrayBlockingQueue} in the same run): padded, the buffer moves 1.7 times as
 * many elements at 2P2C with capacity 1024, and 1.4 times as many at 8P8C; at capacity 16 it is
 * unchanged within error (docs/performance.md, "Padding the buffer's hot words").
 *
 * <p>How. HotSpot lays out a superclass's fields before its subclass's, but may reorder the fields
 * within one class. So a {@link Counter}'s hot word is the only field of the middle level of a
 * three-level hierarchy, with a level of padding above it and one below: at least 56 bytes of the
 * object itself on each side, whatever the allocator puts next to it. A semaphore's own fields
 * cannot be moved, so {@link Gate} adds its padding after them: two gates' permit counts are then
 * more than a cache line apart however they are placed. The layouts were checked with JOL on
 * JDK 17 and 25, and {@code PaddingLayout} in benchmarks/ checks them on every CI run
 * (docs/buffer.md, "Layout"). Padding is a performance measure only; nothing depends on it for
 * correctness.
 */
final class Padded {
    private Padded() {
    }

    /** The padding before a {@link Counter}'s value: 56 bytes after the object header. */
    abstract static class CounterPaddingBefore {
        long before1, before2, before3, before4, before5, before6, before7;
    }

    /** The counter's one hot word, laid out after the padding above it. */
    abstract static class CounterValue extends CounterPaddingBefore {
        /** Changed only by getAndIncrement; read with volatile reads. */
        volatile long value;
    }

    /**
     * A {@code long} counter on a cache line of its own: {@link BoundedBuffer}'s {@code putIndex}
     * and {@code takeIndex}. Producers only claim on one, consumers only on the other.
     */
    static final class Counter extends CounterValue {
        long after1, after2, after3, after4, after5, after6, after7;

        /** Volatile read of the value. */
        long get() {
            return value;
        }

        /** Atomically adds one and returns the value before: each value is returned once (BB-I1). */
        long getAndIncrement() {
            return (long) VALUE.getAndAdd(this, 1L);
        }
    }

    /**
     * A {@link Semaphore} followed by 64 bytes of padding, so that the permit counts of
     * {@link BoundedBuffer}'s {@code spaces} and {@code items} never share a cache line, however
     * the two objects are placed. Behaves exactly as the semaphore it extends, except that its
     * waiting threads name the buffer, not the gate, as their park blocker (thread dumps,
     * {@code LockSupport.getBlocker}).
     */
    static final class Gate extends Semaphore {
        private static final long serialVersionUID = 1L;

        long after1, after2, after3, after4, after5, after6, after7, after8;
        /** The buffer this gate belongs to; set once, read by waiting threads. */
        private final transient BoundedBuffer<?> buffer;

        Gate(int permits, boolean fair, BoundedBuffer<?> buffer) {
            super(permits, fair);
            this.buffer = buffer;
        }

        @Override
        Object parkBlocker() {
            return buffer;
        }
    }

    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(CounterValue.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
