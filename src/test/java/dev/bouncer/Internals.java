package dev.bouncer;

/**
 * The package-private hooks of {@code dev.bouncer} that the shared test support reads. The twins in
 * {@code dev.bouncer.support} live outside this package, so they reach the wait queue's node count
 * through here; nothing else is exposed.
 */
public final class Internals {
    private Internals() {
    }

    /** Wait-queue nodes still linked to the semaphore's queue, cancelled ones included. */
    public static int linkedWaiterCount(Semaphore semaphore) {
        return semaphore.linkedWaiterCount();
    }
}
