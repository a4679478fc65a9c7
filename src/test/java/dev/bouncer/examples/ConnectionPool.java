package dev.bouncer.examples;

import dev.bouncer.Semaphore;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The README's resource-pool example: a semaphore bounds how many callers hold a connection.
 * {@code ReadmeExamplesTest} runs it.
 */
public final class ConnectionPool<C> {
    private final Semaphore available;
    private final ConcurrentLinkedQueue<C> idle = new ConcurrentLinkedQueue<>();

    public ConnectionPool(int size, Supplier<C> factory) {
        available = new Semaphore(size, true);
        for (int i = 0; i < size; i++) {
            idle.add(factory.get());
        }
    }

    /** Borrows a connection, waiting at most the given time; returns null on timeout. */
    public C borrow(long timeout, TimeUnit unit) throws InterruptedException {
        if (!available.tryAcquire(timeout, unit)) {
            return null;
        }
        return idle.poll(); // never null: a permit guarantees an idle connection
    }

    /** Gives a borrowed connection back. */
    public void giveBack(C connection) {
        idle.add(connection);
        available.release();
    }
}
