package dev.bouncer;

/**
 * A semaphore with at most one permit: a {@link BoundedSemaphore} whose maximum is 1. It is either
 * <em>available</em> (one permit) or not (none; or fewer, after {@link #reducePermits(int)}).
 *
 * <p>Two uses are common. As a signal between threads, one thread <em>posts</em> and another
 * <em>pends</em>:
 *
 * <pre>{@code
 * BinarySemaphore workArrived = new BinarySemaphore(false);
 *
 * // producer side, after adding work somewhere: posting twice before the worker runs is fine
 * workArrived.tryRelease();
 *
 * // worker side
 * workArrived.acquire();
 * processAllPendingWork();
 * }</pre>
 *
 * <p>Posting uses {@link #tryRelease()}, which returns {@code false} when the semaphore is already
 * available instead of throwing: for a signal, "already posted" is an expected outcome, because
 * the waiting side will see the earlier post. {@link #release()} keeps the strict meaning of
 * {@link BoundedSemaphore}: releasing an available binary semaphore is a bug, and it throws
 * {@link IllegalStateException}. Use it where every release must match an acquire, for example
 * when the semaphore guards a single resource. (Unlike a lock, a binary semaphore has no owner: any
 * thread may release it.)
 *
 * <h2>Memory consistency effects</h2>
 * As for {@link Semaphore}: actions in a thread prior to a successful "release" method such as
 * {@code release()} or a {@code tryRelease()} that returns {@code true}
 * <a href="https://docs.oracle.com/javase/specs/jls/se17/html/jls-17.html#jls-17.4.5"><i>happen-before</i></a>
 * actions following a successful "acquire" method such as {@code acquire()} in another thread. A
 * {@code tryRelease()} that returns {@code false} creates no edge of its own; the edge from the post
 * that made the semaphore available still holds.
 */
public class BinarySemaphore extends BoundedSemaphore {
    /*
     * Implementation notes. All state and every invariant are BoundedSemaphore's with
     * maxPermits == 1; this class only names the case and its constructors. BS-I1 here reads:
     * permits <= 1 at every instant.
     */

    private static final long serialVersionUID = -4_402_184_963_780_551_367L;

    /**
     * Creates a nonfair {@code BinarySemaphore}.
     *
     * @param available {@code true} to start with the permit available
     */
    public BinarySemaphore(boolean available) {
        this(available, false);
    }

    /**
     * Creates a {@code BinarySemaphore} with the given fairness setting.
     *
     * @param available {@code true} to start with the permit available
     * @param fair {@code true} if this semaphore will guarantee first-in first-out granting of
     *     the permit under contention, else {@code false}
     */
    public BinarySemaphore(boolean available, boolean fair) {
        super(available ? 1 : 0, 1, fair);
    }

    /**
     * Returns whether the permit is available now. The answer may be stale as soon as it is
     * returned; it is meant for monitoring and tests.
     *
     * @return {@code true} if the permit is available
     */
    public boolean isAvailable() {
        return availablePermits() > 0;
    }
}
