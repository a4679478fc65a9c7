package dev.bouncer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A started thread whose failure the test sees. Tests wait for its states with a deadline, never
 * with a bare sleep.
 */
final class TestThread {
    /** A thread body that may throw. */
    interface Body {
        void run() throws Exception;
    }

    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Thread thread;
    private volatile Throwable failure;

    private TestThread(String name, Body body) {
        thread = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure = t;
            }
        }, name);
        thread.setDaemon(true);
    }

    static TestThread start(String name, Body body) {
        TestThread t = new TestThread(name, body);
        t.thread.start();
        return t;
    }

    Thread thread() {
        return thread;
    }

    /** Waits, with a deadline, until the thread is parked (WAITING or TIMED_WAITING). */
    void awaitBlocked() {
        long start = System.nanoTime();
        for (;;) {
            Thread.State state = thread.getState();
            if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
                return;
            }
            if (state == Thread.State.TERMINATED) {
                fail(thread.getName() + " ended instead of blocking", failure);
            }
            if (System.nanoTime() - start > DEADLINE_NANOS) {
                fail(thread.getName() + " did not block; state " + state);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /** Waits, with a deadline, for the thread to end, and rethrows what it threw. */
    void join() throws InterruptedException {
        thread.join(TimeUnit.NANOSECONDS.toMillis(DEADLINE_NANOS));
        assertThat(thread.isAlive()).as(thread.getName() + " finished in time").isFalse();
        if (failure != null) {
            throw new AssertionError(thread.getName() + " failed", failure);
        }
    }

    void interrupt() {
        thread.interrupt();
    }
}
