package dev.bouncer.zookeeper;

/**
 * Thrown when ZooKeeper cannot grant, check or give back permits: the connection was lost and the
 * client's retry policy gave up, the session expired during an acquire, or the server refused an
 * operation. The cause is Curator's or ZooKeeper's exception (often a
 * {@code org.apache.zookeeper.KeeperException}). An acquire that throws it holds nothing afterwards.
 *
 * <p>Interrupts are not reported this way: a method that waits interruptibly throws
 * {@link InterruptedException} itself.
 */
public class PermitSourceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with the given message and cause.
     *
     * @param message what failed, and on which path
     * @param cause the exception from Curator or ZooKeeper; may be {@code null}
     */
    public PermitSourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
