package dev.bouncer.jcstress;

import java.util.concurrent.TimeUnit;

/**
 * Helper threads for the {@code Mode.Termination} tests, which need more threads than jcstress
 * gives them: waiters that are already parked when the test starts, and a starting gun so that
 * the actor and the {@code @Signal} race each other instead of running a millisecond apart (the
 * Termination runner sleeps at least 1 ms between starting the actor and calling the signal).
 *
 * <p>Public so that other primitives' Termination tests (package {@code buffer}) reuse {@link #check} and
 * {@link #joinUninterruptibly}.
 *
 * <p>Only Termination tests may use this. The other modes build thousands of states ahead of time
 * (jcstress sizes its strides with them), so a state that starts a thread would leak threads.
 */
public final class Waiters {
    private Waiters() {
    }

    /** A blocking call made by a waiter thread. */
    public interface Blocking {
        void run() throws InterruptedException;
    }

    /** What a waiter thread ended with; read after {@link Thread#join}, or through the volatiles. */
    public static final class Waiter {
        public final Thread thread;
        public volatile boolean acquired;
        public volatile boolean interrupted;

        Waiter(String name, Blocking body) {
            thread = new Thread(() -> {
                try {
                    body.run();
                    acquired = true;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }, name);
            thread.setDaemon(true); // a mutant may leave it parked for good
        }

        public boolean done() {
            return acquired || interrupted;
        }
    }

    /**
     * Starts a waiter and returns once it is parked, so that the test begins with it asleep in the
     * queue. {@code queued} is the queue length the primitive must report once it has arrived.
     */
    public static Waiter startParked(String name, Blocking body, java.util.function.IntSupplier queueLength,
            int queued) {
        Waiter w = new Waiter(name, body);
        w.thread.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (queueLength.getAsInt() < queued || !isParked(w.thread)) {
            if (w.done() || System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(name + " did not park: " + w.thread.getState());
            }
            Thread.onSpinWait();
        }
        return w;
    }

    private static boolean isParked(Thread t) {
        Thread.State s = t.getState();
        return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
    }

    /** Joins without giving up: a waiter that never returns makes the actor STALE, as it should. */
    public static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        for (;;) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Throws, so that the Termination runner records ERROR, which the tests declare FORBIDDEN. */
    public static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException(what);
        }
    }
}
