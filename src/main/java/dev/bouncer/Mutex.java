package dev.bouncer;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * A mutual exclusion {@link Lock} that checks ownership and is not reentrant, like a POSIX
 * {@code PTHREAD_MUTEX_ERRORCHECK} mutex. A {@code Mutex} is <em>owned</em> by the thread that last
 * locked it and has not yet unlocked it.
 *
 * <p>It behaves like {@link java.util.concurrent.locks.ReentrantLock} with a hold count that can
 * never exceed one, and says so when misused instead of corrupting state or hanging:
 * <ul>
 *   <li>{@link #unlock()} by a thread that does not own the mutex, including when it is unlocked,
 *       throws {@link IllegalMonitorStateException}.
 *   <li>Any acquire ({@link #lock}, {@link #lockInterruptibly}, {@link #tryLock()},
 *       {@link #tryLock(long, TimeUnit)}) by the owner throws {@link IllegalMonitorStateException}
 *       where a {@code ReentrantLock} would count a second hold and a plain binary semaphore would
 *       deadlock. Only if the owner's interrupt status is already set does
 *       {@code lockInterruptibly} or the timed {@code tryLock} throw {@link InterruptedException}
 *       first, as the interrupt check comes before the ownership check.
 * </ul>
 * In both cases the state of the mutex is unchanged.
 *
 * <p>The mutex is an {@link java.util.concurrent.locks.AbstractOwnableSynchronizer}, and threads
 * waiting for it park with it
 * as their blocker, so the JVM's tools see it as they see a {@code ReentrantLock}: thread dumps
 * list it under "Locked ownable synchronizers" of its owner, and
 * {@code java.lang.management.ThreadMXBean.findDeadlockedThreads()} reports threads deadlocked on
 * mutexes.
 *
 * <h2>Fairness</h2>
 * The constructor optionally accepts a <em>fairness</em> parameter. When true, under contention
 * the mutex favours granting access to the longest-waiting thread. Otherwise an arriving thread may
 * barge ahead of waiting ones, which gives much higher throughput. Queued threads are granted the
 * mutex in FIFO order in both modes. The untimed {@link #tryLock()} does not honour fairness: it
 * takes the mutex if it is free, even if other threads are waiting. {@code tryLock(0, unit)} does.
 *
 * <h2>Conditions</h2>
 * {@link #newCondition()} returns a {@link Condition} with the full interface: interruptible,
 * uninterruptible, timed and deadline waits, {@code signal} and {@code signalAll}. Using it
 * without owning the mutex throws {@link IllegalMonitorStateException}. An interrupt before a
 * signal makes {@code await} throw {@link InterruptedException}; an interrupt after a signal makes
 * it return normally with the interrupt status set. A signal is never lost: when a waiter times
 * out or is interrupted at the moment it is signalled, either it returns as signalled or the
 * signal goes to another waiter. Waiting threads are signalled in FIFO order.
 *
 * <h2>Serialization</h2>
 * Like {@code ReentrantLock}, a deserialized mutex is unlocked, whatever its state when it was
 * serialized. Conditions are not serializable.
 *
 * <h2>Memory consistency effects</h2>
 * A successful {@code unlock()} <a
 * href="https://docs.oracle.com/javase/specs/jls/se17/html/jls-17.html#jls-17.4.5"><i>happens-before</i></a>
 * every subsequent successful acquire of the same mutex, as for the built-in monitor lock. Actions
 * before {@code signal()} or {@code signalAll()} happen-before the return of an {@code await} that
 * the signal woke, through the unlock and reacquire of the mutex.
 *
 * @see java.util.concurrent.locks.ReentrantLock
 * @see Semaphore
 */
public class Mutex extends QueuedSynchronizer implements Lock, Serializable {
    /*
     * Implementation notes (the long form, with proofs, is docs/mutex.md).
     *
     * State. `state` holds the LOCKED bit and the FAIR bit (fixed at construction; kept here to
     * save a field). Below, "state = 0/1" means the LOCKED bit. The owner's identity is AOS's
     * exclusiveOwnerThread, a plain field, written only by the holder. The waiting, queueing and
     * signalling are QueuedSynchronizer's (docs/engine.md); this class supplies:
     *
     *   tryGrant:      CAS(state, 0, 1) && owner = me         canGrant: state == 0
     *   tryGiveBack:   owner = null; state = 0 (volatile)     beforeWaiting: owner == me ? IMSE
     *   unlock:        owner != me ? IMSE : giveBack (the engine wakes the first waiter)
     *   await:   append node (CONDITION) to the condition list; unlock;
     *            park while node is CONDITION (give up: transfer(node) by own thread);
     *            waitQueued(node)
     *   signal:  take the first node off the list; transfer(node); if that lost, next node
     *
     * Invariants.
     *   MX-I1  state is LOCKED exactly while one thread holds the mutex: 0 -> 1 only by a CAS (the
     *          only grant), 1 -> 0 only by the holder's store in release.
     *   MX-I2  exclusiveOwnerThread is written only by the holder: to itself right after its
     *          successful CAS, to null right before its release store. Its writes are therefore
     *          totally ordered by MX-E1, and a thread reads itself there exactly while it holds the
     *          mutex (it can only read its own last write or another thread's, never its own stale
     *          one). That makes isHeldByCurrentThread and the ownership checks exact; others (and
     *          the JVM's thread dumps) read a racy, possibly stale snapshot, as they do for
     *          ReentrantLock.
     *   MX-I3  An ownership check that fails throws before any write: unlock by a non-holder, and
     *          an acquire by the holder (checked after the fast-path CAS failed, before queueing).
     *   MX-I4  The condition list (firstWaiter, lastWaiter, nextWaiter) is read and written only by
     *          the holder: await adds its node before releasing, signal takes nodes off, and a
     *          waiter that gave up unlinks its own node after reacquiring.
     *   MX-I5  A condition node leaves CONDITION through QueuedSynchronizer.transfer, whose CAS has
     *          one winner (QS-I6): the signaller (the signal is consumed, await reports signalled)
     *          or the waiter's own thread on timeout or interrupt (await reports that, and signal
     *          moves to the next node). So a signal is never lost nor delivered twice.
     *   MX-I6  await returns or throws only while holding the mutex: its last step is an
     *          uninterruptible waitQueued.
     *
     * Happens-before edges.
     *   MX-E1  release's volatile store of state -> the next acquiring CAS that reads it: the
     *          memory consistency of the lock, and the order of all exclusiveOwnerThread writes
     *          (MX-I2).
     *   MX-E2  No lost wakeup (the Dekker pattern, QS-E1). release stores state and then reads the
     *          queue's head/next (in the engine); a waiter publishes its node (CAS of tail, write
     *          of pred.next) and then reads state in tryAcquireQueued. The store is a plain
     *          volatile write, not setRelease: a release store followed by a load of another
     *          variable may be reordered (x86's store buffer does exactly that), and then the
     *          waiter reads LOCKED while release reads an empty queue, and the waiter parks forever
     *          on a free mutex. With every access volatile, the synchronization order is total, so
     *          one of the two reads sees the other side's write. A waiters bit in state would make
     *          unlock a CAS and add states; a volatile store costs the same fence, keeps unlock to
     *          one store, and is provable within the JMM.
     *   MX-E3  signal (under the mutex) -> transfer -> the signaller's unlock (MX-E1) -> the
     *          waiter's reacquire: writes before signal are visible after await returns.
     *   MX-E4  A waiter adds its node to the condition list before its release (MX-E1 orders it
     *          before any later signaller's reads, MX-I4); it re-reads its status after every park,
     *          and transfer's CAS precedes the unpark that signalNext sends, so a signal is not
     *          lost between a check and a park (QS-E4).
     *
     * Progress. tryLock, unlock, signal and signalAll are lock-free (appends are CAS loops).
     * lock blocks only while another thread holds the mutex; await, until signalled, timed out
     * or interrupted, and then until it reacquires.
     */

    private static final long serialVersionUID = -2_846_377_154_909_181_357L;

    /** The bit of `state` that is set exactly while a thread holds the mutex (MX-I1). */
    private static final int LOCKED = 1;
    /**
     * The bit of `state` that records fairness: fixed at construction, never changed. Kept in
     * `state`, so that a fair arrival reads its fairness from the word it is about to CAS.
     */
    private static final int FAIR = 2;

    /**
     * LOCKED (MX-I1) and FAIR bits. Serialized for the FAIR bit; readObject clears LOCKED, so a
     * deserialized mutex is unlocked.
     */
    private volatile int state;

    /** Creates a nonfair {@code Mutex}. */
    public Mutex() {
        this(false);
    }

    /**
     * Creates a {@code Mutex} with the given fairness policy.
     *
     * @param fair {@code true} if this mutex should use a fair ordering policy
     */
    public Mutex(boolean fair) {
        this.state = fair ? FAIR : 0;
    }

    /**
     * Acquires the mutex, waiting if another thread holds it. Interrupts while waiting are not
     * acted on; the thread returns with its interrupt status set.
     *
     * @throws IllegalMonitorStateException if the current thread already holds this mutex
     */
    @Override
    public void lock() {
        grantUninterruptibly(1);
    }

    /**
     * Acquires the mutex unless the current thread is {@linkplain Thread#interrupt interrupted},
     * waiting if another thread holds it.
     *
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting;
     *     its interrupted status is cleared and the mutex is not acquired
     * @throws IllegalMonitorStateException if the current thread already holds this mutex
     */
    @Override
    public void lockInterruptibly() throws InterruptedException {
        grantInterruptibly(1);
    }

    /**
     * Acquires the mutex only if no thread holds it at the time of invocation. This barges, even on
     * a fair mutex with threads waiting; use {@code tryLock(0, TimeUnit.SECONDS)} to honour
     * fairness.
     *
     * @return {@code true} if the mutex was free and is now held by the current thread
     * @throws IllegalMonitorStateException if the current thread already holds this mutex
     */
    @Override
    public boolean tryLock() {
        if (tryGrantReported(1)) {
            return true;
        }
        beforeWaiting(); // MX-I3: the holder's try is a misuse, not a failure
        return false;
    }

    /**
     * Acquires the mutex if no other thread holds it within the given waiting time and the current
     * thread has not been {@linkplain Thread#interrupt interrupted}. Honours the fairness setting.
     *
     * @param time the maximum time to wait; zero or less means do not wait
     * @param unit the time unit of the {@code time} argument
     * @return {@code true} if the mutex was acquired, {@code false} if the time elapsed first
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting
     * @throws IllegalMonitorStateException if the current thread already holds this mutex
     * @throws NullPointerException if {@code unit} is null
     */
    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        return grantWithin(1, unit.toNanos(time));
    }

    /**
     * Acquires the mutex if no other thread holds it within the given waiting time; as
     * {@link #tryLock(long, TimeUnit)}. A duration too long for a {@code long} of nanoseconds
     * waits effectively forever.
     *
     * @param timeout the maximum time to wait; zero or negative means do not wait
     * @return {@code true} if the mutex was acquired, {@code false} if the time elapsed first
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting
     * @throws IllegalMonitorStateException if the current thread already holds this mutex
     * @throws NullPointerException if {@code timeout} is null
     */
    public boolean tryLock(Duration timeout) throws InterruptedException {
        return tryLock(TimeUnit.NANOSECONDS.convert(timeout), TimeUnit.NANOSECONDS);
    }

    /**
     * Releases the mutex. If threads are waiting, the first of them is woken to try again.
     *
     * @throws IllegalMonitorStateException if the current thread does not hold this mutex,
     *     including when it is not locked at all; the mutex is then unchanged
     */
    @Override
    public void unlock() {
        requireHeld();
        giveBack(1);
    }

    /**
     * Returns a new {@link Condition} bound to this mutex. See the class description for its
     * behaviour. The result's type is {@link MutexCondition}, which adds a {@code Duration} form
     * of the timed wait.
     */
    @Override
    public MutexCondition newCondition() {
        return new MutexCondition(this);
    }

    /**
     * Queries whether any thread holds this mutex. Designed for monitoring, not for
     * synchronization control.
     *
     * @return {@code true} if some thread holds this mutex
     */
    public boolean isLocked() {
        return (state & LOCKED) != 0;
    }

    /**
     * Queries whether the current thread holds this mutex. This answer is exact (it cannot be
     * stale), so it suits assertions such as {@code assert mutex.isHeldByCurrentThread()}.
     *
     * @return {@code true} if the current thread holds this mutex
     */
    public boolean isHeldByCurrentThread() {
        return getExclusiveOwnerThread() == Thread.currentThread(); // exact by MX-I2
    }

    /**
     * Returns {@code true} if this mutex has fairness set true.
     *
     * @return {@code true} if this mutex has fairness set true
     */
    public final boolean isFair() {
        return (state & FAIR) != 0;
    }

    /**
     * Queries whether any threads are waiting to acquire this mutex. Because cancellations may
     * occur at any time, a {@code true} return does not guarantee that any other thread will ever
     * acquire it. Threads waiting on a condition are not counted until they are signalled.
     *
     * @return {@code true} if there may be other threads waiting to acquire this mutex
     */
    public final boolean hasQueuedThreads() {
        return hasWaiters();
    }

    /**
     * Queries whether the given thread is waiting to acquire this mutex. A snapshot for monitoring.
     *
     * @param thread the thread
     * @return {@code true} if the given thread is queued waiting for this mutex
     * @throws NullPointerException if the thread is null
     */
    public final boolean hasQueuedThread(Thread thread) {
        Objects.requireNonNull(thread);
        return isWaiting(thread);
    }

    /**
     * Returns an estimate of the number of threads waiting to acquire this mutex. Designed for
     * monitoring, not for synchronization control.
     *
     * @return the estimated number of threads waiting for this mutex
     */
    public final int getQueueLength() {
        return waiterCount();
    }

    /**
     * Returns a best-effort collection of the threads that may be waiting to acquire this mutex.
     *
     * @return the collection of threads
     */
    protected Collection<Thread> getQueuedThreads() {
        return waitingThreads();
    }

    /**
     * Returns the thread that holds this mutex, or {@code null} if it is not held. When called by a
     * thread that does not hold it, the value is a best-effort snapshot.
     *
     * @return the owner, or {@code null} if not owned
     */
    protected Thread getOwner() {
        return getExclusiveOwnerThread();
    }

    /**
     * Queries the number of holds on this mutex by the current thread: {@code 1} if the current
     * thread holds it, otherwise {@code 0}. A mutex is not reentrant, so the count never exceeds
     * one; the method exists so that code written against {@code ReentrantLock} moves over.
     *
     * @return the number of holds on this mutex by the current thread, {@code 0} or {@code 1}
     */
    public int getHoldCount() {
        return isHeldByCurrentThread() ? 1 : 0;
    }

    /**
     * Queries whether any threads are waiting on the given condition of this mutex. Because
     * timeouts and interrupts may occur at any time, a {@code true} return does not guarantee that
     * a future {@code signal} will wake any thread. Designed for monitoring.
     *
     * @param condition the condition
     * @return {@code true} if there are any waiting threads
     * @throws IllegalMonitorStateException if this mutex is not held by the current thread
     * @throws IllegalArgumentException if the given condition is not associated with this mutex
     * @throws NullPointerException if the condition is null
     */
    public boolean hasWaiters(Condition condition) {
        return conditionOf(condition).hasWaiters();
    }

    /**
     * Returns an estimate of the number of threads waiting on the given condition of this mutex.
     * Because timeouts and interrupts may occur at any time, the estimate serves only as an upper
     * bound on the actual number of waiters. Designed for monitoring, not for synchronization
     * control.
     *
     * @param condition the condition
     * @return the estimated number of waiting threads
     * @throws IllegalMonitorStateException if this mutex is not held by the current thread
     * @throws IllegalArgumentException if the given condition is not associated with this mutex
     * @throws NullPointerException if the condition is null
     */
    public int getWaitQueueLength(Condition condition) {
        return conditionOf(condition).getWaitQueueLength();
    }

    /**
     * Returns a collection of the threads that may be waiting on the given condition of this mutex,
     * longest-waiting first. Because timeouts and interrupts may occur at any time, it is a
     * best-effort estimate. Designed for subclasses that provide more extensive monitoring.
     *
     * @param condition the condition
     * @return the collection of threads
     * @throws IllegalMonitorStateException if this mutex is not held by the current thread
     * @throws IllegalArgumentException if the given condition is not associated with this mutex
     * @throws NullPointerException if the condition is null
     */
    protected Collection<Thread> getWaitingThreads(Condition condition) {
        return conditionOf(condition).getWaitingThreads();
    }

    /** The condition as one of this mutex's, checked in the order ReentrantLock checks it. */
    private MutexCondition conditionOf(Condition condition) {
        Objects.requireNonNull(condition);
        if (!(condition instanceof MutexCondition) || !((MutexCondition) condition).isOf(this)) {
            throw new IllegalArgumentException("Condition " + condition + " is not one of " + this);
        }
        return (MutexCondition) condition;
    }

    /**
     * Returns a string identifying this mutex, as well as its state: {@code "[Unlocked]"} or
     * {@code "[Locked by thread "} followed by the owner's name and {@code "]"}.
     *
     * @return a string identifying this mutex, as well as its state
     */
    @Override
    public String toString() {
        Thread o = getExclusiveOwnerThread();
        return super.toString() + (o == null ? "[Unlocked]" : "[Locked by thread " + o.getName() + "]");
    }

    /**
     * Restores the fairness; the LOCKED bit is dropped, so the copy is unlocked.
     *
     * @param in the stream
     * @throws IOException if the stream cannot be read
     * @throws ClassNotFoundException if a class of the stream cannot be found
     */
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        state &= FAIR;
    }

    // ---- the mechanism: the locked bit and the owner; the waiting is QueuedSynchronizer's ----

    /** Takes the mutex if it is free now: the only grant (MX-I1). */
    @Override
    final boolean tryGrant(int ignored) {
        int s = state;
        if ((s & LOCKED) == 0 && casState(s, s | LOCKED)) { // MX-E1 acquire side
            setExclusiveOwnerThread(Thread.currentThread()); // MX-I2: after the CAS, by the holder
            return true;
        }
        return false;
    }

    @Override
    final boolean canGrant(int ignored) {
        return (state & LOCKED) == 0; // QS-I9: volatile read after its writes
    }

    /** Frees the mutex; called by the holder only (unlock and await check it). */
    @Override
    final boolean tryGiveBack(int ignored) {
        setExclusiveOwnerThread(null); // MX-I2: before the store, so it cannot erase the next owner
        state &= FAIR; // only the holder writes while LOCKED (MX-I1); MX-E1 release side;
                       // MX-E2: a volatile store, ordered before the engine's reads of the queue
        return true;
    }

    @Override
    final boolean fairArrivals() {
        return isFair();
    }

    /** MX-I3: the holder may not wait for itself; it throws before anything changes. */
    @Override
    final void beforeWaiting() {
        if (isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException("Mutex already held by the current thread "
                    + Thread.currentThread() + "; it is not reentrant");
        }
    }

    final void requireHeld() {
        if (!isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException("Mutex not held by " + Thread.currentThread());
        }
    }

    private boolean casState(int expected, int update) {
        return STATE.compareAndSet(this, expected, update);
    }

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Mutex.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        new Mutex().casState(0, 0); // QS-I12: runs the CAS's call site once, on a mutex of its own
    }
}
