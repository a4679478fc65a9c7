package dev.bouncer.support;

import static org.assertj.core.api.Assertions.fail;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Threads for blocking tests: started by name, failures rethrown, every wait bounded. */
public final class TestThreads {
    /** Generous: a build may share its CPUs, and a deadline is for a hang, not for timing. */
    public static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private TestThreads() {}

    /** A body that may throw anything; failures surface in {@link Worker#join()}. */
    public interface Body {
        void run() throws Throwable;
    }

    /** A started thread that remembers what its body threw. */
    public static final class Worker extends Thread {
        private final Body body;
        private volatile Throwable failure;

        private Worker(String name, Body body) {
            super(name);
            this.body = body;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                body.run();
            } catch (Throwable t) {
                failure = t;
            }
        }

        /** Waits, with a deadline, until the thread is parked (WAITING or TIMED_WAITING). */
        public void awaitBlocked() {
            awaitTrue(() -> {
                Thread.State s = getState();
                if (s == Thread.State.TERMINATED) {
                    throw new AssertionError(getName() + " ended instead of blocking", failure);
                }
                return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
            }, getName() + " blocks");
        }

        /** Joins within the deadline and rethrows what the body threw. */
        public void joinOk() throws InterruptedException {
            join(TimeUnit.NANOSECONDS.toMillis(DEADLINE_NANOS));
            if (isAlive()) {
                fail("%s still running: %s", getName(), java.util.Arrays.toString(getStackTrace()));
            }
            if (failure != null) {
                throw new AssertionError(getName() + " failed", failure);
            }
        }
    }

    public static Worker start(String name, Body body) {
        Worker w = new Worker(name, body);
        w.start();
        return w;
    }

    /** Waits, polling, until the condition holds; fails after the deadline. */
    public static void awaitTrue(BooleanSupplier condition, String what) {
        long start = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - start > DEADLINE_NANOS) {
                fail("timed out waiting until " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /** Waits until the thread parks (WAITING or TIMED_WAITING) with the given blocker. */
    public static void awaitParkedOn(Thread t, Object blocker) {
        awaitTrue(() -> {
            Thread.State s = t.getState();
            return (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING)
                    && LockSupport.getBlocker(t) == blocker;
        }, t.getName() + " parks on " + blocker);
    }
}
