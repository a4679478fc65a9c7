package dev.bouncer;

/**
 * Thrown by a {@link BoundedBuffer} that has been {@linkplain BoundedBuffer#close() closed}: to a
 * thread that tries to put an element into it, and to a thread that {@linkplain BoundedBuffer#take()
 * takes} from it once every element put before the close has been taken. A thread that gets the
 * exception has changed nothing: a producer still has its element, a consumer has removed none.
 *
 * <p>It is unchecked, like {@link SemaphoreClosedException}: a closed buffer means that its
 * producers have finished, which a consumer handles by stopping, not where it waits.
 *
 * @see BoundedBuffer#close()
 */
public class BufferClosedException extends IllegalStateException {
    private static final long serialVersionUID = 4_871_236_095_118_442_517L;

    /**
     * Creates an exception with the given detail message.
     *
     * @param message the detail message
     */
    public BufferClosedException(String message) {
        super(message);
    }
}
