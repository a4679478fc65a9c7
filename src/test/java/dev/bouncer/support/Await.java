package dev.bouncer.support;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waiting for a condition with a deadline, never for a fixed time. */
public final class Await {
    private Await() {}

    /** Polls the condition until it holds, or fails after {@link Attempt#PATIENCE_SECONDS}. */
    public static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Attempt.PATIENCE_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(1);
        }
    }

    /** Waits until exactly {@code n} threads are queued on the semaphore. */
    public static void queued(SemaphoreLike semaphore, int n) throws InterruptedException {
        until(n + " threads are queued (now " + semaphore.getQueueLength() + ")",
                () -> semaphore.getQueueLength() == n);
    }

    /**
     * Waits until the attempt's thread is queued on the semaphore and parked; fails at once if the
     * call ends instead.
     */
    public static void parkedIn(SemaphoreLike semaphore, Attempt attempt) throws InterruptedException {
        Thread t = attempt.thread();
        until(t.getName() + " is parked in the queue (now " + t.getState() + ")",
                () -> attempt.isDone() || semaphore.getQueuedThreads().contains(t) && isParked(t));
        if (attempt.isDone()) {
            throw new AssertionError(t.getName() + " should be waiting, but " + attempt.outcome());
        }
    }

    /** Starts the action on its own thread and waits until that thread is parked in the queue. */
    public static Attempt parkedIn(SemaphoreLike semaphore, String name, Attempt.Action action)
            throws InterruptedException {
        Attempt attempt = Attempt.run(name, action);
        parkedIn(semaphore, attempt);
        return attempt;
    }

    /**
     * Waits until the attempt's thread is parked with the given blocker (a primitive that is not a
     * semaphore, such as a buffer); fails at once if the call ends instead.
     */
    public static void parkedOn(Object blocker, Attempt attempt) throws InterruptedException {
        Thread t = attempt.thread();
        until(t.getName() + " is parked on " + blocker + " (now " + t.getState() + ")",
                () -> attempt.isDone() || LockSupport.getBlocker(t) == blocker && isParked(t));
        if (attempt.isDone()) {
            throw new AssertionError(t.getName() + " should be waiting, but " + attempt.outcome());
        }
    }

    public static boolean isParked(Thread t) {
        Thread.State state = t.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }

    /** Waits until the attempt has ended, whatever it did. */
    public static void done(Attempt... attempts) throws InterruptedException {
        until("all of " + Arrays.toString(attempts) + " have ended",
                () -> Arrays.stream(attempts).allMatch(Attempt::isDone));
    }
}
