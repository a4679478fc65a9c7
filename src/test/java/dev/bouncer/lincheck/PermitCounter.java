package dev.bouncer.lincheck;

/**
 * The sequential specification of every semaphore: a count of permits, which may go negative,
 * under a ceiling that releases may not pass. An acquire that would wait throws, so no
 * linearization may place it where it would wait. Lincheck needs a public no-argument
 * constructor, so each test names its starting point in a subclass.
 */
public class PermitCounter {
    private final int ceiling;
    private int permits;

    PermitCounter(int permits, int ceiling) {
        this.permits = permits;
        this.ceiling = ceiling;
    }

    public boolean tryAcquire(int n) {
        if (permits < n) {
            return false;
        }
        permits -= n;
        return true;
    }

    public boolean tryAcquire() {
        return tryAcquire(1);
    }

    public void acquire(int n) {
        if (!tryAcquire(n)) {
            throw new IllegalStateException("would wait");
        }
    }

    public void release(int n) {
        if ((long) permits + n > ceiling) {
            throw new IllegalStateException("over the ceiling");
        }
        permits += n;
    }

    public void release() {
        release(1);
    }

    public boolean tryRelease() {
        if (permits == ceiling) {
            return false;
        }
        permits++;
        return true;
    }

    public int drainPermits() {
        int drained = permits;
        permits = 0;
        return drained;
    }

    public int availablePermits() {
        return permits;
    }

    public boolean isAvailable() {
        return permits > 0;
    }

    public void reducePermits(int n) {
        permits -= n;
    }
}
