package dev.bouncer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.concurrent.locks.LockSupport;

/**
 * The lock-free FIFO queue that every bouncer primitive parks its waiting threads on.
 *
 * <p>A primitive keeps its own state (permits, owner) in its own fields and changes it by CAS. It
 * creates a {@code WaitQueue} lazily, the first time a thread has to wait, and tells the queue how
 * to try an acquire through {@link #tryAcquireQueued} and whether a waiter could now proceed
 * through {@link #shouldSignalNext}. The queue never holds state of the primitive; it only decides
 * who tries next and who sleeps.
 *
 * @param <S> the primitive; it is the blocker that waiting threads park with
 */
abstract class WaitQueue<S> {
    /*
     * Implementation notes.
     *
     * State. A singly linked FIFO of Waiter nodes from head to tail through `next`, with `prev`
     * pointers back. `head` is a dummy: the node of the last thread that acquired through the
     * queue, or the initial node. The waiters are the nodes after it. A node in the queue is LIVE
     * or CANCELLED (timed out, interrupted, or failed with an error); CANCELLED is final.
     *
     * A node may also begin outside the queue, as CONDITION: its thread waits on a primitive's
     * own list (a Mutex condition). transfer(node) moves it in: CONDITION -> TRANSFERRING by CAS,
     * append, then TRANSFERRING -> LIVE. The signaller and the node's own thread (giving up on a
     * timeout or interrupt) may both call transfer; the CAS lets exactly one of them win (I6).
     *
     *   acquire(node):                           signalNext():
     *     append node at tail (CAS tail)           s = first LIVE node after head (via next)
     *     loop:                                    unpark(s.thread)
     *       p = first LIVE predecessor of node
     *       if p == head && tryAcquireQueued:    cancel(node):
     *         head = node                          node.status = CANCELLED
     *         if shouldSignalNext: signalNext      trim CANCELLED nodes off the tail
     *         return                               if shouldSignalNext: signalNext
     *       park (timed or not)
     *       on timeout/interrupt: cancel(node)
     *
     * Invariants.
     *   I1  head != null and tail != null; tail is reachable from head through `next` once every
     *       append in progress has written its `next` link.
     *   I2  A node's `prev` is written by the thread that appends it, before the node is published
     *       (the owner, or the winner of a transfer), and afterwards only by the owner when it
     *       skips cancelled predecessors. So `prev` always points to a node that was appended
     *       earlier, and every node skipped over is CANCELLED.
     *   I3  Only the first LIVE waiter (the one whose first LIVE predecessor is head) calls
     *       tryAcquireQueued and writes `head`. Hence FIFO: no queued thread overtakes another.
     *   I4  `status` goes LIVE -> CANCELLED once and never back; a CANCELLED node never becomes head.
     *       A node that starts as CONDITION goes CONDITION -> TRANSFERRING -> LIVE first; only
     *       LIVE -> CANCELLED is written by the owner in acquireQueued.
     *   I5  A cancelled node is unlinked from the tail by its own thread (trimTail) and from the
     *       front when head moves past it, so cancelled nodes do not accumulate.
     *   I6  transfer: exactly one CAS CONDITION -> TRANSFERRING succeeds per node, so a node is
     *       appended exactly once, by the signaller (the signal is consumed) or by its own thread
     *       (it gave up; the signaller sees the CAS fail and signals another node).
     *   I7  A node's owner enters acquireQueued only once the node is LIVE: after its own
     *       transfer, or after awaitTransferred saw the winner's LIVE write, which follows append.
     *       Until then the node may sit in the queue as TRANSFERRING; the queue treats it as a
     *       waiter that is not cancelled (nodes behind it wait, signalNext may unpark its thread).
     *   I8  An Error never leaves a LIVE node without a thread that will try for it. acquire calls
     *       StackHeadroom.ensure() before it creates the node, so a StackOverflowError strikes
     *       before the append rather than inside acquireQueued/cancel; an OutOfMemoryError can
     *       only come from `new Waiter`, also before the append; and every exit from
     *       acquireQueued other than success cancels the node in a finally block. A release calls
     *       ensure() before its CAS when the first waiter may be parked (the unpark it will send
     *       costs far more than the reservation), so that wakeup cannot be cut off. Every other
     *       release makes no call at all after its CAS or store: it looks for a parked first
     *       waiter with inline field reads (head, next, status, parked, as signalNext reads them)
     *       and calls signalNext only if it finds one. Any call there, even one that does nothing,
     *       is a stack check that could fail after the release (found in CI, 2026-11-27: an
     *       unlock that threw StackOverflowError had released the mutex). So a release that throws
     *       StackOverflowError released nothing. Residual window, documented: a waiter that parks
     *       between the releaser's check and its CAS, while the releaser's stack is exactly that
     *       short: its wakeup can still be cut off.
     *
     * Happens-before edges.
     *   E1  The primitive's state update (a volatile CAS in the releasing thread) is followed by
     *       signalNext's volatile read of `head`/`next`; a waiter appends itself (volatile writes
     *       of `tail` and pred.next) before it reads the state in tryAcquireQueued. Both sides are
     *       volatile, so in the synchronization order either the waiter sees the new state or the
     *       releaser sees the waiter and unparks it (Dekker). No wakeup is lost.
     *   E2  After a queued acquire the new head's thread writes `head` (volatile) and then reads the
     *       state in shouldSignalNext. A release whose signalNext read the old head had already
     *       published its state change, so the new head sees it and passes the wakeup on: racing
     *       releases wake as many waiters as they can satisfy.
     *   E3  A waiter that gives up after it may have consumed an unpark marks itself CANCELLED
     *       (volatile) and then re-checks shouldSignalNext; a cancelled head-of-line waiter thus
     *       hands its wakeup to the next LIVE waiter.
     *   E4  LockSupport.unpark before park makes that park return, so a signal sent between the
     *       waiter's last check and its park is not lost.
     *   E6  A waiter writes `parked = true` (volatile) before the last check that precedes each
     *       park; signalNext unparks only a waiter whose flag it clears by CAS. A releaser that
     *       reads `parked == false` did so before the waiter's write, so the waiter's check
     *       after that write sees the release (Dekker again, as E1). Running waiters thus cost a
     *       signaller one read instead of an unpark system call, and a parked waiter gets one
     *       unpark however many releases race.
     *   E5  transfer's append (including the node's `prev`) happens-before its volatile write of
     *       LIVE, which happens-before the owner's read of LIVE in awaitTransferred: the owner
     *       sees a fully linked node when it starts acquireQueued (I7).
     *
     * Progress. Appends and signals are lock-free (a failed CAS means another thread progressed).
     * Waiting is blocking by nature. A spurious return from park only repeats the loop.
     */

    /**
     * A node in the wait queue: one waiting thread and what it asked for. A primitive may subclass
     * it to link nodes that wait outside the queue on a list of its own (a condition).
     */
    static class Waiter {
        static final int LIVE = 0;
        static final int CANCELLED = 1;
        /** Waiting outside the queue; not appended yet (I4). */
        static final int CONDITION = -1;
        /** Being appended by the winner of transfer; the owner waits for LIVE (I7). */
        static final int TRANSFERRING = -2;

        /** The parked thread; written by its owner, cleared when it leaves the queue. */
        volatile Thread thread;
        /** How much the waiter asked for, for the primitive's own use (permits for a semaphore). */
        final int request;
        /**
         * LIVE or CANCELLED once in the queue, written by the owner thread only; before that
         * CONDITION or TRANSFERRING, changed by transfer (I4, I6).
         */
        volatile int status;
        /**
         * The first predecessor that was LIVE when last looked at; written by whoever appends the
         * node, then by the owner only (I2).
         */
        volatile Waiter prev;
        /** The successor; written by the successor's append, CAS-cleared by trimTail and setHead. */
        volatile Waiter next;
        /**
         * Whether the owner may be parked, so a signal must unpark it (E6). Set by the owner
         * before its last check ahead of a park; cleared by the CAS of the one signal that unparks
         * it. A condition node starts set: its thread parks outside the queue until transferred.
         */
        volatile boolean parked;

        Waiter(Thread thread, int request) {
            this.thread = thread;
            this.request = request;
        }

        /** A node that starts outside the queue, as {@link #CONDITION}, for {@link #transfer}. */
        Waiter(Thread thread, int request, int status) {
            this.thread = thread;
            this.request = request;
            this.status = status;
            this.parked = true; // E6: the first signal after the transfer must unpark it
        }

        boolean isCancelled() {
            return status == CANCELLED;
        }

        boolean casNext(Waiter expected, Waiter update) {
            return NEXT.compareAndSet(this, expected, update);
        }

        /** Claims the unpark of a parked owner; true for exactly one signaller per park (E6). */
        boolean clearParked() {
            return parked && PARKED.compareAndSet(this, true, false);
        }

        boolean casStatus(int expected, int update) {
            return STATUS.compareAndSet(this, expected, update);
        }
    }

    /** The primitive that owns this queue; the park blocker of every waiting thread. */
    final S owner;
    /**
     * The dummy node before the first waiter; written only by the first waiter (I3). Read by a
     * releasing primitive directly, for the look after its release that must not make a call (I8).
     */
    volatile Waiter head;
    /** The last node appended; changed by CAS in append and trimTail. */
    private volatile Waiter tail;

    WaitQueue(S owner) {
        this.owner = owner;
        Waiter dummy = new Waiter(null, 0);
        this.head = dummy;
        this.tail = dummy;
    }

    /**
     * Tries to acquire on behalf of the first waiter. Called only by the thread whose node is first
     * in the queue (I3), so fairness checks are not needed here.
     */
    abstract boolean tryAcquireQueued(int request);

    /**
     * Whether the first waiter might now succeed: called after a queued acquire (E2) and after a
     * cancel (E3). Returning true too often costs a spurious wakeup; returning false when a waiter
     * could proceed loses a wakeup.
     */
    abstract boolean shouldSignalNext();

    /** {@link #acquire} outcome: the primitive was acquired. */
    static final int ACQUIRED = 1;
    /** {@link #acquire} outcome: the time ran out; nothing was acquired. */
    static final int TIMED_OUT = 0;
    /** {@link #acquire} outcome: the thread was interrupted (flag cleared); nothing was acquired. */
    static final int INTERRUPTED = -1;

    /**
     * Appends a new node for the current thread and waits until {@link #tryAcquireQueued} succeeds
     * for it, the time runs out, or (when interruptible) the thread is interrupted.
     *
     * @param nanos the time to wait; ignored unless {@code timed}
     * @return {@link #ACQUIRED}, {@link #TIMED_OUT} or {@link #INTERRUPTED}; the caller throws
     */
    final int acquire(int request, boolean interruptible, boolean timed, long nanos) {
        StackHeadroom.ensure(); // I8: a StackOverflowError strikes here, before the node exists
        Waiter node = new Waiter(Thread.currentThread(), request);
        append(node);
        return acquireQueued(node, interruptible, timed, nanos);
    }

    /**
     * Waits in the queue on behalf of a node that is already appended (by {@link #acquire} or by a
     * condition's transfer). On any outcome other than success the node is cancelled before this
     * method returns or throws, also when an Error escapes, so a failed waiter never blocks the
     * queue. An uninterruptible wait returns with the interrupt flag set if it was interrupted.
     */
    final int acquireQueued(Waiter node, boolean interruptible, boolean timed, long nanos) {
        long deadline = timed ? System.nanoTime() + nanos : 0L;
        boolean interrupted = false; // seen while waiting
        boolean acquired = false;
        try {
            for (;;) {
                Waiter pred = firstLivePredecessor(node);
                if (pred == head && tryAcquireQueued(node.request)) {
                    acquired = true; // first: the grant is done, whatever happens next
                    setHead(node, pred);
                    if (shouldSignalNext()) {
                        signalNext(); // E2: pass any surplus on to the next waiter
                    }
                    break;
                }
                if (!node.parked) {
                    node.parked = true; // E6: announce, then check once more before parking
                    continue;
                }
                if (timed) {
                    // Differences of nanoTime only, so Long.MAX_VALUE waits ~292 years, not overflows.
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0L) {
                        break;
                    }
                    LockSupport.parkNanos(owner, remaining);
                } else {
                    LockSupport.park(owner);
                }
                if (Thread.interrupted()) {
                    interrupted = true;
                    if (interruptible) {
                        break;
                    }
                }
            }
        } finally {
            if (!acquired) {
                cancel(node); // E3; also on an Error, so a dead node never stays LIVE
            }
        }
        if (interrupted && (acquired || !interruptible)) {
            Thread.currentThread().interrupt(); // uninterruptible: return with the flag set
        }
        if (acquired) {
            return ACQUIRED;
        }
        return interrupted && interruptible ? INTERRUPTED : TIMED_OUT;
    }

    /** Appends the node at the tail. Lock-free: a failed CAS means another append succeeded. */
    final void append(Waiter node) {
        for (;;) {
            Waiter t = tail;
            node.prev = t; // I2: set before the node is published by the CAS
            if (casTail(t, node)) {
                t.next = node; // E1: written before the owner's first tryAcquireQueued
                return;
            }
            Thread.onSpinWait();
        }
    }

    /**
     * Moves a node that waits outside the queue into it, if nobody has yet: the signal of a
     * condition, or its waiter giving up. Exactly one call per node returns true (I6); the node's
     * thread is not woken here, it is signalled in queue order like any waiter.
     *
     * @return whether this call appended the node; false if another call already had
     */
    final boolean transfer(Waiter node) {
        if (!node.casStatus(Waiter.CONDITION, Waiter.TRANSFERRING)) { // I6: one winner
            return false;
        }
        append(node);
        node.status = Waiter.LIVE; // E5: publishes the links append wrote
        return true;
    }

    /**
     * Called by a node's own thread that saw its node leave CONDITION through another thread's
     * transfer: waits until that transfer has finished appending (I7). The window is a few
     * instructions of the winner, who is running, so this spins rather than parks.
     */
    static void awaitTransferred(Waiter node) {
        while (node.status != Waiter.LIVE) {
            Thread.onSpinWait();
        }
    }

    /**
     * Wakes the first LIVE waiter, if any. A waiter whose append has not yet written its
     * {@code next} link is not found here, but it re-checks the state itself before it parks (E1).
     */
    final void signalNext() {
        Waiter s = head.next;
        while (s != null && s.isCancelled()) {
            s = s.next;
        }
        if (s != null && s.clearParked()) { // E6: no unpark for a waiter that is running
            Thread t = s.thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    /** Skips CANCELLED predecessors of the caller's own node and caches the result (I2). */
    private static Waiter firstLivePredecessor(Waiter node) {
        Waiter p = node.prev;
        if (p.isCancelled()) {
            do {
                p = p.prev; // a CANCELLED node's prev is never null: it was never head (I4)
            } while (p.isCancelled());
            node.prev = p;
        }
        return p;
    }

    /** Makes the acquiring first waiter the new dummy head and unlinks the old one (I3, I5). */
    private void setHead(Waiter node, Waiter pred) {
        node.thread = null;
        head = node; // E2: volatile write before shouldSignalNext reads the state
        node.prev = null;
        pred.next = null; // the old head and any cancelled nodes after it become garbage
    }

    /**
     * Marks the node CANCELLED, unlinks cancelled nodes at the tail, and passes on a wakeup the
     * node may have consumed (E3). Called only by the node's own thread.
     */
    final void cancel(Waiter node) {
        node.status = Waiter.CANCELLED; // first, so signalNext skips this node from now on
        node.thread = null;
        trimTail();
        if (shouldSignalNext()) {
            signalNext();
        }
    }

    /**
     * Moves the tail back over CANCELLED nodes so a storm of timed-out waiters leaves no garbage
     * (I5). A CAS that fails means a new node was appended after the tail; that node skips the
     * cancelled ones itself, and head later moves past them.
     */
    private void trimTail() {
        for (;;) {
            Waiter t = tail;
            if (!t.isCancelled()) {
                return;
            }
            Waiter p = t.prev;
            while (p.isCancelled()) {
                p = p.prev;
            }
            // Every node between p and t is CANCELLED (I2), so p.next leads only to garbage.
            Waiter garbage = p.next;
            if (casTail(t, p) && garbage != null) {
                p.casNext(garbage, null); // fails harmlessly if a new append got there first
            }
            // Look again: p may have been cancelled meanwhile, or an append moved the tail.
        }
    }

    // ---- introspection; all are snapshots, like the JDK's, and may be stale when returned ----

    /**
     * Whether the first LIVE waiter may be parked, so that a release now would have to unpark it:
     * a releaser reserves stack only then (I8), since the unpark itself costs far more.
     */
    final boolean firstWaiterMayBeParked() {
        Waiter s = head.next;
        while (s != null && s.isCancelled()) {
            s = s.next;
        }
        return s != null && s.parked;
    }

    /** Whether any LIVE waiter is queued. */
    final boolean hasWaiters() {
        return firstWaiter() != null;
    }

    /**
     * Whether a LIVE waiter other than the current thread is first in the queue, or an append is in
     * progress: the fairness test for an arriving thread. Errs towards true while an append is half
     * done, which only makes the caller queue behind it.
     */
    final boolean hasQueuedPredecessors() {
        Waiter h = head;
        Waiter s = h.next;
        Waiter last = h;
        while (s != null && s.isCancelled()) {
            last = s;
            s = s.next;
        }
        if (s == null) {
            return last != tail; // an append that has not linked `next` yet
        }
        Thread t = s.thread;
        return t != Thread.currentThread();
    }

    /** The first LIVE waiter node, or null. */
    private Waiter firstWaiter() {
        Waiter s = head.next;
        while (s != null && (s.isCancelled() || s.thread == null)) {
            s = s.next;
        }
        return s;
    }

    /** Counts LIVE waiters, walking from the tail back to the head through {@code prev}. */
    final int size() {
        int n = 0;
        for (Waiter p = tail; p != null && p != head; p = p.prev) {
            if (!p.isCancelled() && p.thread != null) {
                n++;
            }
        }
        return n;
    }

    /**
     * Counts the nodes linked after head through {@code next}, CANCELLED ones included: what the
     * queue still holds on to. A test hook for I5 (no leak of cancelled nodes).
     */
    final int linkedWaiterCount() {
        int n = 0;
        for (Waiter p = head.next; p != null; p = p.next) {
            n++;
        }
        return n;
    }

    /** Whether the given thread has a LIVE node in the queue. */
    final boolean contains(Thread thread) {
        for (Waiter p = tail; p != null && p != head; p = p.prev) {
            if (!p.isCancelled() && p.thread == thread) {
                return true;
            }
        }
        return false;
    }

    /** The threads of LIVE waiters, most recently queued first (as the JDK's AQS returns them). */
    final Collection<Thread> threads() {
        ArrayList<Thread> list = new ArrayList<>();
        for (Waiter p = tail; p != null && p != head; p = p.prev) {
            Thread t = p.thread;
            if (t != null && !p.isCancelled()) {
                list.add(t);
            }
        }
        return list;
    }

    private boolean casTail(Waiter expected, Waiter update) {
        return TAIL.compareAndSet(this, expected, update);
    }

    private static final VarHandle TAIL;
    private static final VarHandle NEXT;
    private static final VarHandle STATUS;
    private static final VarHandle PARKED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            TAIL = lookup.findVarHandle(WaitQueue.class, "tail", Waiter.class);
            NEXT = lookup.findVarHandle(Waiter.class, "next", Waiter.class);
            STATUS = lookup.findVarHandle(Waiter.class, "status", int.class);
            PARKED = lookup.findVarHandle(Waiter.class, "parked", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
