package dev.bouncer;

import java.io.Serializable;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Collection;
import java.util.List;
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
 *
 * <p>Semaphores are often used to restrict the number of threads that can access some (physical or
 * logical) resource, for example a pool of database connections:
 *
 * <pre>{@code
 * Semaphore available = new Semaphore(10, true);
 *
 * Connection borrow() throws InterruptedException {
 *     available.acquire();
 *     return takeFromPool();
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
 * <h2>Memory consistency effects</h2>
 * Actions in a thread prior to calling a "release" method such as {@code release()}
 * <a href="https://docs.oracle.com/javase/specs/jls/se17/html/jls-17.html#jls-17.4.5"><i>happen-before</i></a>
 * actions following a successful "acquire" method such as {@code acquire()} in another thread.
 *
 * @see java.util.concurrent.Semaphore
 */
public class Semaphore implements Serializable {
    /*
     * Implementation notes (the long form, with proofs, is docs/semaphore.md).
     *
     * State. `permits` is the count, changed only by CAS or by the single-writer-free CAS loops
     * below; it may be negative. `queue` is the wait queue, created on first contention and never
     * replaced; null means no thread has ever waited, so release need not look further.
     *
     *   tryAcquire(n):  for (;;) { c = permits; if (c < n) fail; if (CAS(c, c - n)) succeed }
     *   release(n):     for (;;) { c = permits; if (c + n > ceiling) fail; if (CAS(c, c + n)) break }
     *                   if (queue != null && c + n > 0 && first LIVE waiter parked) queue.signalNext()
     *                   (an inline look, no call: WaitQueue I8)
     *   acquire(n):     if (!tryAcquire(n)) queue.acquire(n)  (fair: only if nobody is queued)
     *
     * The ceiling is Integer.MAX_VALUE here, where failing is an Error (overflow, I3), and
     * BoundedSemaphore's maximum there, where failing is an IllegalStateException.
     *
     * Invariants.
     *   I1  permits == initial + released - acquired - reduced + drained-back, at every instant:
     *       every change is one CAS, so no update is lost and nothing is double-counted.
     *   I2  A thread returns from an acquire having subtracted exactly its n, or having
     *       subtracted nothing (failure, timeout, interrupt): the CAS is the only grant.
     *   I3  A release never overflows: the sum is checked before the CAS, so an Error leaves the
     *       count unchanged. Likewise reducePermits never underflows.
     *
     * Happens-before edges.
     *   E1  release's CAS (volatile write) -> the acquiring CAS that reads it (volatile read): the
     *       memory-consistency guarantee of the class. Also carried by any chain of CASes.
     *   E2  release's CAS precedes its volatile read of `queue` and the queue's links; a waiter
     *       publishes `queue` and its node before reading `permits`. This is WaitQueue's E1 and is
     *       why no wakeup is lost.
     *
     * Progress. tryAcquire, release, drainPermits and reducePermits are lock-free. Acquire blocks
     * only while the permits it needs are missing (or, in fair mode, owed to earlier waiters).
     */

    private static final long serialVersionUID = 7_210_427_314_226_581_113L;

    /** The permit count; every change is a CAS (I1). Serialized. */
    private volatile int permits;
    /** Whether arriving threads queue behind waiting ones. Serialized. */
    private final boolean fair;
    /** Created by CAS on first contention and never replaced; waiters are not serialized. */
    private transient volatile SemaphoreQueue queue;

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
        this.permits = permits;
        this.fair = fair;
    }

    /**
     * Acquires a permit from this semaphore, blocking until one is available, or the thread is
     * {@linkplain Thread#interrupt interrupted}.
     *
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting;
     *     its interrupted status is cleared and no permit is taken
     */
    public void acquire() throws InterruptedException {
        acquireInterruptibly(1);
    }

    /**
     * Acquires a permit from this semaphore, blocking until one is available. If the current thread
     * is interrupted while waiting it keeps waiting, and returns with its interrupt status set.
     */
    public void acquireUninterruptibly() {
        acquireUninterruptiblyUnchecked(1);
    }

    /**
     * Acquires a permit from this semaphore, only if one is available at the time of invocation.
     * This method barges: it takes an available permit even on a fair semaphore with threads
     * waiting. For a fairness-honouring form use {@code tryAcquire(0, TimeUnit.SECONDS)}.
     *
     * @return {@code true} if a permit was acquired and {@code false} otherwise
     */
    public boolean tryAcquire() {
        return tryAcquireNonfair(1);
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
        return tryAcquireTimed(1, unit.toNanos(timeout));
    }

    /**
     * Releases a permit, returning it to the semaphore: the number of available permits goes up by
     * one, and if threads are waiting, one is selected and given the chance to take it. A thread
     * need not have acquired a permit to release one.
     *
     * @throws Error if the release would exceed {@code Integer.MAX_VALUE} permits; nothing changes
     */
    public void release() {
        releaseUnchecked(1);
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
        acquireInterruptibly(permits);
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
        acquireUninterruptiblyUnchecked(permits);
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
        return tryAcquireNonfair(permits);
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
        return tryAcquireTimed(permits, unit.toNanos(timeout));
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
        releaseUnchecked(permits);
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
            if (current == 0 || casPermits(current, 0)) { // I1; going up to 0 can wake nobody
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
                throw new Error("Permit count underflow"); // I3
            }
            if (casPermits(current, next)) {
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
        WaitQueue<Semaphore> q = queue;
        return q != null && q.hasWaiters();
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
        WaitQueue<Semaphore> q = queue;
        return q == null ? 0 : q.size();
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
        WaitQueue<Semaphore> q = queue;
        return q == null ? List.of() : q.threads();
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

    // ---- the mechanism ----

    private void acquireInterruptibly(int n) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (!tryAcquireArriving(n) && queue().acquire(n, true, false, 0L) != WaitQueue.ACQUIRED) {
            throw new InterruptedException();
        }
    }

    private void acquireUninterruptiblyUnchecked(int n) {
        if (!tryAcquireArriving(n)) {
            queue().acquire(n, false, false, 0L);
        }
    }

    private boolean tryAcquireTimed(int n, long nanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (tryAcquireArriving(n)) {
            return true;
        }
        if (nanos <= 0L) {
            return false;
        }
        int outcome = queue().acquire(n, true, true, nanos);
        if (outcome == WaitQueue.INTERRUPTED) {
            throw new InterruptedException();
        }
        return outcome == WaitQueue.ACQUIRED;
    }

    /** The first try of an arriving thread: barges when nonfair, queues behind waiters when fair. */
    private boolean tryAcquireArriving(int n) {
        return fair ? tryAcquireFair(n) : tryAcquireNonfair(n);
    }

    private boolean tryAcquireFair(int n) {
        for (;;) {
            SemaphoreQueue q = queue;
            if (q != null && q.hasQueuedPredecessors()) {
                return false;
            }
            int current = permits;
            if (current < n) {
                return false;
            }
            if (casPermits(current, current - n)) { // I2; E1 acquire side
                return true;
            }
        }
    }

    /** Takes n permits if they are there now, whoever is waiting. The only grant (I2). */
    final boolean tryAcquireNonfair(int n) {
        for (;;) {
            int current = permits;
            if (current < n) {
                return false;
            }
            if (casPermits(current, current - n)) { // I2; E1 acquire side
                return true;
            }
        }
    }

    /** Adds n permits (n >= 0) and wakes the first waiter if anyone may now proceed. */
    final void releaseUnchecked(int n) {
        SemaphoreQueue q = queue;
        if (q != null && q.firstWaiterMayBeParked()) {
            StackHeadroom.ensure(); // WaitQueue I8: an overflow comes before the CAS, not after
        }
        releaseReserved(n);
    }

    /**
     * Adds n permits (n >= 0) unless the count would then exceed {@code ceiling} (>= 0), and wakes
     * the first waiter if anyone may now proceed. Returns false, having changed nothing, if the
     * count would exceed the ceiling. The check is inside the CAS loop, so concurrent releases
     * cannot pass the ceiling together (I3 with {@code Integer.MAX_VALUE}; BoundedSemaphore's I1).
     */
    final boolean releaseWithin(int n, int ceiling) {
        SemaphoreQueue q = queue;
        if (q != null && q.firstWaiterMayBeParked()) {
            StackHeadroom.ensure(); // WaitQueue I8: an overflow comes before the CAS, not after
        }
        return addPermits(n, ceiling);
    }

    /**
     * Releases n permits (n >= 0) without reserving stack first: for a caller that called
     * StackHeadroom.ensure() itself before it took something it must give back (BoundedBuffer's
     * handover), so a second, deeper reservation cannot fail half-way through its operation.
     */
    final void releaseReserved(int n) {
        if (!addPermits(n, Integer.MAX_VALUE)) {
            throw new Error("Maximum permit count exceeded"); // I3: nothing changed
        }
    }

    /** The release loop behind releaseWithin and releaseReserved. */
    private boolean addPermits(int n, int ceiling) {
        for (;;) {
            int current = permits;
            if (current > ceiling - n) { // current + n > ceiling, without overflow (n, ceiling >= 0)
                return false;
            }
            int next = current + n;
            if (casPermits(current, next)) { // E1 release side
                SemaphoreQueue q = queue; // E2: volatile read after the CAS
                if (next > 0 && q != null) {
                    // WaitQueue I8: no call after the CAS unless the first LIVE waiter is parked
                    // (the case the callers reserved stack for): a call's stack check could fail
                    // with the permits released. The same reads, in the same order, as signalNext;
                    // the test of q.firstWaiterMayBeParked(), written out to avoid that call.
                    WaitQueue.Waiter s = q.head.next;
                    while (s != null && s.status == WaitQueue.Waiter.CANCELLED) {
                        s = s.next;
                    }
                    if (s != null && s.parked) {
                        q.signalNext();
                    }
                }
                return true;
            }
        }
    }

    private SemaphoreQueue queue() {
        SemaphoreQueue q = queue;
        if (q != null) {
            return q;
        }
        SemaphoreQueue created = new SemaphoreQueue(this);
        SemaphoreQueue witness = (SemaphoreQueue) QUEUE.compareAndExchange(this, null, created);
        return witness == null ? created : witness;
    }

    static void requireNonNegative(int permits) {
        if (permits < 0) {
            throw new IllegalArgumentException();
        }
    }

    /** Wait-queue nodes still linked, cancelled ones included; a test hook (WaitQueue I5). */
    final int linkedWaiterCount() {
        SemaphoreQueue q = queue;
        return q == null ? 0 : q.linkedWaiterCount();
    }

    final int getPermits() {
        return permits;
    }

    final boolean casPermits(int expected, int update) {
        return PERMITS.compareAndSet(this, expected, update);
    }

    /** The semaphore's wait queue: the first waiter tries without regard to fairness (I3 there). */
    private static final class SemaphoreQueue extends WaitQueue<Semaphore> {
        SemaphoreQueue(Semaphore owner) {
            super(owner);
        }

        @Override
        boolean tryAcquireQueued(int request) {
            return owner.tryAcquireNonfair(request);
        }

        @Override
        boolean shouldSignalNext() {
            return owner.permits > 0; // E2/E3 of WaitQueue: volatile read after head/status write
        }
    }

    private static final VarHandle PERMITS;
    private static final VarHandle QUEUE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PERMITS = lookup.findVarHandle(Semaphore.class, "permits", int.class);
            QUEUE = lookup.findVarHandle(Semaphore.class, "queue", SemaphoreQueue.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
