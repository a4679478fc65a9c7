package dev.bouncer.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A possibly blocking call made on a thread of its own, with what it returned or threw and whether
 * its interrupt status was set when it ended. Threads are daemons, so a test that fails with one
 * still blocked does not hold up the JVM.
 */
public final class Attempt {
    /** How long any test waits for something that should happen promptly, before failing. */
    public static final long PATIENCE_SECONDS = 10;

    /** A call that returns nothing. */
    public interface Action {
        void run() throws Exception;
    }

    private final Thread thread;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile Object result;
    private volatile Throwable thrown;
    private volatile boolean interruptedAtEnd;

    private Attempt(String name, Callable<?> call) {
        thread = new Thread(() -> {
            try {
                result = call.call();
            } catch (Throwable t) {
                thrown = t;
            } finally {
                interruptedAtEnd = Thread.currentThread().isInterrupted();
                done.countDown();
            }
        }, name);
        thread.setDaemon(true);
    }

    /** Starts a thread that makes the call and keeps what it returns. */
    public static Attempt call(String name, Callable<?> call) {
        Attempt attempt = new Attempt(name, call);
        attempt.thread.start();
        return attempt;
    }

    /** Starts a thread that runs the action. */
    public static Attempt run(String name, Action action) {
        return call(name, () -> {
            action.run();
            return null;
        });
    }

    public Thread thread() {
        return thread;
    }

    public boolean isDone() {
        return done.getCount() == 0;
    }

    /** What the call did so far, for failure messages. */
    public String outcome() {
        if (!isDone()) {
            return "still running";
        }
        return thrown != null ? "threw " + thrown : "returned " + result;
    }

    public void interrupt() {
        thread.interrupt();
    }

    /** Waits for the call to end and returns what it returned; fails if it threw or hangs. */
    public Object awaitResult() throws InterruptedException {
        awaitDone();
        if (thrown != null) {
            throw new AssertionError(thread.getName() + " threw", thrown);
        }
        return result;
    }

    /** Waits for the call to end and returns what it threw; fails if it returned. */
    public Throwable awaitThrown() throws InterruptedException {
        awaitDone();
        assertThat(thrown).as("%s should have thrown, but returned %s", thread.getName(), result)
                .isNotNull();
        return thrown;
    }

    /** Whether the thread's interrupt status was set when the call ended. */
    public boolean interruptedAtEnd() throws InterruptedException {
        awaitDone();
        return interruptedAtEnd;
    }

    private void awaitDone() throws InterruptedException {
        if (!done.await(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError(thread.getName() + " still running after " + PATIENCE_SECONDS
                    + " s, in state " + thread.getState(), stackOf(thread));
        }
    }

    @Override
    public String toString() {
        return thread.getName();
    }

    /** The thread's current stack as a Throwable, so that a failure shows where it is stuck. */
    public static Throwable stackOf(Thread thread) {
        Throwable where = new Throwable(thread.getName() + " is here");
        where.setStackTrace(thread.getStackTrace());
        return where;
    }
}
