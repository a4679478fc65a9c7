package dev.bouncer;

import java.util.Collection;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Semaphore} seen as a {@link java.util.concurrent.Semaphore}: every method that the JDK
 * class lets a subclass override is passed to the bouncer semaphore, which holds the only count and
 * the only queue. Made by {@link Semaphore#asJdkSemaphore()}.
 */
final class JdkSemaphoreView extends java.util.concurrent.Semaphore {
    /*
     * Implementation notes. No state of its own: the superclass's count starts at 0 and no method
     * here ever touches it, so nothing can be acquired from it or released to it. A thread that
     * waits through the view waits in the bouncer semaphore's queue, parked with it as the
     * blocker. The JDK class's hasQueuedThreads() and getQueueLength() are final, so they cannot be
     * passed on: they look at the superclass's queue, which is always empty.
     */

    private static final long serialVersionUID = 5_190_733_642_517_389_406L;

    /** The semaphore every call goes to. Serialized with the view. */
    private final Semaphore semaphore;

    JdkSemaphoreView(Semaphore semaphore) {
        super(0, semaphore.isFair());
        this.semaphore = semaphore;
    }

    /** The bouncer semaphore behind this view. */
    Semaphore semaphore() {
        return semaphore;
    }

    @Override
    public void acquire() throws InterruptedException {
        semaphore.acquire();
    }

    @Override
    public void acquireUninterruptibly() {
        semaphore.acquireUninterruptibly();
    }

    @Override
    public boolean tryAcquire() {
        return semaphore.tryAcquire();
    }

    @Override
    public boolean tryAcquire(long timeout, TimeUnit unit) throws InterruptedException {
        return semaphore.tryAcquire(timeout, unit);
    }

    @Override
    public void release() {
        semaphore.release();
    }

    @Override
    public void acquire(int permits) throws InterruptedException {
        semaphore.acquire(permits);
    }

    @Override
    public void acquireUninterruptibly(int permits) {
        semaphore.acquireUninterruptibly(permits);
    }

    @Override
    public boolean tryAcquire(int permits) {
        return semaphore.tryAcquire(permits);
    }

    @Override
    public boolean tryAcquire(int permits, long timeout, TimeUnit unit)
            throws InterruptedException {
        return semaphore.tryAcquire(permits, timeout, unit);
    }

    @Override
    public void release(int permits) {
        semaphore.release(permits);
    }

    @Override
    public int availablePermits() {
        return semaphore.availablePermits();
    }

    @Override
    public int drainPermits() {
        return semaphore.drainPermits();
    }

    @Override
    protected void reducePermits(int reduction) {
        semaphore.reducePermits(reduction);
    }

    @Override
    public boolean isFair() {
        return semaphore.isFair();
    }

    @Override
    protected Collection<Thread> getQueuedThreads() {
        return semaphore.getQueuedThreads();
    }

    @Override
    public String toString() {
        return semaphore.toString();
    }
}
