package dev.bouncer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.concurrent.locks.AbstractOwnableSynchronizer;
import java.util.concurrent.locks.LockSupport;

/**
 * The engine every bouncer primitive waits on: arrival, a lock-free FIFO queue of parked threads,
 * the timed, interruptible and uninterruptible waits, cancellation, and release-then-signal.
 *
 * <p>A primitive keeps its own state (permits, the locked bit) in its own fields and supplies only
 * how to change it: {@link #tryGrant} (take what a request asks for, if it is there now),
 * {@link #canGrant} (whether it is there now), {@link #tryGiveBack} (return it) and
 * {@link #fairArrivals}. Everything about waiting is here, once. The queue is created the first
 * time a thread has to wait; until then a release costs one read of {@code head}.
 *
 * <p>It extends {@link AbstractOwnableSynchronizer} so that {@link Mutex}, which parks its waiters
 * with itself as the blocker, is seen by thread dumps and deadlock detection as a
 * {@code ReentrantLock} is. The semaphores never set an owner, so for them it is inert.
 */
abstract class QueuedSynchronizer extends AbstractOwnableSynchronizer {
    /*
     * Implementation notes (the long form, with proofs, is docs/engine.md).
     *
     * State. A FIFO of Waiter nodes from `head` to `tail` through `next`, with `prev` pointers
     * back. Both are null until the first thread queues. `head` is a dummy: the node of the last
     * thread that was granted through the queue, or the initial node; the waiters are the nodes
     * after it. A node in the queue is LIVE or CANCELLED (timed out, interrupted, or failed with
     * an error); CANCELLED is final. A node may begin outside the queue as CONDITION (a Mutex
     * condition); transfer() moves it in: CONDITION -> TRANSFERRING by CAS, append, -> LIVE.
     *
     *   arrive(n):   if (fair && someone queued) queue; else if tryGrant(n) return
     *   wait(node):  append node at tail (CAS tail)
     *                loop: p = first LIVE predecessor
     *                      if p == head && tryGrant(n): head = node; signalNext; return
     *                      parked = true; check again; park
     *                      timed out / interrupted: cancel(node)
     *   release(n):  tryGiveBack(n); s = first LIVE waiter; if s parked && canGrant(s.request): unpark
     *   cancel(node): status = CANCELLED; unlink(node); signalNext
     *   signalNext:  s = first LIVE waiter; if canGrant(s.request) && s parked: unpark
     *
     * Invariants.
     *   QS-I1  Once created, head != null and tail != null; tail is reachable from head through
     *          `next` once every append in progress has written its link.
     *   QS-I2  Every node strictly between a node's `prev` and the node (in append order) is
     *          CANCELLED. `prev` is written by whoever appends the node, before it is published,
     *          and afterwards only moved back over CANCELLED nodes (by the owner, or by an unlink's
     *          CAS).
     *   QS-I3  Only the first LIVE waiter (the one whose first LIVE predecessor is head) calls
     *          tryGrant from the queue and writes `head`. Hence FIFO: no queued thread overtakes
     *          another.
     *   QS-I4  `status` goes LIVE -> CANCELLED once and never back; a CANCELLED node never becomes
     *          head. A CONDITION node goes CONDITION -> TRANSFERRING -> LIVE first.
     *   QS-I5  Bounded at every moment: a cancelled node's thread does not leave cancel() until the
     *          node is unreachable from head through `next` (unlink). So the nodes linked after
     *          head are the LIVE waiters plus the nodes of threads that are inside cancel() right
     *          now. Only CANCELLED nodes are ever skipped by a `next` write (QS-E7), and a LIVE
     *          node is never skipped, so no waiter is lost.
     *   QS-I6  transfer: exactly one CAS CONDITION -> TRANSFERRING succeeds per node, so a node is
     *          appended exactly once, by the signaller or by its own thread giving up.
     *   QS-I7  A node's owner enters waitQueued only once the node is LIVE: after its own transfer,
     *          or after awaitTransferred saw the winner's LIVE write, which follows the append.
     *   QS-I8  An Error never leaves a LIVE node without a thread that will try for it, and a
     *          release that throws StackOverflowError released nothing. A waiter reserves stack
     *          (StackHeadroom.ensure) before it creates its node; an OutOfMemoryError can only come
     *          from `new Waiter`, before the append (QS-I12); every exit from waitQueued other than a grant
     *          cancels the node in a finally block. A release reserves stack before tryGiveBack
     *          when the first waiter may be parked; otherwise it makes no call after tryGiveBack:
     *          it looks for a parked first waiter with inline field reads and calls only if it
     *          finds one. Residual window: a waiter that parks between that look-ahead and the
     *          give-back, while the releaser's stack is exactly that short.
     *   QS-I9  Wake-ups follow the request: a waiter is unparked when canGrant(its request) holds,
     *          never on a guess such as "permits > 0". A request of 0 wakes when permits reach 0.
     *   QS-I10 Closing strands nobody: once isClosedToWaiters() is true, every queued thread
     *          leaves with CLOSED at its next look (each pass of the wait loop looks first), and
     *          the closer's wakeAllWaiters() unparks every LIVE waiter it can see (QS-E8). An
     *          arrival that would wait, or a zero-time try that fails, throws closedFailure()
     *          instead.
     *   QS-I11 A WaitListener never changes an outcome: it is called only before a node exists
     *          or after the outcome is final, and the call sits in a try that drops whatever it
     *          throws, a StackOverflowError at the call's own entry included. No release path
     *          calls it.
     *   QS-I12 No VarHandle call site runs for the first time inside an operation. The JVM links
     *          such a site on its first execution, and linking allocates, so a site first run
     *          after a state change (the wake after a give-back, a buffer's claim after its grant)
     *          could throw OutOfMemoryError half-way. Each class's static initializer runs each of
     *          its sites once, on objects of its own (a node, a queue, a semaphore, a gate, a
     *          buffer, a handle, a mutex); the real accessor methods, since javac may give two
     *          calls of one VarHandle method with the same types two constant-pool entries, each
     *          linked separately. A new call site needs a line there.
     *
     * Happens-before edges.
     *   QS-E1  No lost wakeup (Dekker): a releaser's state write (tryGiveBack) precedes its
     *          volatile reads of head, next, status and parked; a waiter's append (tail CAS,
     *          pred.next) and its `parked = true` precede its read of the state in tryGrant. All
     *          volatile, so either the waiter sees the release or the releaser sees the parked
     *          waiter.
     *   QS-E2  A waiter granted through the queue writes `head`, then reads the state in canGrant
     *          for the next waiter: racing releases wake as many waiters as they can satisfy.
     *   QS-E3  A waiter that gives up marks itself CANCELLED, then runs signalNext: a wakeup it may
     *          have consumed goes to the next LIVE waiter.
     *   QS-E4  LockSupport.unpark before park makes that park return.
     *   QS-E5  transfer's append happens-before its volatile write of LIVE, which happens-before
     *          the owner's read of LIVE in awaitTransferred (QS-I7).
     *   QS-E6  A waiter writes `parked = true` before the last check that precedes each park; a
     *          signal unparks only a waiter whose flag it clears by CAS. So a running (or spinning)
     *          waiter costs a signaller one read, and a parked one gets one unpark per park.
     *   QS-E7  An unlink writes into a `next` field only a node it read as LIVE after its own
     *          node's CANCELLED write, by CAS against the value it read. A node is written into a
     *          link only by a thread that read it LIVE, that is before its CANCELLED write; its
     *          canceller, reading every node it walks over after that write, sees the writer's node
     *          cancelled and so works on the same link or an earlier one: the stale CAS then fails
     *          or writes into a node that is already unreachable. A cancelled node, once unlinked,
     *          is never linked again.
     *   QS-E8  No stranded waiter on close (Dekker, as QS-E1): the closer's volatile write of its
     *          closed state precedes its reads of head, tail, prev and parked in wakeAllWaiters; a
     *          waiter's append and its `parked = true` precede its read of the closed state at the
     *          top of the wait loop. So either the waiter sees the close, or the closer sees the
     *          node and its parked flag and unparks it.
     *   QS-E9  setWaitListener's volatile write -> the volatile read of waitListener in a later
     *          acquisition: the listener, and what its constructor wrote, are visible to the thread
     *          that calls it. The read comes after the grant's CAS and only when the grant
     *          succeeded.
     *
     * Progress. Appends, grants, releases and signals are lock-free. cancel() is lock-free except
     * where the queue's last node is being appended: it waits for that append to write its link,
     * a few instructions of a running thread. Waiting is blocking by nature.
     */

    /**
     * A node in the queue: one waiting thread and what it asked for. A primitive may subclass it
     * to link nodes that wait outside the queue on a list of its own (a condition).
     */
    static class Waiter {
        static final int LIVE = 0;
        static final int CANCELLED = 1;
        /** Waiting outside the queue; not appended yet (QS-I4). */
        static final int CONDITION = -1;
        /** Being appended by the winner of transfer; the owner waits for LIVE (QS-I7). */
        static final int TRANSFERRING = -2;

        /** The parked thread; written by its owner, cleared when it leaves the queue. */
        volatile Thread thread;
        /** What the waiter asked for: canGrant and tryGrant's argument (QS-I9). */
        final int request;
        /** LIVE or CANCELLED once in the queue (QS-I4); before that CONDITION or TRANSFERRING. */
        volatile int status;
        /** An earlier node with only CANCELLED nodes between (QS-I2). */
        volatile Waiter prev;
        /** The successor; written by its append, moved past CANCELLED nodes by unlink (QS-E7). */
        volatile Waiter next;
        /** Whether the owner may be parked, so a signal must unpark it (QS-E6). */
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
            this.parked = true; // QS-E6: the first signal after the transfer must unpark it
        }

        boolean isCancelled() {
            return status == CANCELLED;
        }

        boolean casNext(Waiter expected, Waiter update) {
            return NEXT.compareAndSet(this, expected, update);
        }

        boolean casPrev(Waiter expected, Waiter update) {
            return PREV.compareAndSet(this, expected, update);
        }

        /** Claims the unpark of a parked owner; true for exactly one signaller per park (QS-E6). */
        boolean clearParked() {
            return parked && PARKED.compareAndSet(this, true, false);
        }

        boolean casStatus(int expected, int update) {
            return STATUS.compareAndSet(this, expected, update);
        }
    }

    private static final long serialVersionUID = 1L;

    /** The dummy before the first waiter; null until the first wait, then written by QS-I3 only. */
    private transient volatile Waiter head;
    /** The last node appended; null until the first wait; changed by CAS. */
    private transient volatile Waiter tail;
    /** Hears acquisitions and waits, or null (the default); written by setListener (QS-E9, QS-I11). */
    private transient volatile WaitListener waitListener;

    // ---- what a primitive supplies ----

    /** Takes what the request asks for if it is available now, whoever waits: the only grant. */
    abstract boolean tryGrant(int request);

    /**
     * Whether {@link #tryGrant} could succeed for this request now: the wake-up rule (QS-I9). Called
     * by a releaser for the first parked waiter and by a waiter passing a wakeup on.
     */
    abstract boolean canGrant(int request);

    /**
     * Returns what a holder gives back; false, changing nothing, if that is not allowed (a
     * ceiling). Must be a volatile write (or CAS) of the state: QS-E1 depends on it.
     */
    abstract boolean tryGiveBack(int n);

    /** Whether an arriving thread queues behind waiting ones instead of barging. */
    abstract boolean fairArrivals();

    /**
     * Called when an arriving thread's try failed and it is about to wait, before anything
     * changes: a primitive throws here to refuse the wait (Mutex: its holder may not wait for
     * itself). Does nothing by default.
     */
    void beforeWaiting() {
    }

    /**
     * Whether the primitive has been closed to waiting (a closed Semaphore): a queued thread then
     * gives up with {@link #CLOSED} at its next look, and an arrival throws
     * {@link #closedFailure()}. A volatile read (QS-I10); false by default.
     */
    boolean isClosedToWaiters() {
        return false;
    }

    /** The exception a thread gets when {@link #isClosedToWaiters()} turns it away. */
    RuntimeException closedFailure() {
        return new IllegalStateException("closed");
    }

    /**
     * The failure path of a try that does not wait: false, or {@link #closedFailure()} if the
     * primitive is closed (QS-I10), so that a try failed by a close is never mistaken for one
     * failed for want of permits.
     */
    final boolean refuseIfClosed() {
        if (isClosedToWaiters()) {
            throw closedFailure(); // QS-I10
        }
        return false;
    }

    /**
     * What a waiting thread reports as its park blocker (thread dumps, {@link
     * LockSupport#getBlocker}): the primitive a person would name. This object by default; a
     * semaphore that is part of a larger primitive (a buffer's gate) names that primitive instead.
     */
    Object parkBlocker() {
        return this;
    }

    // ---- arrival ----

    /** Blocks until granted; throws on interrupt (also when the status is set on entry). */
    final void grantInterruptibly(int request) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (!tryGrantArriving(request)) {
            int outcome = await(request, true, false, 0L);
            if (outcome == CLOSED) {
                throw closedFailure(); // QS-I10
            }
            if (outcome != GRANTED) {
                throw new InterruptedException();
            }
        }
    }

    /** Blocks until granted; an interrupt while waiting is kept in the thread's status. */
    final void grantUninterruptibly(int request) {
        if (!tryGrantArriving(request) && await(request, false, false, 0L) == CLOSED) {
            throw closedFailure(); // QS-I10; an interrupt while waiting stays in the status
        }
    }

    /**
     * Waits at most {@code nanos} for a grant; a non-positive time does not wait but still honours
     * fairness and interrupts.
     */
    final boolean grantWithin(int request, long nanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (tryGrantArriving(request)) {
            return true;
        }
        if (nanos <= 0L) {
            beforeWaiting();
            return refuseIfClosed();
        }
        int outcome = await(request, true, true, nanos);
        if (outcome == INTERRUPTED) {
            throw new InterruptedException();
        }
        if (outcome == CLOSED) {
            throw closedFailure(); // QS-I10
        }
        return outcome == GRANTED;
    }

    /** The first try of an arriving thread: barges when nonfair, queues behind waiters when fair. */
    private boolean tryGrantArriving(int request) {
        if (fairArrivals() && hasQueuedPredecessors()) {
            return false;
        }
        return tryGrantReported(request);
    }

    /**
     * {@link #tryGrant}, and a success reported to the listener if one is set: the first try of
     * every acquisition, and the whole of an untimed try, which barges.
     */
    final boolean tryGrantReported(int request) {
        if (!tryGrant(request)) {
            return false;
        }
        WaitListener listener = waitListener; // QS-E9: after the grant's CAS, on success only
        if (listener != null) {
            try {
                reportAcquired(listener, request);
            } catch (Throwable dropped) {
                // QS-I11: the grant stands, whatever the listener threw; only its report is lost
            }
        }
        return true;
    }

    // ---- listening ----

    /**
     * Sets the listener that hears this primitive's acquisitions and waits, replacing any listener
     * set before; {@code null} removes it. Acquisitions that begin after this method returns report
     * to the new listener; one already in progress may still report to the old one. See
     * {@link WaitListener} for what is reported, when, and at what cost.
     *
     * @param listener the listener, or {@code null} for none (the default)
     */
    public final void setWaitListener(WaitListener listener) {
        waitListener = listener; // QS-E9: publishes the listener to later acquisitions
    }

    /**
     * Returns the listener set by {@link #setWaitListener}, or {@code null} if none is set.
     *
     * @return the listener, or {@code null}
     */
    public final WaitListener getWaitListener() {
        return waitListener;
    }

    /** Which operation this queue's acquisitions are; a buffer's gate says which side it is. */
    WaitListener.Operation waitOperation() {
        return WaitListener.Operation.ACQUIRE;
    }

    private void reportAcquired(WaitListener listener, int request) {
        listener.acquired(parkBlocker(), waitOperation(), request);
    }

    private void reportWaitStarted(WaitListener listener, int request) {
        listener.waitStarted(parkBlocker(), waitOperation(), request);
    }

    private void reportWaitEnded(WaitListener listener, int request, int outcome, long nanos) {
        listener.waitEnded(parkBlocker(), waitOperation(), request, reported(outcome), nanos);
    }

    /** A wait's outcome as listeners and Flight Recorder report it. */
    private static WaitListener.Outcome reported(int outcome) {
        return outcome == GRANTED ? WaitListener.Outcome.ACQUIRED
                : outcome == INTERRUPTED ? WaitListener.Outcome.INTERRUPTED
                : outcome == CLOSED ? WaitListener.Outcome.CLOSED
                : WaitListener.Outcome.TIMED_OUT;
    }

    // ---- release ----

    /**
     * Gives back {@code n} and wakes the first waiter if its request can now be granted (QS-I9).
     * Reserves stack first when that waiter may be parked (QS-I8).
     *
     * @return false if {@link #tryGiveBack} refused; nothing changed
     */
    final boolean giveBack(int n) {
        if (firstWaiterMayBeParked()) {
            StackHeadroom.ensure(); // QS-I8: an overflow comes before the give-back, not after
        }
        return giveBackReserved(n);
    }

    /**
     * {@link #giveBack} without the reservation: for a caller that reserved stack itself before it
     * took something it must give back, so that a second, deeper reservation cannot fail half-way
     * through its operation (BoundedBuffer's handover, a condition's await).
     */
    final boolean giveBackReserved(int n) {
        if (!tryGiveBack(n)) {
            return false;
        }
        // QS-I8: no call from here unless the first LIVE waiter is parked (the case giveBack()
        // reserved for). The look is the body of firstLiveWaiter, written out because calling it
        // is a stack check. QS-E1: these volatile reads follow the give-back's volatile write.
        Waiter h = head;
        if (h != null) {
            Waiter s = h.next;
            while (s != null && s.status == Waiter.CANCELLED) {
                s = s.next;
            }
            if (s != null && s.parked && canGrant(s.request)) { // QS-I9
                unparkIfParked(s);
            }
        }
        return true;
    }

    // ---- waiting ----

    /**
     * How many times the first waiter retries, spinning, before it announces that it parks: a
     * holder that is about to give back then hands over without an unpark. None on one CPU, where
     * spinning only keeps the holder from running.
     */
    private static final int SPINS_BEFORE_PARK =
            Runtime.getRuntime().availableProcessors() > 1 ? 128 : 0;

    /** {@link #await} outcome: granted. */
    static final int GRANTED = 1;
    /** {@link #await} outcome: the time ran out; nothing was granted. */
    static final int TIMED_OUT = 0;
    /** {@link #await} outcome: the thread was interrupted (flag cleared); nothing was granted. */
    static final int INTERRUPTED = -1;
    /** {@link #await} outcome: the primitive was closed to waiters (QS-I10); nothing was granted. */
    static final int CLOSED = -2;

    /**
     * Whether waits are reported to JDK Flight Recorder ({@link WaitEvent}): true when the jdk.jfr
     * module is in the runtime and this module reads it, and cleared for good if WaitEvent fails to
     * initialize (a class whose initializer failed throws NoClassDefFoundError on every later use).
     * While false, WaitEvent is not touched. Plain: a thread that reads the clearing late tries
     * once more.
     */
    private static boolean waitEvents = ModuleLayer.boot().findModule("jdk.jfr")
            .map(QueuedSynchronizer.class.getModule()::canRead)
            .orElse(false);

    /** Appends a node for the current thread and waits in the queue (the slow path of arrival). */
    private int await(int request, boolean interruptible, boolean timed, long nanos) {
        beforeWaiting();
        StackHeadroom.ensure(); // QS-I8: a StackOverflowError strikes here, before the node exists
        Object event = null; // null: not recorded
        if (waitEvents) {
            try {
                event = WaitEvent.begin(this, request);
            } catch (LinkageError unusable) {
                // WaitEvent could not be initialized (its first use met an OutOfMemoryError, say):
                // no events from now on, and this wait goes on; QS-I8, nothing is taken yet
                waitEvents = false;
            }
        }
        WaitListener listener = waitListener; // QS-E9; read once, so one listener hears both ends
        long start = 0L;
        if (listener != null) {
            start = System.nanoTime();
            try {
                reportWaitStarted(listener, request);
            } catch (Throwable dropped) {
                // QS-I11: nothing is taken yet, and the wait goes on; only the report is lost
            }
        }
        Waiter node = new Waiter(Thread.currentThread(), request);
        append(node);
        int outcome = waitQueued(node, interruptible, timed, nanos);
        if (event != null) {
            try {
                WaitEvent.end(event, reported(outcome));
            } catch (Throwable dropped) {
                // QS-I8, QS-I11: the outcome stands (a grant is already taken); only its event is lost
            }
        }
        if (listener != null) {
            try {
                reportWaitEnded(listener, request, outcome, System.nanoTime() - start);
            } catch (Throwable dropped) {
                // QS-I8, QS-I11: the outcome stands (a grant is already taken); only its report is lost
            }
        }
        return outcome;
    }

    /**
     * Waits on behalf of a node that is already appended (by {@link #await} or by a condition's
     * transfer). On any outcome other than a grant the node is cancelled before this returns or
     * throws, also when an Error escapes. An uninterruptible wait returns with the interrupt
     * status set if it was interrupted.
     */
    final int waitQueued(Waiter node, boolean interruptible, boolean timed, long nanos) {
        long deadline = timed ? System.nanoTime() + nanos : 0L;
        boolean interrupted = false;
        boolean granted = false;
        boolean closed = false;
        int spins = SPINS_BEFORE_PARK;
        try {
            for (;;) {
                if (isClosedToWaiters()) { // QS-I10: after the append and after parked = true
                    closed = true;
                    break;
                }
                Waiter pred = firstLivePredecessor(node);
                if (pred == head) {
                    if (tryGrant(node.request)) {
                        granted = true; // first: the grant is done, whatever happens next
                        setHead(node, pred);
                        signalNext(); // QS-E2: pass any surplus on to the next waiter
                        break;
                    }
                    if (spins > 0 && !node.parked) {
                        spins--; // the first waiter only; QS-E6: a releaser sends no unpark meanwhile
                        Thread.onSpinWait();
                        continue;
                    }
                }
                if (!node.parked) {
                    node.parked = true; // QS-E6: announce, then check once more before parking
                    continue;
                }
                if (timed) {
                    // Differences of nanoTime only, so Long.MAX_VALUE waits ~292 years, not overflows.
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0L) {
                        break;
                    }
                    LockSupport.parkNanos(parkBlocker(), remaining);
                } else {
                    LockSupport.park(parkBlocker());
                }
                spins = SPINS_BEFORE_PARK; // woken: spin again before parking again
                if (Thread.interrupted()) {
                    interrupted = true;
                    if (interruptible) {
                        break;
                    }
                }
            }
        } finally {
            if (!granted) {
                cancel(node); // QS-E3; also on an Error, so a dead node never stays LIVE
            }
        }
        if (interrupted && (granted || !interruptible)) {
            Thread.currentThread().interrupt(); // keep an interrupt that was not acted on
        }
        if (granted) {
            return GRANTED;
        }
        if (closed) {
            return CLOSED;
        }
        return interrupted && interruptible ? INTERRUPTED : TIMED_OUT;
    }

    /** Creates the queue if no thread has waited yet; may allocate, so call it before changing state. */
    final void ensureQueue() {
        while (tail == null) {
            Waiter h = head;
            if (h == null) {
                h = new Waiter(null, 0);
                if (!HEAD.compareAndSet(this, null, h)) {
                    continue;
                }
            }
            TAIL.compareAndSet(this, null, h); // helps a creator that set head but not yet tail
        }
    }

    /** Appends the node at the tail. Lock-free: a failed CAS means another append succeeded. */
    final void append(Waiter node) {
        ensureQueue();
        for (;;) {
            Waiter t = tail;
            node.prev = t; // QS-I2: set before the node is published by the CAS
            if (casTail(t, node)) { // QS-E1: the node is published before its owner reads the state
                t.next = node; // QS-E1: written before the owner's first tryGrant
                return;
            }
            Thread.onSpinWait();
        }
    }

    /**
     * Moves a node that waits outside the queue into it, if nobody has yet: the signal of a
     * condition, or its waiter giving up. Exactly one call per node returns true (QS-I6); the node's
     * thread is not woken here, it is signalled in queue order like any waiter. The caller has
     * called {@link #ensureQueue}, so this allocates nothing.
     */
    final boolean transfer(Waiter node) {
        if (!node.casStatus(Waiter.CONDITION, Waiter.TRANSFERRING)) { // QS-I6: one winner
            return false;
        }
        append(node);
        node.status = Waiter.LIVE; // QS-E5: publishes the links append wrote
        return true;
    }

    /**
     * Called by a node's own thread that saw its node leave CONDITION through another thread's
     * transfer: waits until that transfer has finished appending (QS-I7), a few instructions of the
     * winner, so this spins rather than parks.
     */
    static void awaitTransferred(Waiter node) {
        while (node.status != Waiter.LIVE) {
            Thread.onSpinWait();
        }
    }

    /**
     * Unparks every parked LIVE waiter, whatever it asked for: for a primitive that has just made
     * {@link #isClosedToWaiters()} true, so that each one looks again and leaves (QS-I10). Walks from
     * the tail through {@code prev}, which reaches every LIVE node appended before the read of
     * {@code tail} (QS-I2).
     */
    final void wakeAllWaiters() {
        Waiter h = head; // QS-E8: these volatile reads follow the caller's closing write
        for (Waiter p = tail; p != null && p != h; p = p.prev) {
            if (!p.isCancelled()) {
                unparkIfParked(p);
            }
        }
    }

    /** Wakes the first LIVE waiter if its request can now be granted (QS-I9) and it is parked. */
    private void signalNext() {
        Waiter s = firstLiveWaiter();
        if (s != null && canGrant(s.request)) {
            unparkIfParked(s);
        }
    }

    /** QS-E6: only the signaller that clears the flag unparks, so a running waiter costs no unpark. */
    private static void unparkIfParked(Waiter s) {
        if (s.clearParked()) { // QS-E6
            Thread t = s.thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    /** Skips CANCELLED predecessors of the caller's own node and caches the result (QS-I2). */
    private static Waiter firstLivePredecessor(Waiter node) {
        Waiter p = node.prev;
        if (p.isCancelled()) {
            do {
                p = p.prev; // a CANCELLED node's prev is never null: it was never head (QS-I4)
            } while (p.isCancelled());
            node.prev = p;
        }
        return p;
    }

    /** Makes the granted first waiter the new dummy head and unlinks the old one (QS-I3). */
    private void setHead(Waiter node, Waiter pred) {
        node.thread = null;
        head = node; // QS-E2: volatile write before signalNext reads the state
        node.prev = null;
        pred.next = null; // the old head and any cancelled nodes after it become garbage
    }

    /**
     * Marks the node CANCELLED, unlinks it (QS-I5), and passes on a wakeup it may have consumed (QS-E3).
     * Called only by the node's own thread.
     */
    final void cancel(Waiter node) {
        node.status = Waiter.CANCELLED; // first: signals skip it, and QS-E7 orders the walks below
        node.thread = null;
        unlink(node);
        signalNext();
    }

    /**
     * Returns once the cancelled node is unreachable from head through {@code next} (QS-I5). Each
     * round either finds it unreachable, or changes a link by CAS, or sees another thread's change
     * (a failed CAS, an append in progress), so the round after sees less to do (QS-E7).
     */
    private void unlink(Waiter node) {
        for (int round = 0; ; round++) {
            Waiter pred = node.prev;
            while (pred.isCancelled()) {
                pred = pred.prev; // QS-I2: everything walked over is CANCELLED
            }
            if (pred.prev == null && pred != head) {
                return; // pred is a former head: the queue moved past it, and so past node
            }
            Waiter first = pred.next;
            Waiter q = first;
            while (q != null && q != node && q.isCancelled()) {
                q = q.next;
            }
            if (q != node) {
                return; // nothing after pred leads to node any more
            }
            Waiter succ = node.next;
            while (succ != null && succ.isCancelled()) {
                succ = succ.next;
            }
            if (succ != null) {
                if (pred.casNext(first, succ)) { // QS-E7: skips only CANCELLED nodes
                    Waiter back = succ.prev;
                    if (back != null && back.isCancelled()) {
                        succ.casPrev(back, pred); // QS-I2 still holds; keeps succ's walk short
                    }
                    return;
                }
            } else {
                Waiter t = tail;
                if (t == pred) {
                    pred.casNext(first, null); // QS-E7: pred is last: drop the cancelled nodes after it
                } else if (t.isCancelled()) {
                    trimTail(t);
                } else {
                    backOff(round); // a LIVE node is being appended; wait for its link
                }
            }
        }
    }

    /** Moves the tail back from a CANCELLED node to its first LIVE predecessor (QS-I2). */
    private void trimTail(Waiter t) {
        Waiter p = t.prev;
        while (p.isCancelled()) {
            p = p.prev;
        }
        casTail(t, p); // QS-I1: a failed CAS means an append moved the tail; unlink looks again
    }

    /** Waiting for another thread's append to write its link: spin, then yield the CPU. */
    private static void backOff(int round) {
        if (round < 64) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }

    // ---- queries; all are snapshots, like the JDK's, and may be stale when returned ----

    /** The first LIVE waiter node, or null. */
    private Waiter firstLiveWaiter() {
        Waiter h = head;
        if (h == null) {
            return null;
        }
        Waiter s = h.next;
        while (s != null && s.isCancelled()) {
            s = s.next;
        }
        return s;
    }

    /**
     * Whether the first LIVE waiter may be parked, so that a release now would have to unpark it:
     * a releaser reserves stack only then (QS-I8), since the unpark itself costs far more.
     */
    private boolean firstWaiterMayBeParked() {
        Waiter s = firstLiveWaiter();
        return s != null && s.parked;
    }

    /**
     * Whether a LIVE waiter other than the current thread is first in the queue, or an append is in
     * progress: the fairness test for an arriving thread. Errs towards true while an append is half
     * done, which only makes the caller queue behind it.
     */
    final boolean hasQueuedPredecessors() {
        Waiter h = head;
        if (h == null) {
            return false;
        }
        Waiter s = h.next;
        Waiter last = h;
        while (s != null && s.isCancelled()) {
            last = s;
            s = s.next;
        }
        if (s == null) {
            return last != tail; // an append that has not linked `next` yet
        }
        return s.thread != Thread.currentThread();
    }

    /** Whether any LIVE waiter is queued. */
    final boolean hasWaiters() {
        Waiter h = head;
        if (h == null) {
            return false;
        }
        for (Waiter s = h.next; s != null; s = s.next) {
            if (!s.isCancelled() && s.thread != null) {
                return true;
            }
        }
        return false;
    }

    /** Counts LIVE waiters, walking from the tail back to the head through {@code prev}. */
    final int waiterCount() {
        return waiterCount(Integer.MAX_VALUE);
    }

    /**
     * Counts LIVE waiters as {@link #waiterCount()} does, but stops at {@code limit}: for a caller
     * on the wait path, where a walk of the whole queue would cost each arrival time in proportion
     * to the waiters ahead of it.
     */
    final int waiterCount(int limit) {
        int n = 0;
        Waiter h = head;
        for (Waiter p = tail; p != null && p != h && n < limit; p = p.prev) {
            if (!p.isCancelled() && p.thread != null) {
                n++;
            }
        }
        return n;
    }

    /** Whether the given thread has a LIVE node in the queue. */
    final boolean isWaiting(Thread thread) {
        Waiter h = head;
        for (Waiter p = tail; p != null && p != h; p = p.prev) {
            if (!p.isCancelled() && p.thread == thread) {
                return true;
            }
        }
        return false;
    }

    /** The threads of LIVE waiters, most recently queued first (as the JDK's AQS returns them). */
    final Collection<Thread> waitingThreads() {
        ArrayList<Thread> list = new ArrayList<>();
        Waiter h = head;
        for (Waiter p = tail; p != null && p != h; p = p.prev) {
            Thread t = p.thread;
            if (t != null && !p.isCancelled()) {
                list.add(t);
            }
        }
        return list;
    }

    /**
     * Counts the nodes linked after head through {@code next}, CANCELLED ones included: what the
     * queue still holds on to. A test hook for QS-I5.
     */
    final int linkedWaiterCount() {
        Waiter h = head;
        int n = 0;
        for (Waiter p = h == null ? null : h.next; p != null; p = p.next) {
            n++;
        }
        return n;
    }

    private boolean casTail(Waiter expected, Waiter update) {
        return TAIL.compareAndSet(this, expected, update);
    }

    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle NEXT;
    private static final VarHandle PREV;
    private static final VarHandle STATUS;
    private static final VarHandle PARKED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(QueuedSynchronizer.class, "head", Waiter.class);
            TAIL = lookup.findVarHandle(QueuedSynchronizer.class, "tail", Waiter.class);
            NEXT = lookup.findVarHandle(Waiter.class, "next", Waiter.class);
            PREV = lookup.findVarHandle(Waiter.class, "prev", Waiter.class);
            STATUS = lookup.findVarHandle(Waiter.class, "status", int.class);
            PARKED = lookup.findVarHandle(Waiter.class, "parked", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        // QS-I12: run every VarHandle call site of this class and of Waiter once, now, on
        // objects of this initializer's own: a node outside any queue (CONDITION, parked) and
        // a queue that grants nothing.
        Waiter node = new Waiter(null, 0, Waiter.CONDITION);
        node.clearParked();
        node.casStatus(Waiter.CONDITION, Waiter.CONDITION);
        node.casNext(null, null);
        node.casPrev(null, null);
        LinkProbe queue = new LinkProbe();
        queue.ensureQueue(); // HEAD's and TAIL's sites there
        queue.append(new Waiter(null, 0)); // casTail's
    }

    /** A queue that grants nothing: the static initializer runs its call sites once (QS-I12). */
    private static final class LinkProbe extends QueuedSynchronizer {
        private static final long serialVersionUID = 1L;

        @Override
        boolean tryGrant(int request) {
            return false;
        }

        @Override
        boolean canGrant(int request) {
            return false;
        }

        @Override
        boolean tryGiveBack(int n) {
            return false;
        }

        @Override
        boolean fairArrivals() {
            return false;
        }
    }
}
