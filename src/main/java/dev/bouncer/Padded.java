package dev.bouncer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Cache-line padding, all of the library's in one place: the hot words of a {@link BoundedBuffer},
 * which producers and consumers write at the same time, each side's kept off the other's cache
 * line.
 *
 * <p>Why. Unpadded, the buffer's two claim counters would share a cache line with each other and
 * with the buffer's final fields, and its two semaphores, allocated one after the other, would
 * share one too. Then every claim by a producer evicts the line a consumer is about to claim on,
 * and every change of one count the line of the other. JMH ({@code BufferTransfer}) measures what
 * padding buys; docs/performance.md, "Padding the buffer's hot words", has the figures.
 *
 * <p>How. A {@link Gate} is a semaphore with the claim counter of the threads it grants: the
 * producers' on {@code spaces}, the consumers' on {@code items}. A granted thread claims right
 * after its grant, so the counter sits beside the permit count, on the line the grant has just
 * written, and the gate adds its padding after both. HotSpot lays out a superclass's fields before
 * its subclass's, so the semaphore's fields come first and the padding last: two gates' hot words
 * are then more than a cache line apart however the two objects are placed. {@code PaddingLayout}
 * in benchmarks/ checks the layouts with JOL (docs/buffer.md, "Layout"). Padding is a
 * performance measure only; nothing depends on it for correctness.
 */
final class Padded {
    private Padded() {
    }

    /**
     * A {@link Semaphore} with a claim counter beside its permit count, followed by padding (at
     * least 64 bytes of the object after the two), so that the hot words of {@link BoundedBuffer}'s
     * {@code spaces} and {@code items} never share a cache line, however the objects are placed. Behaves exactly as the semaphore it extends,
     * except that its waiting threads name the buffer, not the gate, as their park blocker (thread
     * dumps, {@code LockSupport.getBlocker}).
     */
    static final class Gate extends Semaphore {
        private static final long serialVersionUID = 1L;

        /** The next index to claim; changed only by {@link #claim} (BB-I1), read volatile. */
        volatile long claims;
        /*
         * Eight longs: with the engine's fields before them (head, tail, the wait listener),
         * the hot words end at offset 48, so seven would leave 56 bytes after them and the next
         * object's header could share their line. PaddingLayout checks the 64.
         */
        long after1, after2, after3, after4, after5, after6, after7, after8;
        /** The buffer this gate belongs to; set once, read by waiting threads. */
        private final transient BoundedBuffer<?> buffer;

        static {
            new Gate(0, false, null).claim(); // QS-I12: runs claim's call site once, on a gate of its own
        }

        Gate(int permits, boolean fair, BoundedBuffer<?> buffer) {
            super(permits, fair);
            this.buffer = buffer;
        }

        /** Atomically adds one claim and returns the count before: each index is returned once. */
        long claim() {
            return (long) CLAIMS.getAndAdd(this, 1L);
        }

        /** Volatile read of the claim count: the next index to claim. */
        long claimed() {
            return claims;
        }

        @Override
        Object parkBlocker() {
            return buffer;
        }

        /** Reports its acquisitions as the buffer's puts or takes, the side this gate admits. */
        @Override
        WaitListener.Operation waitOperation() {
            return buffer.operationOf(this);
        }
    }

    private static final VarHandle CLAIMS;

    static {
        try {
            CLAIMS = MethodHandles.lookup().findVarHandle(Gate.class, "claims", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
