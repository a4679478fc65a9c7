package dev.bouncer;

/**
 * Hears a primitive's acquisitions and waits, for metrics: how many acquisitions, how many had to
 * wait, for how long, and how each wait ended. Set one with {@link Semaphore#setWaitListener},
 * {@link Mutex#setWaitListener} or {@link BoundedBuffer#setWaitListener}; the
 * {@code bouncer-micrometer} artifact implements it for Micrometer. Every method does nothing by
 * default, so an implementation overrides only what it counts.
 *
 * <p><b>What is reported.</b> Every successful acquisition is reported exactly once: by
 * {@link #acquired} when it did not wait, or by {@link #waitEnded} with
 * {@link Outcome#ACQUIRED} when it did. A wait is reported by {@link #waitStarted} when the thread
 * joins the queue and by {@link #waitEnded} when it leaves it, on the waiting thread both times.
 * The acquisitions are those of {@code acquire}, {@code tryAcquire}, {@code lock},
 * {@code tryLock}, and of a buffer's {@code put}, {@code offer}, {@code take}, {@code poll} and
 * {@code drainTo}. Not reported: a try that fails without waiting, {@code drainPermits} and a
 * buffer's {@code clear} (they take whatever is there, without a request), releases, and a
 * {@code Condition.await} (it waits for a signal, and its reacquisition of the mutex is part of
 * that wait).
 *
 * <p><b>The primitive.</b> Each method receives the public primitive the thread called: the
 * semaphore, the mutex, or the buffer, never one of the two semaphores inside a buffer. Its
 * {@link Operation} says which side of a buffer it was.
 *
 * <p><b>Calls happen after the fact, and what they throw is dropped.</b> {@code acquired} and
 * {@code waitEnded} are called after the outcome is final, for an acquisition after the permits,
 * the lock or the buffer slot are taken. Anything a method throws, a {@code StackOverflowError}
 * included, is caught and dropped, and the operation completes as if no listener were set: a
 * listener can lose a report, never a permit, a wakeup or an element. A listener runs on the
 * acquiring thread, inside the operation; it should be quick and must not block, and it must not
 * acquire the primitive it listens to.
 *
 * <p><b>Cost.</b> With no listener set, a wait costs one more field read, and an acquisition that
 * does not wait one field read and a branch after its successful compare-and-set, on the cache
 * line that compare-and-set has just written; a try that fails costs nothing more. With a listener
 * set, each reported event is one call, and each wait two reads of {@link System#nanoTime}. The
 * field itself is 4 bytes with compressed references, 8 where object alignment rounds it up (a
 * semaphore).
 *
 * <p><b>Memory consistency effects.</b> Setting a listener happens-before each call to it made by
 * an operation that began after the setter returned. An operation already in progress may still
 * report to the listener it read when it began, or, for an acquisition that did not wait, to none.
 */
public interface WaitListener {
    /** Which operation of a primitive acquired or waited. */
    enum Operation {
        /** A semaphore's {@code acquire} or {@code tryAcquire}, or a mutex's {@code lock} or {@code tryLock}. */
        ACQUIRE,
        /** A buffer's insertion ({@code put}, {@code offer}), acquiring a free space. */
        PUT,
        /** A buffer's removal ({@code take}, {@code poll}, {@code drainTo}), acquiring an element. */
        TAKE
    }

    /** How a wait ended. */
    enum Outcome {
        /** The thread was granted what it waited for. */
        ACQUIRED,
        /** The waiting time ran out; nothing was granted. */
        TIMED_OUT,
        /** The thread was interrupted; nothing was granted. */
        INTERRUPTED,
        /** The primitive was closed while the thread waited ({@link Semaphore#close()}); nothing was granted. */
        CLOSED
    }

    /**
     * An acquisition that did not wait: its first try succeeded.
     *
     * @param primitive the semaphore, mutex or buffer the thread called
     * @param operation which operation acquired
     * @param permits what it acquired: permits, or 1 for a lock or a buffer slot
     */
    default void acquired(Object primitive, Operation operation, int permits) {
    }

    /**
     * A thread's first try failed, and it is about to join the primitive's wait queue.
     *
     * @param primitive the semaphore, mutex or buffer the thread called
     * @param operation which operation waits
     * @param permits what it waits for: permits, or 1 for a lock or a buffer slot
     */
    default void waitStarted(Object primitive, Operation operation, int permits) {
    }

    /**
     * A wait that {@link #waitStarted} reported has ended; its outcome is final.
     *
     * @param primitive the semaphore, mutex or buffer the thread called
     * @param operation which operation waited
     * @param permits what it waited for: permits, or 1 for a lock or a buffer slot
     * @param outcome how the wait ended
     * @param waitedNanos how long the thread was in the queue, in nanoseconds
     */
    default void waitEnded(Object primitive, Operation operation, int permits, Outcome outcome,
            long waitedNanos) {
    }
}
