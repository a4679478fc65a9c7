package dev.bouncer;

/**
 * Test-only access to the wait queue of a {@link Semaphore}, for the litmus tests of cancellation
 * (QS-I5, QS-E7) in {@code dev.bouncer.jcstress.semaphore}. It builds a queue state
 * without threads: each node stands for a waiter whose thread is elsewhere, and a test's actor
 * plays that waiter's part on it (gives up, is granted), or plays an arriving thread (appends).
 * Like {@link SignalProbe}, it lives in the jcstress module, in the library's package, so the
 * library exports nothing for it. Never part of the published jar.
 *
 * <p>Rules of use, which the engine assumes: each node is cancelled or granted by one actor only
 * (its "owner"), and a node is appended once. The checks ({@link #isLinked}, {@link #linkedCount},
 * {@link #waiterCount}) are read-only and meant for an {@code @Arbiter}, after the actors.
 */
public final class QueueProbe {
    /**
     * The owner recorded in every node: a thread that is never started, so that the waiter queries
     * count the nodes as waiting threads, and an unpark aimed at one does nothing.
     */
    private static final Thread OWNER = new Thread(() -> { }, "queue-probe-owner");

    private final Semaphore semaphore;
    private final QueuedSynchronizer.Waiter[] nodes;
    /**
     * The queue's head as the probe knows it: the initial dummy (the first node's {@code prev}
     * when it was appended), or the last node {@link #grant} granted. Written by the granting
     * actor, read by the arbiter.
     */
    private volatile QueuedSynchronizer.Waiter head;

    /**
     * A semaphore with {@code permits}, and {@code queued} waiter nodes appended in order (nodes
     * 0 to queued - 1, each asking for 1 permit), plus {@code spare} nodes that exist but are not
     * appended yet (nodes queued to queued + spare - 1), for {@link #append}.
     */
    public QueueProbe(int permits, int queued, int spare) {
        if (queued < 1 || spare < 0) {
            throw new IllegalArgumentException("needs at least one queued node");
        }
        semaphore = new Semaphore(permits);
        nodes = new QueuedSynchronizer.Waiter[queued + spare];
        for (int i = 0; i < nodes.length; i++) {
            nodes[i] = new QueuedSynchronizer.Waiter(OWNER, 1);
        }
        for (int i = 0; i < queued; i++) {
            semaphore.append(nodes[i]);
        }
        head = nodes[0].prev; // the dummy head the queue was created with
    }

    /** Appends spare node {@code i}, as an arriving thread does before it waits. */
    public void append(int i) {
        semaphore.append(nodes[i]);
    }

    /** Node {@code i}'s owner gives up (times out, is interrupted): returns once it is unlinked. */
    public void cancel(int i) {
        semaphore.cancel(nodes[i]);
    }

    /**
     * Node {@code i}'s owner, awake, tries for its grant as a waiter does after a wakeup, but
     * without parking: it is granted (and its node becomes the head) if it is the first LIVE
     * waiter and a permit is there, and otherwise gives up (its node is cancelled).
     *
     * @return whether it was granted
     */
    public boolean grant(int i) {
        boolean granted = semaphore.waitQueued(nodes[i], false, true, 0L) == QueuedSynchronizer.GRANTED;
        if (granted) {
            head = nodes[i];
        }
        return granted;
    }

    /** Whether node {@code i} is reachable from the head through {@code next}. */
    public boolean isLinked(int i) {
        int steps = 0;
        for (QueuedSynchronizer.Waiter p = head.next; p != null && steps <= nodes.length; p = p.next) {
            if (p == nodes[i]) {
                return true;
            }
            steps++; // links only point forward in append order, so this bound is never reached
        }
        return false;
    }

    /** The engine's count of nodes linked after its head, CANCELLED ones included (the hook for QS-I5). */
    public int linkedCount() {
        return semaphore.linkedWaiterCount();
    }

    /** The engine's count of LIVE waiters, walked from the tail through {@code prev}. */
    public int waiterCount() {
        return semaphore.waiterCount();
    }

    /** The permits left. */
    public int permits() {
        return semaphore.availablePermits();
    }
}
