package dev.bouncer.support;

import java.util.Collection;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JDK stand-in for {@code BoundedSemaphore}: a JDK semaphore plus a count of the room left under
 * the bound. A release first takes room by CAS (throwing {@link IllegalStateException} with nothing
 * changed when there is too little), an acquire gives room back after it succeeded. Between those
 * two steps the room is under-counted, so a release of permits that were not yet recorded as
 * acquired may be refused; the torture only releases what it holds, which is always recorded.
 */
public final class JdkBoundedSemaphore extends java.util.concurrent.Semaphore implements SemaphoreLike {
    private static final long serialVersionUID = 1L;

    private final int maxPermits;
    /** How many permits may still be released: max minus available, under-counted briefly. */
    private final AtomicInteger room;

    /** A stand-in whose bound is its initial count. */
    public JdkBoundedSemaphore(int permits, boolean fair) {
        super(permits, fair);
        this.maxPermits = permits;
        this.room = new AtomicInteger(0);
    }

    @Override
    public void acquire() throws InterruptedException {
        acquire(1);
    }

    @Override
    public void acquire(int permits) throws InterruptedException {
        super.acquire(permits);
        room.addAndGet(permits);
    }

    @Override
    public void acquireUninterruptibly() {
        acquireUninterruptibly(1);
    }

    @Override
    public void acquireUninterruptibly(int permits) {
        super.acquireUninterruptibly(permits);
        room.addAndGet(permits);
    }

    @Override
    public boolean tryAcquire() {
        return tryAcquire(1);
    }

    @Override
    public boolean tryAcquire(int permits) {
        return recorded(super.tryAcquire(permits), permits);
    }

    @Override
    public boolean tryAcquire(long timeout, TimeUnit unit) throws InterruptedException {
        return tryAcquire(1, timeout, unit);
    }

    @Override
    public boolean tryAcquire(int permits, long timeout, TimeUnit unit) throws InterruptedException {
        return recorded(super.tryAcquire(permits, timeout, unit), permits);
    }

    private boolean recorded(boolean acquired, int permits) {
        if (acquired) {
            room.addAndGet(permits);
        }
        return acquired;
    }

    @Override
    public void release() {
        release(1);
    }

    @Override
    public void release(int permits) {
        if (permits < 0) {
            throw new IllegalArgumentException();
        }
        for (;;) {
            int current = room.get();
            if (current < permits) {
                throw new IllegalStateException("release past the bound of " + maxPermits);
            }
            if (room.compareAndSet(current, current - permits)) {
                break;
            }
        }
        super.release(permits);
    }

    @Override
    public int drainPermits() {
        int drained = super.drainPermits();
        room.addAndGet(drained);
        return drained;
    }

    @Override
    public void reducePermits(int reduction) {
        super.reducePermits(reduction);
        room.addAndGet(reduction);
    }

    @Override
    public Collection<Thread> getQueuedThreads() {
        return super.getQueuedThreads();
    }

    @Override
    public int maxPermits() {
        return maxPermits;
    }

    @Override
    public boolean isBlocker(Object blocker) {
        return SemaphoreTwin.isJdkSemaphoreBlocker(blocker);
    }

    @Override
    public OptionalInt linkedNodeCount() {
        return OptionalInt.empty();
    }
}
