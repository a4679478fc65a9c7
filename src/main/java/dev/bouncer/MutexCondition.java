package dev.bouncer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;

/**
 * The {@link Condition} of a {@link Mutex}, made by {@link Mutex#newCondition()}; it has no public
 * constructor. The class is public so that a thread dump, which names the blocker a waiting
 * thread parked on, names a class a reader can look up: a thread in {@code await} parks with this
 * condition as the blocker (not the mutex, which it does not wait for yet), and once signalled it
 * moves onto the mutex's wait queue, where it parks with the mutex.
 *
 * <p>Its methods have the contract of {@link Condition}, as {@link Mutex#newCondition()} describes
 * it: each requires the mutex to be held by the calling thread and throws
 * {@link IllegalMonitorStateException} otherwise; {@code await} releases the mutex and reacquires
 * it before it returns or throws, also on interrupt and timeout.
 */
public final class MutexCondition implements Condition {
    /*
     * Implementation notes (see Mutex's notes for MX-I1..MX-I6 and MX-E1..MX-E4, and docs/mutex.md).
     *
     * State. A FIFO list of ConditionWaiter nodes, firstWaiter..lastWaiter through nextWaiter,
     * guarded by the mutex (MX-I4). A node is the same object that later waits in the mutex's
     * queue (QueuedSynchronizer): it starts as CONDITION and transfer appends it there.
     *
     *   await:   node = new CONDITION node; add to list; mutex.giveBackReserved(1)
     *            while node is CONDITION:
     *              park (timed)
     *              timed out, or interrupted (and interruptible): transfer(node) by own thread
     *                -> won: the outcome is TIMED_OUT / INTERRUPTED; lost: signalled after all
     *            awaitTransferred(node)           (a signaller may still be appending it)
     *            waitQueued(node, uninterruptible)
     *            gave up: unlink node from the list
     *   signal:  while list not empty: node = remove first; if transfer(node) return
     *
     * The outcome is decided by the one CAS in transfer (MX-I5, QS-I6). An
     * interrupt therefore throws only if it won against any signal; an interrupt that lost, or one that came
     * while reacquiring, leaves the interrupt status set on a normal return (Condition's contract).
     */

    private static final int SIGNALLED = 0;
    private static final int TIMED_OUT = 1;
    private static final int INTERRUPTED = 2;

    /** How the deadline of the wait loop is measured. */
    private static final int UNTIMED = 0;
    private static final int NANO_TIME = 1; // deadline is a System.nanoTime() value
    private static final int WALL_CLOCK = 2; // deadline: currentTimeMillis() value, >= 0

    /** A node of the condition list; the node is the waiter in the mutex's queue once signalled. */
    static final class ConditionWaiter extends QueuedSynchronizer.Waiter {
        /** The next node in the condition list; guarded by the mutex (MX-I4). */
        ConditionWaiter nextWaiter;

        ConditionWaiter(Thread thread) {
            super(thread, 1, CONDITION);
        }
    }

    private final Mutex mutex;
    /** Guarded by the mutex (MX-I4). */
    private ConditionWaiter firstWaiter;
    /** Guarded by the mutex (MX-I4). */
    private ConditionWaiter lastWaiter;

    MutexCondition(Mutex mutex) {
        this.mutex = mutex;
    }

    @Override
    public void await() throws InterruptedException {
        awaitInterruptibly(UNTIMED, 0L);
    }

    @Override
    public void awaitUninterruptibly() {
        mutex.requireHeld();
        awaitWithin(false, UNTIMED, 0L);
    }

    @Override
    public long awaitNanos(long nanosTimeout) throws InterruptedException {
        long start = System.nanoTime();
        awaitInterruptibly(NANO_TIME, start + Math.max(nanosTimeout, 0L));
        long remaining = nanosTimeout - (System.nanoTime() - start);
        return remaining <= nanosTimeout ? remaining : Long.MIN_VALUE; // wrapped below MIN_VALUE
    }

    @Override
    public boolean await(long time, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(time);
        return awaitInterruptibly(NANO_TIME, System.nanoTime() + Math.max(nanos, 0L)) != TIMED_OUT;
    }

    /**
     * Waits until signalled, interrupted, or the given time elapses; as
     * {@link #await(long, TimeUnit)}. A duration too long for a {@code long} of nanoseconds waits
     * effectively forever.
     *
     * @param timeout the maximum time to wait; zero or negative means do not wait for a signal
     *     (the mutex is still released and reacquired)
     * @return {@code false} if the time elapsed before the method returned, else {@code true}
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting
     * @throws IllegalMonitorStateException if the current thread does not hold the mutex
     * @throws NullPointerException if {@code timeout} is null
     */
    public boolean await(Duration timeout) throws InterruptedException {
        return await(TimeUnit.NANOSECONDS.convert(timeout), TimeUnit.NANOSECONDS);
    }

    @Override
    public boolean awaitUntil(Date deadline) throws InterruptedException {
        // Every date before 1970 has passed. Clamped, so that deadline - now in the wait loop cannot
        // wrap to a large positive value (new Date(Long.MIN_VALUE) would otherwise spin for ever).
        long millis = Math.max(deadline.getTime(), 0L);
        return awaitInterruptibly(WALL_CLOCK, millis) != TIMED_OUT;
    }

    @Override
    public void signal() {
        signalOne();
    }

    @Override
    public void signalAll() {
        mutex.requireHeld();
        StackHeadroom.ensure(); // QS-I8: a transfer, once its CAS won, must finish
        for (ConditionWaiter w = removeFirst(); w != null; w = removeFirst()) {
            mutex.transfer(w); // a lost CAS means w gave up; it needs no signal
        }
    }

    /**
     * Signals the longest-waiting thread that has not given up; the body of {@link #signal()}.
     *
     * @return whether a waiter was signalled: it will return from await as signalled (MX-I5)
     */
    boolean signalOne() {
        mutex.requireHeld();
        if (firstWaiter != null) {
            StackHeadroom.ensure(); // QS-I8: a transfer, once its CAS won, must finish
        }
        for (ConditionWaiter w = removeFirst(); w != null; w = removeFirst()) {
            if (mutex.transfer(w)) { // MX-I5: won against w's timeout or interrupt
                return true;
            }
        }
        return false;
    }

    /** Whether any thread waits on this condition and has not been signalled; needs the mutex. */
    boolean hasWaiters() {
        return getWaitQueueLength() > 0;
    }

    /** The number of threads that wait on this condition unsignalled; needs the mutex. */
    int getWaitQueueLength() {
        mutex.requireHeld();
        int n = 0;
        for (ConditionWaiter w = firstWaiter; w != null; w = w.nextWaiter) {
            if (w.status == QueuedSynchronizer.Waiter.CONDITION) {
                n++;
            }
        }
        return n;
    }

    /** The threads that wait on this condition unsignalled, longest-waiting first; needs the mutex. */
    Collection<Thread> getWaitingThreads() {
        mutex.requireHeld();
        ArrayList<Thread> threads = new ArrayList<>();
        for (ConditionWaiter w = firstWaiter; w != null; w = w.nextWaiter) { // list: MX-I4
            Thread t = w.thread;
            // status leaves CONDITION by the one transfer CAS (MX-I5): a snapshot, as the Javadoc says
            if (t != null && w.status == QueuedSynchronizer.Waiter.CONDITION) {
                threads.add(t);
            }
        }
        return threads;
    }

    /** Whether this is a condition of the given mutex. */
    boolean isOf(Mutex m) {
        return mutex == m;
    }

    private int awaitInterruptibly(int timing, long deadline) throws InterruptedException {
        mutex.requireHeld();
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        int outcome = awaitWithin(true, timing, deadline);
        if (outcome == INTERRUPTED) {
            Thread.interrupted(); // may have been set again while reacquiring; we throw instead
            throw new InterruptedException();
        }
        return outcome;
    }

    /**
     * The one wait loop behind every await method. The caller has checked that it holds the
     * mutex. Returns holding the mutex (MX-I6), with SIGNALLED, TIMED_OUT, or (only when
     * interruptible) INTERRUPTED; any other interrupt is left in the thread's interrupt status.
     */
    private int awaitWithin(boolean interruptible, int timing, long deadline) {
        StackHeadroom.ensure(); // QS-I8: overflow before the node exists
        mutex.ensureQueue(); // may allocate: before the node exists (QS-I8)
        ConditionWaiter node = append();
        mutex.giveBackReserved(1); // MX-E4: the node is on the list before the mutex is free;
                                   // QS-I8: no second, deeper reservation once it is on the list
        int outcome = SIGNALLED;
        boolean interrupted = false;
        while (node.status == QueuedSynchronizer.Waiter.CONDITION) {
            if (timing != UNTIMED) {
                long remaining = timing == NANO_TIME
                        ? deadline - System.nanoTime()
                        : deadline - System.currentTimeMillis();
                if (remaining <= 0L) {
                    if (mutex.transfer(node)) { // MX-I5: we won; otherwise a signal did
                        outcome = TIMED_OUT;
                    }
                    break;
                }
                if (timing == NANO_TIME) {
                    LockSupport.parkNanos(this, remaining);
                } else {
                    LockSupport.parkUntil(this, deadline);
                }
            } else {
                LockSupport.park(this);
            }
            if (Thread.interrupted()) {
                interrupted = true;
                if (interruptible) {
                    if (mutex.transfer(node)) { // MX-I5: interrupted before any signal
                        outcome = INTERRUPTED;
                    }
                    break;
                }
            }
        }
        QueuedSynchronizer.awaitTransferred(node); // QS-I7: a signaller may still be appending
        mutex.waitQueued(node, false, false, 0L); // MX-I6; an interrupt here sets the status again
        if (outcome != SIGNALLED) {
            unlink(node); // MX-I4: we hold the mutex again
        }
        if (interrupted && outcome != INTERRUPTED) {
            Thread.currentThread().interrupt(); // signalled first: return normally, status set
        }
        return outcome;
    }

    private ConditionWaiter append() {
        ConditionWaiter node = new ConditionWaiter(Thread.currentThread());
        if (lastWaiter == null) {
            firstWaiter = node;
        } else {
            lastWaiter.nextWaiter = node;
        }
        lastWaiter = node;
        return node;
    }

    private ConditionWaiter removeFirst() {
        ConditionWaiter first = firstWaiter;
        if (first != null) {
            firstWaiter = first.nextWaiter;
            if (firstWaiter == null) {
                lastWaiter = null;
            }
            first.nextWaiter = null;
        }
        return first;
    }

    /** Unlinks a node that gave up, if a signal has not already taken it off the list. */
    private void unlink(ConditionWaiter node) {
        ConditionWaiter trail = null;
        for (ConditionWaiter w = firstWaiter; w != null; w = w.nextWaiter) {
            if (w == node) {
                if (trail == null) {
                    firstWaiter = w.nextWaiter;
                } else {
                    trail.nextWaiter = w.nextWaiter;
                }
                if (lastWaiter == w) {
                    lastWaiter = trail;
                }
                w.nextWaiter = null;
                return;
            }
            trail = w;
        }
    }
}
