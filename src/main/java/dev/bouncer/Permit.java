package dev.bouncer;

/**
 * A handle on permits taken from a {@link PermitSource}, made for try-with-resources. Closing it
 * gives back exactly the permits it holds, exactly once:
 *
 * <pre>{@code
 * try (Permit permit = connections.acquirePermit()) {
 *     useTheConnection();
 * } // the permit is back here, also when useTheConnection() throws
 * }</pre>
 *
 * <p>A handle exists only for permits that were granted: a method that fails to acquire returns no
 * handle at all (it throws, or returns an empty {@link java.util.Optional}), so there is nothing to
 * close by mistake. The first {@link #close()} releases; every later one, from any thread, does
 * nothing. A handle is not tied to the thread that acquired it: any thread may close it.
 *
 * <p>{@link #isValid()} says whether the handle still holds its permits. Closing it makes it
 * invalid. A source whose permits can be taken away, such as a lease that expires, also makes it
 * invalid when that happens; for a {@link Semaphore} only closing does.
 *
 * <h2>Memory consistency effects</h2>
 * Actions in a thread prior to the {@code close()} that releases the permits
 * <a href="https://docs.oracle.com/javase/specs/jls/se17/html/jls-17.html#jls-17.4.5"><i>happen-before</i></a>
 * actions following a successful acquire, in another thread, that obtains any of those permits,
 * as for the source's own release. A {@code close()} that finds the handle already closed releases
 * nothing and creates no such edge.
 *
 * @see PermitSource
 */
public interface Permit extends AutoCloseable {

    /**
     * Returns the number of permits this handle holds, or held before it was closed.
     *
     * @return the number of permits, zero or more
     */
    int permits();

    /**
     * Returns whether this handle still holds its permits: {@code false} once it has been closed,
     * or once its source has taken them back (a source that cannot take permits back, such as a
     * {@link Semaphore}, never does). The answer may be stale as soon as it is returned.
     *
     * @return {@code true} if the permits are still held through this handle
     */
    boolean isValid();

    /**
     * Gives the permits back to the source, if this handle still holds them; otherwise does
     * nothing. Of any number of calls, from any threads, exactly one releases. A call that finds
     * the handle already closed returns at once, whether or not the first call has finished.
     *
     * <p>If giving back throws (for example a {@link BoundedSemaphore} whose maximum is already
     * available rejects the release with {@link IllegalStateException}), nothing was released, the
     * exception propagates, and the handle stays valid and holds its permits, so a later
     * {@code close()} may try again. A source that gives back asynchronously may instead never
     * throw here (a distributed source whose client retries the deletion of a lease); its handle
     * says so.
     */
    @Override
    void close();
}
