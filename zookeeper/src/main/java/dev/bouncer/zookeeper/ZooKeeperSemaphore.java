package dev.bouncer.zookeeper;

import dev.bouncer.Permit;
import dev.bouncer.PermitSource;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.imps.CuratorFrameworkState;
import org.apache.curator.framework.recipes.locks.InterProcessSemaphoreV2;
import org.apache.curator.framework.recipes.locks.Lease;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.curator.utils.PathUtils;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.data.Stat;

/**
 * A counting semaphore shared by every process that uses the same ZooKeeper path: a
 * {@link PermitSource} on Apache Curator's {@link InterProcessSemaphoreV2}. Each permit is one
 * Curator {@link Lease}, an ephemeral node of the client's session, so it is given back when its
 * {@link Permit} is closed or when the session ends. Switching a pool from one JVM to a cluster is
 * one line:
 *
 * <pre>{@code
 * PermitSource pool = new Semaphore(2);
 * PermitSource pool = ZooKeeperSemaphore.create(client, "/pools/db", 2);
 * }</pre>
 *
 * <p>Every process must create the semaphore of a path with the same number of permits: the number
 * is each process's own convention, and ZooKeeper does not check it. Waiting acquirers are served
 * in the order ZooKeeper orders their requests, as Curator's recipe does ("mostly fair"); the
 * untimed {@link #tryAcquirePermit(int) tryAcquirePermit} does not barge, and may fail while
 * another process is in the middle of an acquire even though a permit is free.
 *
 * <p>The handles are {@link ZooKeeperPermit}s. A handle becomes {@linkplain Permit#isValid()
 * invalid}, and its {@linkplain ZooKeeperPermit#onLost(Runnable) loss callbacks} run, as soon as
 * the client reports its connection {@linkplain ConnectionState#SUSPENDED suspended} or its session
 * {@linkplain ConnectionState#LOST lost}: from then on the process cannot tell whether another
 * process holds the permit. Each handle carries a {@linkplain ZooKeeperPermit#fencingToken()
 * fencing token} that grows with every grant of this path, so that a resource can refuse a holder
 * whose lease was lost while it was paused. {@code docs/distributed.md} lists every failure and
 * what a holder sees.
 *
 * <p><b>Differences from {@link dev.bouncer.Semaphore}.</b> A request for zero permits throws
 * {@link IllegalArgumentException} (a handle on no lease would have no node, and so no fencing
 * token), and so does one for more than the semaphore has, which could never be granted. Acquires need a started client and throw {@link IllegalStateException} otherwise.
 * ZooKeeper failures (connection loss after the client's retry policy gave up, an expired session
 * during an acquire) throw {@link PermitSourceException}; interrupts throw
 * {@link InterruptedException} from the methods that declare it. A timed acquire that finds the
 * client disconnected waits for the connection no longer than its timeout, but a ZooKeeper
 * operation that is under way when the connection drops can outlast it by up to the client's
 * connection timeout for each retry its retry policy allows. {@link Permit#close()} never throws
 * for a ZooKeeper failure: Curator retries the deletion of the lease in the background while the
 * session lives, and the end of the session deletes it anyway.
 *
 * <p>One instance is safe for any number of threads. It registers one connection-state listener
 * on the client, for the life of the client: create one instance per path and share it.
 *
 * <h2>Memory consistency effects</h2>
 * Within one JVM and one client, actions in a thread prior to closing a handle
 * <a href="https://docs.oracle.com/javase/specs/jls/se17/html/jls-17.html#jls-17.4.5"><i>happen-before</i></a>
 * actions following an acquire, in another thread, that is granted one of the permits given back:
 * the deletion and the read that sees it pass through the client's request queue. Across clients
 * and JVMs the Java memory model has nothing to say; what ZooKeeper orders is its own data: writes
 * to ZooKeeper made before the close are visible to the process granted the permit, since it saw
 * the deletion of the lease and ZooKeeper applies writes in one order. Writes to any other store
 * need that store's own ordering, such as a check of the {@linkplain ZooKeeperPermit#fencingToken()
 * fencing token}.
 */
public final class ZooKeeperSemaphore implements PermitSource {
    /*
     * Implementation notes (the long form is docs/distributed.md).
     *
     * State. `recipe` is Curator's semaphore on `path`; `held` is every handle granted and not yet
     * closed; `suspensions` counts the connection-state events that may have cost a lease
     * (SUSPENDED, LOST). `connectionWatch` is registered on the client once, by create().
     *
     *   grant(n, deadline):
     *     check n, the client and the interrupt status
     *     for (;;) { seen = suspensions
     *                leases = recipe.acquire(n[, time left])       // null: time ran out
     *                permit = handle(leases); held.add(permit)
     *                if (suspensions == seen) return permit       // ZK-I2
     *                permit.close() }                             // granted across a suspension
     *   connectionWatch(state): if (!state.isConnected()) { suspensions++; for p in held: p.lose(state) }
     *   close(permit): held.remove(permit); recipe.returnAll(permit's leases)
     *
     * Invariants.
     *   ZK-I1  At most `maxPermits` leases of `path` exist at a grant: the recipe creates a lease node
     *       and counts the children of <path>/leases under its own inter-process lock, and grants only
     *       when the count, its own included, is at most the maximum.
     *   ZK-I2  A handle returned by an acquire was granted with no SUSPENDED or LOST event between the
     *       start of the acquire and its return; every later such event reaches it through `held`.
     *       Dekker style: the watch increments `suspensions` then iterates `held`; grant adds to `held`
     *       then reads `suspensions`. Both are sequentially consistent (AtomicLong, ConcurrentHashMap),
     *       so at least one of the two sees the other.
     *   ZK-I3  Leases are given back at most once per handle: only the close whose CAS wins returns
     *       them (ZooKeeperPermit).
     *   ZK-I4  Fencing tokens are the lease nodes' creation zxids, which grow in grant order
     *       (docs/distributed.md, "Fencing tokens", gives the argument from the recipe's lock).
     *
     * Happens-before edges.
     *   ZK-E1  close -> delete of the lease node -> the acquirer's getChildren sees it: within one
     *       client, the delete and the read pass through the client's send queue, in that order.
     *
     * Progress. Acquires block on ZooKeeper round trips and on the recipe's inter-process lock; the
     * connection watch and close() do not wait for other handles.
     */

    private static final long MAX_MILLIS = Long.MAX_VALUE / 1_000_000L;
    /** Timeouts from this long on (about 146 years) wait as the untimed acquire does. */
    private static final long FOREVER_NANOS = Long.MAX_VALUE / 2;

    private final CuratorFramework client;
    private final String path;
    private final int maxPermits;
    private final InterProcessSemaphoreV2 recipe;
    /** Handles granted and not closed; added by grant, removed by close, read by the watch (ZK-I2). */
    private final Set<ZooKeeperPermit> held = ConcurrentHashMap.newKeySet();
    /** SUSPENDED and LOST events seen; incremented by the watch before it reads `held` (ZK-I2). */
    private final AtomicLong suspensions = new AtomicLong();
    private final ConnectionStateListener connectionWatch = this::connectionStateChanged;

    private ZooKeeperSemaphore(CuratorFramework client, String path, int maxPermits) {
        this.client = client;
        this.path = PathUtils.validatePath(path);
        this.maxPermits = maxPermits;
        this.recipe = new InterProcessSemaphoreV2(client, path, maxPermits);
    }

    /**
     * Creates a semaphore of the given number of permits on the given path, shared with every
     * process that uses the same path on the same ensemble (and the client's namespace). Nothing
     * is written to ZooKeeper until the first acquire, so the client need not be started yet.
     *
     * @param client the client to use; acquires need it {@linkplain CuratorFramework#start()
     *     started}
     * @param path the semaphore's ZooKeeper path, such as {@code "/pools/db"}; its
     *     {@code locks} and {@code leases} children are the recipe's
     * @param permits the number of permits, the same in every process; at least one
     * @return the semaphore
     * @throws NullPointerException if {@code client} or {@code path} is null
     * @throws IllegalArgumentException if {@code permits} is less than one or {@code path} is not
     *     a valid ZooKeeper path
     */
    public static ZooKeeperSemaphore create(CuratorFramework client, String path, int permits) {
        if (client == null || path == null) {
            throw new NullPointerException(client == null ? "client" : "path");
        }
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be at least 1: " + permits);
        }
        ZooKeeperSemaphore semaphore = new ZooKeeperSemaphore(client, path, permits);
        client.getConnectionStateListenable().addListener(semaphore.connectionWatch);
        return semaphore;
    }

    /**
     * Returns the number of permits this semaphore was created with: the most that can be held at
     * once across all processes that agree on it.
     *
     * @return the number of permits, at least one
     */
    public int maxPermits() {
        return maxPermits;
    }

    /**
     * Returns the ZooKeeper path of this semaphore, as given to {@link #create}.
     *
     * @return the path
     */
    public String path() {
        return path;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code permits} is less than one or more than
     *     {@link #maxPermits()}
     * @throws IllegalStateException if the client is not started, or is closed while waiting
     * @throws PermitSourceException if ZooKeeper fails; nothing is held then
     */
    @Override
    public ZooKeeperPermit acquirePermit(int permits) throws InterruptedException {
        return grant(permits, false, 0L);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code permits} is less than one or more than
     *     {@link #maxPermits()}
     * @throws IllegalStateException if the client is not started, or is closed while waiting
     * @throws PermitSourceException if ZooKeeper fails; nothing is held then, and the thread's
     *     interrupt status is set if it was interrupted
     */
    @Override
    public ZooKeeperPermit acquirePermitUninterruptibly(int permits) {
        return uninterruptibly(permits, false);
    }

    /**
     * {@inheritDoc} Returns the handle as a {@link ZooKeeperPermit}, for its fencing token.
     *
     * @throws IllegalStateException if the client is not started, or is closed while waiting
     * @throws PermitSourceException if ZooKeeper fails; nothing is held then
     */
    @Override
    public ZooKeeperPermit acquirePermit() throws InterruptedException {
        return acquirePermit(1);
    }

    /**
     * {@inheritDoc} Returns the handle as a {@link ZooKeeperPermit}, for its fencing token.
     *
     * @throws IllegalStateException if the client is not started, or is closed while waiting
     * @throws PermitSourceException if ZooKeeper fails; nothing is held then
     */
    @Override
    public ZooKeeperPermit acquirePermitUninterruptibly() {
        return acquirePermitUninterruptibly(1);
    }

    /**
     * {@inheritDoc} This takes ZooKeeper round trips, and fails if another process is in the
     * middle of an acquire of this path. An interrupt does not stop it; the thread's interrupt
     * status is as it was on entry.
     *
     * @throws IllegalArgumentException if {@code permits} is less than one or more than
     *     {@link #maxPermits()}
     * @throws IllegalStateException if the client is not started
     * @throws PermitSourceException if ZooKeeper fails; nothing is held then
     */
    @Override
    public Optional<Permit> tryAcquirePermit(int permits) {
        return Optional.ofNullable(uninterruptibly(permits, true));
    }

    /**
     * {@inheritDoc} A wait for a lost connection counts against the timeout; see the class
     * description for an operation that is under way when the connection drops.
     *
     * @throws IllegalArgumentException if {@code permits} is less than one or more than
     *     {@link #maxPermits()}
     * @throws IllegalStateException if the client is not started, or is closed while waiting
     * @throws PermitSourceException if ZooKeeper fails; nothing is held then
     */
    @Override
    public Optional<Permit> tryAcquirePermit(int permits, long timeout, TimeUnit unit)
            throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        return Optional.ofNullable(grant(permits, true, nanos));
    }

    /**
     * Acquires, retrying after interrupts, and sets the interrupt status again before returning
     * or throwing if there was one: the untimed try if {@code tryOnly} (the timed acquire with a
     * timeout of zero), else the untimed acquire.
     */
    private ZooKeeperPermit uninterruptibly(int permits, boolean tryOnly) {
        boolean interrupted = false;
        try {
            for (;;) {
                try {
                    return grant(permits, tryOnly, 0L);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The one acquire path. Untimed when {@code timed} is false; otherwise waits at most
     * {@code timeoutNanos} and returns null if the time ran out.
     */
    private ZooKeeperPermit grant(int permits, boolean timed, long timeoutNanos)
            throws InterruptedException {
        if (permits < 1 || permits > maxPermits) {
            throw new IllegalArgumentException(
                    "permits must be between 1 and " + maxPermits + ": " + permits);
        }
        requireStarted();
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (timeoutNanos >= FOREVER_NANOS) {
            timed = false;
        }
        long deadline = timed ? System.nanoTime() + Math.max(0L, timeoutNanos) : 0L;
        for (;;) {
            long seen = suspensions.get();
            Collection<Lease> leases;
            if (timed) {
                long left = deadline - System.nanoTime();
                if (!awaitConnection(left)) {
                    return null;
                }
                leases = acquireLeases(permits, true, deadline - System.nanoTime());
            } else {
                leases = acquireLeases(permits, false, 0L);
            }
            if (leases == null) {
                requireStarted(); // the recipe also returns null when the client was closed
                if (timed) {
                    return null;
                }
                throw new PermitSourceException("no lease granted on " + path, null);
            }
            ZooKeeperPermit permit = register(leases, permits);
            if (suspensions.get() == seen) { // ZK-I2
                return permit;
            }
            permit.close(); // the connection was suspended during the acquire: give back, try again
        }
    }

    /**
     * Waits up to the given time for the client to be connected, if it is not; the untimed try
     * and timeouts of zero or less do not wait.
     */
    private boolean awaitConnection(long nanos) throws InterruptedException {
        if (client.getZookeeperClient().isConnected()) {
            return true;
        }
        if (nanos <= 0L) {
            return false;
        }
        int millis = (int) Math.min(Integer.MAX_VALUE, toMillisRoundingUp(nanos));
        return client.blockUntilConnected(millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Calls the recipe: untimed, or waiting at most {@code nanos} (rounded up to whole
     * milliseconds, the recipe's resolution; zero or less does not wait).
     */
    private Collection<Lease> acquireLeases(int permits, boolean timed, long nanos)
            throws InterruptedException {
        try {
            if (!timed) {
                return recipe.acquire(permits);
            }
            return recipe.acquire(permits, toMillisRoundingUp(nanos), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.interrupted(); // Curator sets the status again before it rethrows
            throw e;
        } catch (Exception e) {
            requireStarted(); // a client closed during the wait fails the recipe in its own ways
            throw new PermitSourceException("acquiring " + permits + " of " + path + " failed", e);
        }
    }

    /** Wraps granted leases in a handle and adds it to `held`; gives them back if that fails. */
    private ZooKeeperPermit register(Collection<Lease> leases, int permits) {
        boolean registered = false;
        try {
            ZooKeeperPermit permit = new ZooKeeperPermit(this, leases, permits);
            held.add(permit);
            registered = true;
            return permit;
        } finally {
            if (!registered) {
                recipe.returnAll(leases); // an OutOfMemoryError, say: hold nothing
            }
        }
    }

    /** Gives a closed handle's leases back (ZK-I3: called once per handle, by the winning close). */
    void giveBack(ZooKeeperPermit permit, Collection<Lease> leases) {
        held.remove(permit);
        recipe.returnAll(leases); // a guaranteed delete: Curator retries it while the session lives
    }

    /**
     * Reads the fencing token of the given leases: the largest creation zxid among their nodes
     * (ZK-I4), or -1 if a node is gone. Ignores interrupts, which it sets again afterwards.
     */
    long readFencingToken(Collection<Lease> leases) {
        boolean interrupted = Thread.interrupted();
        try {
            long token = -1L;
            for (Lease lease : leases) {
                Stat stat = client.checkExists()
                        .forPath(ZKPaths.makePath(path, "leases", lease.getNodeName()));
                if (stat == null) {
                    return -1L;
                }
                token = Math.max(token, stat.getCzxid());
            }
            return token;
        } catch (InterruptedException e) {
            interrupted = true;
            throw new PermitSourceException("interrupted reading the fencing token on " + path, e);
        } catch (Exception e) {
            throw new PermitSourceException("reading the fencing token on " + path + " failed", e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether the client can still be used; a closed client has ended its session. */
    boolean clientStarted() {
        return client.getState() == CuratorFrameworkState.STARTED;
    }

    private void requireStarted() {
        CuratorFrameworkState state = client.getState();
        if (state != CuratorFrameworkState.STARTED) {
            throw new IllegalStateException("the Curator client is " + (state == CuratorFrameworkState.LATENT
                    ? "not started" : "closed") + ": cannot acquire permits of " + path);
        }
    }

    /** The connection watch: invalidates every held handle on SUSPENDED and LOST (ZK-I2). */
    private void connectionStateChanged(CuratorFramework source, ConnectionState state) {
        if (state.isConnected()) {
            return;
        }
        suspensions.incrementAndGet();
        for (ZooKeeperPermit permit : held) {
            permit.lose(state);
        }
    }

    private static long toMillisRoundingUp(long nanos) {
        if (nanos <= 0L) {
            return 0L;
        }
        long millis = nanos / 1_000_000L;
        return nanos % 1_000_000L == 0L || millis == MAX_MILLIS ? millis : millis + 1L;
    }

    @Override
    public String toString() {
        return "ZooKeeperSemaphore[path=" + path + ", permits=" + maxPermits + "]";
    }
}
