package dev.bouncer;

import java.io.Serializable;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * A counting semaphore. Conceptually, a semaphore maintains a set of permits. Each
 * {@link #acquire} blocks if necessary until a permit is available, and then takes it. Each
 * {@link #release} adds a permit, potentially releasing a blocking acquirer. No actual permit
 * objects are used; the semaphore just keeps a count of the number available and acts accordingly.
 *
 * <p>This class is a drop-in replacement for {@link java.util.concurrent.Semaphore}: it has the same
 * constructors and methods, throws the same exceptions, and follows the same documented semantics,
 * so migrating means changing the import. It is built on a single CAS-updated permit count and a
 * lock-free FIFO wait queue, not on {@code AbstractQueuedSynchronizer}; see {@code docs/semaphore.md}.
 * One difference in the type: its superclass is the package-private wait engine that it shares with
 * {@link Mutex}, which is an {@link java.util.concurrent.locks.AbstractOwnableSynchronizer} so that
 * the JVM can see a mutex's owner. A semaphore never has an owner: the inherited protected
 * accessors always report {@code null}, and tools show no lock owner for its waiters, as for the
 * JDK's semaphore. It adds one pair of methods, {@link #setWaitListener} and
 * {@link #getWaitListener}, which let metrics hear its acquisitions and waits ({@link WaitListener}).
 *
 * <p>Semaphores are often used to restrict the number of threads that can access some (physical or
 * logical) resource, for example a pool of database connections:
 *
 * <pre>{@code
 * Semaphore available = new Semaphore(10, true);
 *
 * Connection borrow() throws InterruptedException {
 *     available.acquire();
 *     boolean borrowed = false;
 *     try {
 *         Connection c = takeFromPool();
 *         borrowed = true;
 *         return c;
 *     } finally {
 *         if (!borrowed) {
 *             available.release(); // takeFromPool threw: give the permit back
 *         }
 *     }
 * }
 *
 * void giveBack(Connection c) {
 *     if (returnToPool(c)) {
 *         available.release();
 *     }
 * }
 * }</pre>
 *
 * <p>There is no requirement that a thread that releases a permit must have acquired it by calling
 * {@link #acquire}; correct usage is established by programming convention in the application. Use
 * {@code BoundedSemaphore} when releasing more than was acquired must be caught as a bug.
 *
 * <h2>Permit handles</h2>
 * Beyond the JDK's API, a semaphore is a {@link PermitSource}: {@link #acquirePermit()} and its
 * relatives take permits as a {@link Permit} handle whose {@code close()} releases exactly those
 * permits, once, however often it is called, so a try-with-resources block cannot leak or double a
 * permit. They follow the fairness, barging and interrupt rules of the {@code acquire} method of
 * the same verb, and give back through {@link #release(int)}. {@link #withPermit(Callable)} runs a
 * task under a permit. Every method that takes a {@code (long, TimeUnit)} timeout has a
 * {@link Duration} overload.
 *
 * <h2>Leak detection</h2>
 * A handle that becomes unreachable without being closed can be reported, with where it was
 * acquired, and its permits given back: see {@link LeakDetection}, chosen per semaphore with
 * {@link #Semaphore(int, boolean, LeakDetection)} or for all with system properties. It is off by
 * default. {@link #permitHolders()} lists the tracked handles held now.
 *
 * <h2>Fairness</h2>
 * The constructor optionally accepts a <em>fairness</em> parameter. When false, this class makes no
 * guarantees about the order in which threads acquire permits: an arriving thread may barge ahead
 * of threads that are already waiting. When true, the semaphore guarantees that threads invoking
 * any of the {@link #acquire() acquire} methods are selected to obtain permits in the order in
 * which their invocation of those methods was processed (first-in-first-out; FIFO). In both modes a
 * queued thread is never overtaken by a thread queued after it: a waiter at the head of the queue
 * that asks for more permits than are available blocks smaller requests behind it until its own
 * request can be met.
 *
 * <p>The untimed {@link #tryAcquire() tryAcquire} methods do not honour the fairness setting and
 * take any permits that are available, even if other threads are waiting. To honour fairness, use
 * {@link #tryAcquire(long, TimeUnit) tryAcquire(0, TimeUnit.SECONDS)}, which is almost equivalent.
 *
 * <h2>Interruption and timeouts</h2>
 * The interruptible methods check the interrupt status on entry and throw
 * {@link InterruptedException}, clearing the status, whether or not permits are available. A thread
 * interrupted while waiting gives up, and any permits it would have received go to other threads as
 * if they had been released. Timeouts of zero or less do not wait; {@code Long.MAX_VALUE} in any
 * unit waits effectively forever without overflowing.
 *
 * <h2>Closing</h2>
 * Beyond the JDK's API, {@link #close()} turns a semaphore away for good: waiting threads, also in
 * {@link #acquireUninterruptibly()}, and every later acquire, try and permit-handle method throw
 * {@link SemaphoreClosedException} having taken nothing, whether or not permits are available.
 * Releases still count, so holders can give permits back.
 *
 * <h2>Memory consistency effects</h2>
 * Actions in a thread prior to calling a "release" method such as {@code release()}, or closing a
 * {@link Permit} that releases,
 * <a href="https://docs.oracle.com/javase/specs/jls/se17/html/jls-17.html#jls-17.4.5"><i>happen-before</i></a>
 * actions following a successful "acquire" method such as {@code acquire()} or
 * {@code acquirePermit()} in another thread.
 *
 * @see java.util.concurrent.Semaphore
 */
public class Semaphore extends QueuedSynchronizer implements PermitSource, Serializable {
    /*
     * Implementation notes (the long form, with proofs, is docs/semaphore.md; the waiting is
     * QueuedSynchronizer's, docs/engine.md).
     *
     * State. `permits` is the count, changed only by CAS; it may be negative. A request for n
     * permits can be granted while permits >= n (QS-I9), so a request for 0
     * waits only while the count is negative.
     *
     *   tryGrant(n):    for (;;) { c = permits; if (c < n) fail; if (CAS(c, c - n)) succeed }
     *   tryGiveBack(n): for (;;) { c = permits; if (c + n > ceiling) fail; if (CAS(c, c + n)) succeed }
     *   canGrant(n):    permits >= n
     *
     * The ceiling is Integer.MAX_VALUE here, where failing is an Error (overflow, SEM-I3), and
     * BoundedSemaphore's maximum there, where failing is an IllegalStateException.
     *
     * Invariants.
     *   SEM-I1  permits == initial + released - acquired - reduced + drained-back, at every
     *           instant: every change is one CAS, so no update is lost and nothing is
     *           double-counted.
     *   SEM-I2  A thread returns from an acquire having subtracted exactly its n, or having
     *           subtracted nothing (failure, timeout, interrupt): the CAS in tryGrant is the only
     *           grant.
     *   SEM-I3  A release never overflows: the sum is checked before the CAS, so an Error leaves
     *           the count unchanged. Likewise reducePermits never underflows.
     *   SEM-I4  Once `closed` is set it stays set, tryGrant grants nothing, and every acquire
     *           throws SemaphoreClosedException having taken nothing; waiters leave through the
     *           engine (QS-I10, QS-E8). Releases, drainPermits and reducePermits still change the
     *           count (SEM-I1 holds through a close).
     *
     * Happens-before edges.
     *   SEM-E1  release's CAS (volatile write) -> the acquiring CAS that reads it (volatile read):
     *           the memory-consistency guarantee of the class. Also carried by any chain of CASes.
     *   SEM-E2  release's CAS precedes the engine's volatile reads of the queue; a waiter publishes
     *           its node before reading `permits`. This is QS-E1: no wakeup is lost.
     *
     * Progress. tryAcquire, release, drainPermits and reducePermits are lock-free. Acquire blocks
     * only while the permits it needs are missing (or, in fair mode, owed to earlier waiters).
     */

    private static final long serialVersionUID = 7_210_427_314_226_581_113L;

    /** The permit count; every change is a CAS (SEM-I1). Serialized. */
    private volatile int permits;
    /** Whether arriving threads queue behind waiting ones. Serialized. */
    private final boolean fair;
    /** Set once by close() and never cleared (SEM-I4); a volatile write before the wake-up walk. Serialized. */
    private volatile boolean closed;
    /** The leak detector of the permit handles, or null when it is disabled (PM-I6). Not serialized. */
    private final transient LeakTracker leakTracker;

    /**
     * Creates a {@code Semaphore} with the given number of permits and nonfair fairness setting.
     *
     * @param permits the initial number of permits available. This value may be negative, in which
     *     case releases must occur before any acquires will be granted.
     */
    public Semaphore(int permits) {
        this(permits, false);
    }

    /**
     * Creates a {@code Semaphore} with the given number of permits and the given fairness setting.
     *
     * @param permits the initial number of permits available. This value may be negative, in which
     *     case releases must occur before any acquires will be granted.
     * @param fair {@code true} if this semaphore will guarantee first-in first-out granting of
     *     permits under contention, else {@code false}
     */
    public Semaphore(int permits, boolean fair) {
        this(permits, fair, LeakDetection.defaultSetting());
    }

    /**
     * Creates a {@code Semaphore} with the given number of permits, fairness setting and leak
     * detection for its {@link Permit} handles. The constructors without a {@code LeakDetection}
     * use {@link LeakDetection#defaultSetting()}. Leak detection is not serialized: a deserialized
     * semaphore tracks nothing.
     *
     * @param permits the initial number of permits available. This value may be negative, in which
     *     case releases must occur before any acquires will be granted.
     * @param fair {@code true} if this semaphore will guarantee first-in first-out granting of
     *     permits under contention, else {@code false}
     * @param leakDetection which handles to watch for leaks, and whether leaked permits are given
     *     back
     * @throws NullPointerException if {@code leakDetection} is null
     */
    public Semaphore(int permits, boolean fair, LeakDetection leakDetection) {
        this.permits = permits;
        this.fair = fair;
        this.leakTracker = LeakTracker.of(Objects.requireNonNull(leakDetection)); // PM-I6: null when disabled
    }

    /**
     * Acquires a permit from this semaphore, blocking until one is available, or the thread is
     * {@linkplain Thread#interrupt interrupted}.
     *
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting;
     *     its interrupted status is cleared and no permit is taken
     */
    public void acquire() throws InterruptedException {
        grantInterruptibly(1);
    }

    /**
     * Acquires a permit from this semaphore, blocking until one is available. If the current thread
     * is interrupted while waiting it keeps waiting, and returns with its interrupt status set.
     */
    public void acquireUninterruptibly() {
        grantUninterruptibly(1);
    }

    /**
     * Acquires a permit from this semaphore, only if one is available at the time of invocation.
     * This method barges: it takes an available permit even on a fair semaphore with threads
     * waiting. For a fairness-honouring form use {@code tryAcquire(0, TimeUnit.SECONDS)}.
     *
     * @return {@code true} if a permit was acquired and {@code false} otherwise
     */
    public boolean tryAcquire() {
        return tryGrantReported(1) || refuseIfClosed();
    }

    /**
     * Acquires a permit from this semaphore if one becomes available within the given waiting time
     * and the current thread has not been {@linkplain Thread#interrupt interrupted}. On a fair
     * semaphore an available permit is not taken while other threads are waiting for one.
     *
     * @param timeout the maximum time to wait for a permit; zero or less means do not wait
     * @param unit the time unit of the {@code timeout} argument
     * @return {@code true} if a permit was acquired and {@code false} if the waiting time elapsed
     *     before a permit was acquired
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting
     * @throws NullPointerException if {@code unit} is null
     */
    public boolean tryAcquire(long timeout, TimeUnit unit) throws InterruptedException {
        return grantWithin(1, unit.toNanos(timeout));
    }

    /**
     * Releases a permit, returning it to the semaphore: the number of available permits goes up by
     * one, and if threads are waiting, one is selected and given the chance to take it. A thread
     * need not have acquired a permit to release one.
     *
     * @throws Error if the release would exceed {@code Integer.MAX_VALUE} permits; nothing changes
     */
    public void release() {
        releaseReserving(1);
    }

    /**
     * Acquires the given number of permits from this semaphore, blocking until all are available,
     * or the thread is {@linkplain Thread#interrupt interrupted}. Permits are taken all at once,
     * never piecemeal; a thread that gives up takes none.
     *
     * @param permits the number of permits to acquire
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    public void acquire(int permits) throws InterruptedException {
        requireNonNegative(permits);
        grantInterruptibly(permits);
    }

    /**
     * Acquires the given number of permits from this semaphore, blocking until all are available.
     * If the current thread is interrupted while waiting it keeps waiting, and returns with its
     * interrupt status set.
     *
     * @param permits the number of permits to acquire
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    public void acquireUninterruptibly(int permits) {
        requireNonNegative(permits);
        grantUninterruptibly(permits);
    }

    /**
     * Acquires the given number of permits from this semaphore, only if all are available at the
     * time of invocation. Barges like {@link #tryAcquire()}.
     *
     * @param permits the number of permits to acquire
     * @return {@code true} if the permits were acquired and {@code false} otherwise
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    public boolean tryAcquire(int permits) {
        requireNonNegative(permits);
        return tryGrantReported(permits) || refuseIfClosed();
    }

    /**
     * Acquires the given number of permits from this semaphore, if all become available within the
     * given waiting time and the current thread has not been {@linkplain Thread#interrupt
     * interrupted}. Honours the fairness setting.
     *
     * @param permits the number of permits to acquire
     * @param timeout the maximum time to wait for the permits; zero or less means do not wait
     * @param unit the time unit of the {@code timeout} argument
     * @return {@code true} if all permits were acquired and {@code false} if the waiting time
     *     elapsed before all permits were acquired
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting
     * @throws IllegalArgumentException if {@code permits} is negative
     * @throws NullPointerException if {@code unit} is null
     */
    public boolean tryAcquire(int permits, long timeout, TimeUnit unit)
            throws InterruptedException {
        requireNonNegative(permits);
        return grantWithin(permits, unit.toNanos(timeout));
    }

    /**
     * Releases the given number of permits, returning them to the semaphore. If threads are waiting,
     * they are given the chance to take the permits, in queue order.
     *
     * @param permits the number of permits to release
     * @throws IllegalArgumentException if {@code permits} is negative
     * @throws Error if the release would exceed {@code Integer.MAX_VALUE} permits; nothing changes
     */
    public void release(int permits) {
        requireNonNegative(permits);
        releaseReserving(permits);
    }

    /**
     * Returns the current number of permits available in this semaphore. This method is typically
     * used for debugging and testing purposes.
     *
     * @return the number of permits available in this semaphore (may be negative)
     */
    public int availablePermits() {
        return permits;
    }

    /**
     * Acquires and returns all permits that are immediately available, or if negative permits are
     * available, releases them. Upon return, zero permits are available.
     *
     * @return the number of permits acquired or, if negative, the number released
     */
    public int drainPermits() {
        for (;;) {
            int current = permits;
            if (current >= 0) {
                if (current == 0 || casPermits(current, 0)) { // SEM-I1; going down wakes nobody
                    return current;
                }
            } else if (giveBack(current)) { // up to 0: may grant a request for 0 (QS-I9)
                return current;
            }
        }
    }

    /**
     * Shrinks the number of available permits by the indicated reduction. This method can be useful
     * in subclasses that use semaphores to track resources that become unavailable. Unlike
     * {@code acquire} it does not block waiting for permits to become available, and the count may
     * go negative.
     *
     * @param reduction the number of permits to remove
     * @throws IllegalArgumentException if {@code reduction} is negative
     * @throws Error if the count would go below {@code Integer.MIN_VALUE}; nothing changes
     */
    protected void reducePermits(int reduction) {
        requireNonNegative(reduction);
        for (;;) {
            int current = permits;
            int next = current - reduction;
            if (next > current) {
                throw new Error("Permit count underflow"); // SEM-I3
            }
            if (casPermits(current, next)) { // SEM-I1: one CAS
                return;
            }
        }
    }

    /**
     * Returns {@code true} if this semaphore has fairness set true.
     *
     * @return {@code true} if this semaphore has fairness set true
     */
    public boolean isFair() {
        return fair;
    }

    /**
     * Queries whether any threads are waiting to acquire. Because cancellations may occur at any
     * time, a {@code true} return does not guarantee that any other thread will ever acquire. This
     * method is designed primarily for use in monitoring of the system state.
     *
     * @return {@code true} if there may be other threads waiting to acquire the lock
     */
    public final boolean hasQueuedThreads() {
        return hasWaiters();
    }

    /**
     * Returns an estimate of the number of threads waiting to acquire. The value is only an estimate
     * because the number of threads may change dynamically while this method traverses internal data
     * structures. This method is designed for use in monitoring system state, not for
     * synchronization control.
     *
     * @return the estimated number of threads waiting for this semaphore
     */
    public final int getQueueLength() {
        return waiterCount();
    }

    /**
     * Returns a collection containing threads that may be waiting to acquire. Because the actual set
     * of threads may change dynamically while constructing this result, the returned collection is
     * only a best-effort estimate. The elements of the returned collection are in no particular
     * order.
     *
     * @return the collection of threads
     */
    protected Collection<Thread> getQueuedThreads() {
        return waitingThreads();
    }

    /**
     * Returns a string identifying this semaphore, as well as its state. The state, in brackets,
     * includes the String {@code "Permits ="} followed by the number of permits.
     *
     * @return a string identifying this semaphore, as well as its state
     */
    @Override
    public String toString() {
        return super.toString() + "[Permits = " + permits + "]";
    }

    // ---- beyond the JDK: Duration timeouts and permit handles (PermitSource; docs/permits.md) ----

    /**
     * Acquires a permit if one becomes available within the given waiting time; as
     * {@link #tryAcquire(long, TimeUnit)}. A duration too long for a {@code long} of nanoseconds
     * waits effectively forever.
     *
     * @param timeout the maximum time to wait for a permit; zero or negative means do not wait
     * @return {@code true} if a permit was acquired and {@code false} if the waiting time elapsed
     *     before a permit was acquired
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting
     * @throws NullPointerException if {@code timeout} is null
     */
    public boolean tryAcquire(Duration timeout) throws InterruptedException {
        return tryAcquire(TimeUnit.NANOSECONDS.convert(timeout), TimeUnit.NANOSECONDS);
    }

    /**
     * Acquires the given number of permits if all become available within the given waiting time;
     * as {@link #tryAcquire(int, long, TimeUnit)}. A duration too long for a {@code long} of
     * nanoseconds waits effectively forever.
     *
     * @param permits the number of permits to acquire
     * @param timeout the maximum time to wait for the permits; zero or negative means do not wait
     * @return {@code true} if all permits were acquired and {@code false} if the waiting time
     *     elapsed before all permits were acquired
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting
     * @throws IllegalArgumentException if {@code permits} is negative
     * @throws NullPointerException if {@code timeout} is null
     */
    public boolean tryAcquire(int permits, Duration timeout) throws InterruptedException {
        return tryAcquire(permits, TimeUnit.NANOSECONDS.convert(timeout), TimeUnit.NANOSECONDS);
    }

    /**
     * Acquires the given number of permits as {@link #acquire(int)} does, and returns a handle
     * whose first {@code close()} gives them back with {@link #release(int)}.
     *
     * @param permits the number of permits to acquire
     * @return a valid handle on exactly {@code permits} permits
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting;
     *     its interrupted status is cleared and no permit is taken
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    @Override
    public Permit acquirePermit(int permits) throws InterruptedException {
        SemaphorePermit permit = newPermit(permits); // PM-I2: made before the grant
        boolean granted = false;
        try {
            acquire(permits);
            granted = true;
        } finally {
            permit.acquireEnded(granted); // PM-I4: a failed acquire's record is dropped, not reported
        }
        return permit;
    }

    /**
     * Acquires the given number of permits as {@link #acquireUninterruptibly(int)} does, and
     * returns a handle whose first {@code close()} gives them back with {@link #release(int)}.
     *
     * @param permits the number of permits to acquire
     * @return a valid handle on exactly {@code permits} permits
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    @Override
    public Permit acquirePermitUninterruptibly(int permits) {
        SemaphorePermit permit = newPermit(permits); // PM-I2: made before the grant
        boolean granted = false;
        try {
            acquireUninterruptibly(permits);
            granted = true;
        } finally {
            permit.acquireEnded(granted); // PM-I4: a failed acquire's record is dropped, not reported
        }
        return permit;
    }

    /**
     * Acquires the given number of permits as {@link #tryAcquire(int)} does: only if all are
     * available now, barging past waiting threads even on a fair semaphore.
     *
     * @param permits the number of permits to acquire
     * @return a valid handle on exactly {@code permits} permits, or an empty {@code Optional} if
     *     they were not available; nothing is taken then
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    @Override
    public Optional<Permit> tryAcquirePermit(int permits) {
        SemaphorePermit permit = newPermit(permits); // PM-I2: both allocations before the grant
        Optional<Permit> result = Optional.of(permit);
        boolean granted = false;
        try {
            granted = tryAcquire(permits);
        } finally {
            permit.acquireEnded(granted); // PM-I4
        }
        return granted ? result : Optional.empty();
    }

    /**
     * Acquires the given number of permits as {@link #tryAcquire(int, long, TimeUnit)} does: within
     * the waiting time, honouring the fairness setting.
     *
     * @param permits the number of permits to acquire
     * @param timeout the maximum time to wait; zero or less means do not wait
     * @param unit the time unit of the {@code timeout} argument
     * @return a valid handle on exactly {@code permits} permits, or an empty {@code Optional} if
     *     the time elapsed first; nothing is taken then
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting;
     *     no permit is taken
     * @throws IllegalArgumentException if {@code permits} is negative
     * @throws NullPointerException if {@code unit} is null
     */
    @Override
    public Optional<Permit> tryAcquirePermit(int permits, long timeout, TimeUnit unit)
            throws InterruptedException {
        SemaphorePermit permit = newPermit(permits); // PM-I2: both allocations before the grant
        Optional<Permit> result = Optional.of(permit);
        boolean granted = false;
        try {
            granted = tryAcquire(permits, timeout, unit);
        } finally {
            permit.acquireEnded(granted); // PM-I4
        }
        return granted ? result : Optional.empty();
    }

    /**
     * Lists the tracked permit handles of this semaphore that hold their permits now: who
     * acquired each, when, how many permits, and the stack of the acquiring call. Meant for a
     * person finding out why threads wait for permits. Only handles that leak detection tracks
     * are listed: every handle at {@link LeakDetection.Level#EVERY_PERMIT}, one in the sampling
     * interval at {@link LeakDetection.Level#SAMPLED}, none when it is disabled (the list is then
     * empty). Permits taken with the plain {@code acquire} methods are never listed.
     *
     * <p>The list is a snapshot made while handles are acquired and closed: it has every tracked
     * handle granted before the call and not closed before it, and may or may not have those
     * granted or closed meanwhile.
     *
     * @return an unmodifiable list of the tracked holders, in no particular order
     */
    public List<PermitHolder> permitHolders() {
        LeakTracker tracker = leakTracker;
        return tracker == null ? List.of() : tracker.holders();
    }

    /** A handle on n permits that the caller is about to ask for: tracked if the detector samples it (PM-I2). */
    private SemaphorePermit newPermit(int permits) {
        LeakTracker tracker = leakTracker;
        if (tracker != null && tracker.sample()) {
            return tracker.track(this, permits);
        }
        return new SemaphorePermit(this, permits); // PM-I6: the only path when disabled
    }

    /**
     * Closes this semaphore: every thread waiting in an acquire method, including
     * {@link #acquireUninterruptibly()}, stops waiting and throws {@link SemaphoreClosedException},
     * and every acquire or try that begins after this method returns throws it at once, whether or
     * not permits are available. A thread that gets the exception has taken no permits.
     *
     * <p>Releases still count after a close, so holders can give permits back (and
     * {@link #availablePermits()} shows them); nobody can take them. Closing is final: a closed
     * semaphore never opens again. Closing a closed semaphore does nothing. An acquire that runs
     * at the same time as {@code close()} either succeeds, as if it had finished before the close,
     * or throws; it never keeps waiting.
     *
     * <p>Use it when the resource the permits stand for is gone, so that callers fail fast instead
     * of waiting for permits that will never be useful.
     */
    public void close() {
        StackHeadroom.ensure(); // QS-I8: an overflow strikes before the close
        closeReserved();
    }

    /**
     * {@link #close()} without reserving stack first: for BoundedBuffer, whose operation reserved
     * before it took something it must finish handing over (BB-I9).
     */
    final void closeReserved() {
        closed = true; // SEM-I4; QS-E8: before the walk's reads of the queue
        wakeAllWaiters();
    }

    /**
     * Returns whether {@link #close()} has been called.
     *
     * @return {@code true} if this semaphore is closed
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Returns a view of this semaphore as a {@link java.util.concurrent.Semaphore}, for an API whose
     * parameter or field is typed on the JDK class. The view is a subclass of the JDK class that
     * passes every method a subclass can override to this semaphore: the {@code acquire},
     * {@code tryAcquire} and {@code release} families, {@code availablePermits},
     * {@code drainPermits}, {@code reducePermits}, {@code isFair}, {@code getQueuedThreads} and
     * {@code toString}. So permits taken or released through the view are this semaphore's, a
     * thread that waits through the view waits in this semaphore's queue, and the view behaves as
     * this semaphore does, including a {@link BoundedSemaphore}'s bound.
     *
     * <p>One difference: the JDK declares {@code hasQueuedThreads()} and {@code getQueueLength()}
     * {@code final}, so the view cannot pass them on. On the view they look at the JDK class's own
     * queue, which stays empty: they return {@code false} and {@code 0} whoever waits. Ask this
     * semaphore instead.
     *
     * <p>Each call returns a new view; all views of one semaphore share its state. The view is
     * serializable, with this semaphore.
     *
     * @return a {@code java.util.concurrent.Semaphore} backed by this semaphore
     */
    public java.util.concurrent.Semaphore asJdkSemaphore() {
        return new JdkSemaphoreView(this);
    }

    // ---- the mechanism: the permit count; the waiting is QueuedSynchronizer's ----

    /** Releases n permits (n >= 0), reserving stack if a waiter may need waking; Error on overflow. */
    private void releaseReserving(int n) {
        if (!giveBack(n)) {
            throw new Error("Maximum permit count exceeded"); // SEM-I3: nothing changed
        }
    }

    /**
     * Releases n permits (n >= 0) without reserving stack first: for a caller that called
     * StackHeadroom.ensure() itself before it took something it must give back (BoundedBuffer's
     * handover), so a second, deeper reservation cannot fail half-way through its operation.
     */
    final void releaseReserved(int n) {
        if (!giveBackReserved(n)) {
            throw new Error("Maximum permit count exceeded"); // SEM-I3: nothing changed
        }
    }

    /** The most permits that may be available; BoundedSemaphore lowers it (BS-I1). */
    int ceiling() {
        return Integer.MAX_VALUE;
    }

    /** Takes n permits if they are there now, whoever is waiting. The only grant (SEM-I2). */
    @Override
    final boolean tryGrant(int n) {
        for (;;) {
            int current = permits;
            if (current < n || closed) { // SEM-I4: after close, nothing is granted
                return false;
            }
            if (casPermits(current, current - n)) { // SEM-I2; SEM-E1 acquire side
                return true;
            }
        }
    }

    @Override
    final boolean canGrant(int n) {
        return permits >= n; // QS-I9; a volatile read after the engine's writes
    }

    /**
     * Adds n >= 0 permits within the ceiling; or, for n < 0 (only drainPermits passes one), sets a
     * count that is still exactly n to 0, so that a drain from below zero goes through the engine's
     * release and wakes a request for 0 (QS-I9).
     */
    @Override
    final boolean tryGiveBack(int n) {
        if (n < 0) {
            return casPermits(n, 0); // SEM-I1: one CAS; the drain loop retries if the count moved
        }
        return addPermits(n, ceiling());
    }

    @Override
    final boolean fairArrivals() {
        return fair;
    }

    @Override
    final boolean isClosedToWaiters() {
        return closed; // QS-I10, QS-E8: a volatile read
    }

    @Override
    final RuntimeException closedFailure() {
        return new SemaphoreClosedException();
    }

    /**
     * Adds n permits unless the count would exceed the ceiling. The check is inside the CAS loop,
     * so concurrent releases cannot pass the ceiling together (SEM-I3; BS-I1).
     */
    private boolean addPermits(int n, int ceiling) {
        for (;;) {
            int current = permits;
            if (current > ceiling - n) { // current + n > ceiling, without overflow (n, ceiling >= 0)
                return false;
            }
            if (casPermits(current, current + n)) { // SEM-E1 release side; SEM-E2 before the engine's look
                return true;
            }
        }
    }

    static void requireNonNegative(int permits) {
        if (permits < 0) {
            throw new IllegalArgumentException();
        }
    }

    /** The leak detector, or null when disabled (PM-I6); for tests. */
    final LeakTracker leakTracker() {
        return leakTracker;
    }

    final int getPermits() {
        return permits;
    }

    final boolean casPermits(int expected, int update) {
        return PERMITS.compareAndSet(this, expected, update);
    }

    private static final VarHandle PERMITS;

    static {
        try {
            PERMITS = MethodHandles.lookup().findVarHandle(Semaphore.class, "permits", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        new Semaphore(0, false, LeakDetection.disabled()).casPermits(0, 0); // QS-I12: runs the CAS's site once
    }
}
