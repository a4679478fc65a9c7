package dev.bouncer;

/**
 * Thrown to a thread that tries to acquire permits from a {@link Semaphore} that has been
 * {@linkplain Semaphore#close() closed}, or that was waiting for permits when it was closed. The
 * thread holds no permits from that attempt.
 *
 * <p>It is unchecked, like {@link java.util.concurrent.RejectedExecutionException} for an executor
 * that has been shut down: a closed semaphore means that the resource it guards is gone, which most
 * callers cannot handle where they acquire.
 *
 * @see Semaphore#close()
 */
public class SemaphoreClosedException extends IllegalStateException {
    private static final long serialVersionUID = 2_318_940_517_664_203_781L;

    /** Creates an exception with the message {@code "Semaphore is closed"}. */
    public SemaphoreClosedException() {
        super("Semaphore is closed");
    }
}
