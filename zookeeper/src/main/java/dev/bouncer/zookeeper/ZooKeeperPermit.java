package dev.bouncer.zookeeper;

import dev.bouncer.Permit;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.curator.framework.recipes.locks.Lease;
import org.apache.curator.framework.state.ConnectionState;

/**
 * The {@link Permit} a {@link ZooKeeperSemaphore} hands out: one Curator {@link Lease} per permit,
 * each an ephemeral node of the client's session. Closing the handle deletes them, once.
 *
 * <p><b>Loss.</b> Unlike a {@link dev.bouncer.Semaphore}'s handle, this one can lose its permits
 * while it is held. When the client reports its connection {@link ConnectionState#SUSPENDED
 * SUSPENDED} or its session {@link ConnectionState#LOST LOST}, every handle of the client's
 * semaphores becomes {@linkplain #isValid() invalid} for good, and its {@link #whenLost()} future
 * completes with that state. SUSPENDED already counts: the session may expire on the servers
 * before the client learns of it, and another process may then be granted the permit. A handle
 * stays invalid after the connection comes back, even if the session survived; close it and
 * acquire again. Closing a lost handle is still required: it deletes the leases if they survived.
 *
 * <p><b>The window no lease closes.</b> A holder learns of a loss only when it looks: a thread
 * paused (by a collector, a full disk, a stopped VM) after its last check of {@link #isValid()}
 * may act after its lease has gone to another process. A resource that must not be touched by
 * two holders should check the {@linkplain #fencingToken() fencing token} sent with each request,
 * and refuse one lower than the highest it has seen.
 *
 * <h2>Memory consistency effects</h2>
 * As for {@link Permit}, within one client (see {@link ZooKeeperSemaphore}). In addition, the
 * connection event that invalidates a handle <i>happens-before</i> a call of {@link #isValid()}
 * that returns {@code false} because of it, and before the actions run by {@link #onLost} and
 * on {@link #whenLost()}.
 */
public final class ZooKeeperPermit implements Permit {
    /*
     * Implementation notes (the long form is docs/distributed.md).
     *
     * State. `state` is HELD or CLOSED, moved HELD -> CLOSED only by CAS. `lost` completes with the
     * connection state that cost the leases; a close that wins before any loss cancels it, so that
     * nobody waits on it forever. `fencingToken` is 0 until first read (a czxid is never 0).
     *
     *   close():    lost.cancel(); if (!CAS(state, HELD, CLOSED)) return; semaphore.giveBack(leases)
     *   lose(s):    lost.complete(s)                    // the watch, or a missing node
     *   isValid():  state == HELD && !lost.isDone() && client started
     *
     * Invariants: ZK-I3 (one give-back per handle) and ZK-I4 (the token), defined in
     * ZooKeeperSemaphore.
     */

    private static final int HELD = 0;
    private static final int CLOSED = 1;

    private final ZooKeeperSemaphore semaphore;
    private final List<Lease> leases;
    private final int permits;
    /** Completed by the connection watch (or a missing node), cancelled by the first close. */
    private final CompletableFuture<ConnectionState> lost = new CompletableFuture<>();
    /** HELD or CLOSED; moved HELD -> CLOSED only by CAS (ZK-I3). */
    private volatile int state;
    /** The fencing token once read, else 0; written with the same value by any racing readers. */
    private volatile long fencingToken;

    ZooKeeperPermit(ZooKeeperSemaphore semaphore, Collection<Lease> leases, int permits) {
        this.semaphore = semaphore;
        this.leases = List.copyOf(leases);
        this.permits = permits;
    }

    @Override
    public int permits() {
        return permits;
    }

    /**
     * Returns whether this handle still holds its permits, as far as this process knows:
     * {@code false} once it is closed, once the client has reported its connection suspended or
     * its session lost since the grant, or once the client is closed. A {@code true} may be stale
     * as soon as it is returned; see the class description for the window it leaves.
     *
     * @return {@code true} if the permits are still held through this handle
     */
    @Override
    public boolean isValid() {
        return state == HELD && !lost.isDone() && semaphore.clientStarted();
    }

    /**
     * Deletes the leases, if this handle has not been closed; otherwise does nothing. Of any
     * number of calls, from any threads, exactly one gives the leases back. It does not throw for
     * a ZooKeeper failure: Curator retries a failed deletion in the background while the session
     * lives, and the end of the session deletes the leases anyway. A lost handle must still be
     * closed, to give back leases that survived a suspension.
     */
    @Override
    public void close() {
        lost.cancel(false); // before the CAS: a loss reported after a close began runs no action
        if (!STATE.compareAndSet(this, HELD, CLOSED)) { // ZK-I3: only the first close gets past here
            return;
        }
        semaphore.giveBack(this, leases);
    }

    /**
     * Returns this handle's fencing token: a number that ZooKeeper assigned when the permits were
     * granted, larger than the token of every earlier grant of the same path, by any process and
     * session. Send it with each request to a resource that the permits guard; the resource
     * keeps the highest token it has seen and refuses lower ones, which shuts out a holder that
     * lost its lease while paused. It is the creation zxid of the handle's lease node (the largest
     * one if the handle holds several).
     *
     * <p>The first call reads it from ZooKeeper, and so also checks that the leases still exist;
     * later calls return the same number without a round trip. The read ignores interrupts, and
     * leaves the thread's interrupt status as it was.
     *
     * @return the fencing token, positive
     * @throws IllegalStateException if this handle was closed before its token was first read
     * @throws PermitSourceException if a lease node no longer exists (the handle is then lost, as
     *     by {@link ConnectionState#LOST}), or ZooKeeper cannot be read
     */
    public long fencingToken() {
        long token = fencingToken;
        if (token != 0L) {
            return token;
        }
        if (state != HELD) {
            throw new IllegalStateException("closed before its fencing token was read");
        }
        token = semaphore.readFencingToken(leases);
        if (token < 0L) {
            lose(ConnectionState.LOST);
            throw new PermitSourceException("the lease of " + semaphore.path() + " is gone", null);
        }
        fencingToken = token;
        return token;
    }

    /**
     * Runs the given action once this handle is lost, or at once in the calling thread if it is
     * lost already. A handle closed before any loss never runs it. The action runs in the thread
     * that reports the loss, usually Curator's connection-state thread, which every listener of
     * the client shares: keep it short and do not block in it. What it throws is dropped.
     *
     * @param action what to run, such as cancelling the work the permits guard
     * @throws NullPointerException if {@code action} is null
     */
    public void onLost(Runnable action) {
        if (action == null) {
            throw new NullPointerException("action");
        }
        lost.thenRun(action);
    }

    /**
     * Returns a future that completes with the connection state that cost this handle its
     * permits ({@link ConnectionState#SUSPENDED} or {@link ConnectionState#LOST}), or is cancelled
     * once the handle is closed first. Each call returns a new future; completing it does not
     * affect the handle.
     *
     * @return the loss, as a future
     */
    public CompletableFuture<ConnectionState> whenLost() {
        CompletableFuture<ConnectionState> loss = new CompletableFuture<>();
        lost.whenComplete((state, cancelled) -> {
            if (cancelled == null) {
                loss.complete(state);
            } else {
                loss.cancel(false);
            }
        });
        return loss;
    }

    /** Marks the handle lost, unless it is closed or lost already; runs the loss actions. */
    void lose(ConnectionState cause) {
        lost.complete(cause);
    }

    @Override
    public String toString() {
        String status = state == CLOSED ? "closed" : lost.isDone() ? "lost" : "held";
        return "ZooKeeperPermit[" + permits + " of " + semaphore.path() + ", " + status + "]";
    }

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(ZooKeeperPermit.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
