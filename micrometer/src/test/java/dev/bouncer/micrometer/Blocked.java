package dev.bouncer.micrometer;

import static org.assertj.core.api.Assertions.fail;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Threads that block in a primitive, and bounded waits for them: no test sleeps. */
final class Blocked {
    /** Generous: the build machine is shared, and a deadline is for a hang, not for timing. */
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private Blocked() {
    }

    /** What a worker does; anything it throws fails {@link Worker#joinOk()}. */
    interface Body {
        void run() throws Exception;
    }

    /** A daemon thread running a body, started at construction. */
    static final class Worker {
        private final FutureTask<Void> task;
        private final Thread thread;

        Worker(String name, Body body) {
            Callable<Void> call = () -> {
                body.run();
                return null;
            };
            task = new FutureTask<>(call);
            thread = new Thread(task, name);
            thread.setDaemon(true);
            thread.start();
        }

        /** Waits, with the deadline, until the thread is parked with the primitive as blocker. */
        Worker parkedOn(Object primitive) {
            until(() -> {
                Thread.State s = thread.getState();
                return (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING)
                        && LockSupport.getBlocker(thread) == primitive;
            }, thread.getName() + " parks on " + primitive);
            return this;
        }

        void interrupt() {
            thread.interrupt();
        }

        /** Waits, with the deadline, for the body to end, and fails with what it threw. */
        void joinOk() throws InterruptedException {
            try {
                task.get(DEADLINE_NANOS, TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                throw new AssertionError(thread.getName() + " failed", e.getCause());
            } catch (TimeoutException e) {
                fail("%s still running", thread.getName());
            }
        }
    }

    /** Polls until the condition holds; fails after the deadline. */
    static void until(BooleanSupplier condition, String what) {
        long start = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - start > DEADLINE_NANOS) {
                fail("timed out waiting until " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }
}
