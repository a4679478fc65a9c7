package dev.bouncer.support;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/** Starting platform or virtual threads, waiting with deadlines, and dumping stuck threads. */
public final class Threads {
    /** {@code Thread.ofVirtual()} and {@code Thread.Builder.unstarted}, looked up on JDK 21+. */
    private static final MethodHandle OF_VIRTUAL;
    private static final MethodHandle UNSTARTED;

    static {
        MethodHandle ofVirtual = null;
        MethodHandle unstarted = null;
        try {
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            Class<?> ofVirtualType = Class.forName("java.lang.Thread$Builder$OfVirtual");
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            ofVirtual = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtualType));
            unstarted = lookup.findVirtual(builder, "unstarted",
                    MethodType.methodType(Thread.class, Runnable.class));
        } catch (ReflectiveOperationException e) {
            // JDK 17..20: no virtual threads; virtualThreadsAvailable() says so.
        }
        OF_VIRTUAL = ofVirtual;
        UNSTARTED = unstarted;
    }

    private Threads() {
    }

    public static boolean virtualThreadsAvailable() {
        return OF_VIRTUAL != null && Runtime.version().feature() >= 21;
    }

    /** Starts a daemon platform thread, or a virtual thread (always daemon) when asked. */
    public static Thread start(String name, boolean virtual, Runnable body) {
        Thread thread = virtual ? newVirtual(body) : new Thread(body);
        thread.setName(name);
        if (!virtual) {
            thread.setDaemon(true); // a stuck thread must not keep the test JVM alive
        }
        thread.start();
        return thread;
    }

    private static Thread newVirtual(Runnable body) {
        if (!virtualThreadsAvailable()) {
            throw new UnsupportedOperationException("virtual threads need JDK 21+");
        }
        try {
            Object builder = OF_VIRTUAL.invoke();
            return (Thread) UNSTARTED.invoke(builder, body);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot create a virtual thread", e);
        }
    }

    /**
     * Joins every thread, all sharing one deadline ({@code System.nanoTime()} based), and returns
     * the threads still alive when it passed.
     */
    public static List<Thread> joinAll(List<Thread> threads, long deadlineNanos) {
        List<Thread> stuck = new ArrayList<>();
        for (Thread thread : threads) {
            long remainingMillis = (deadlineNanos - System.nanoTime()) / 1_000_000L;
            try {
                if (remainingMillis > 0) {
                    thread.join(remainingMillis);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                stuck.add(thread);
            }
        }
        return stuck;
    }

    /** Polls the condition until it holds or the deadline passes; true if it held. */
    public static boolean awaitCondition(BooleanSupplier condition, long deadlineNanos) {
        while (!condition.getAsBoolean()) {
            if (deadlineNanos - System.nanoTime() <= 0L) {
                return condition.getAsBoolean();
            }
            LockSupport.parkNanos(200_000L);
        }
        return true;
    }

    /**
     * Waits until {@code progress} reaches {@code target}, failing only when it stalls: the
     * deadline moves on each time the value changes, so a slow but moving run (a busy machine) is
     * not called stuck, and there is no limit on the total time. True if the target was reached.
     */
    public static boolean awaitProgress(LongSupplier progress, long target, long stallNanos) {
        for (;;) {
            long seen = progress.getAsLong();
            if (seen >= target) {
                return true;
            }
            if (!awaitCondition(() -> progress.getAsLong() != seen, System.nanoTime() + stallNanos)) {
                return false;
            }
        }
    }

    /** Waits, with a deadline, until the thread is WAITING or TIMED_WAITING; true if it got there. */
    public static boolean awaitBlocked(Thread thread, long deadlineNanos) {
        return awaitCondition(() -> {
            Thread.State state = thread.getState();
            return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
        }, deadlineNanos);
    }

    /** A thread dump of the given threads: name, state, park blocker and stack. */
    public static String dump(List<Thread> threads, int limit) {
        StringBuilder out = new StringBuilder();
        int shown = 0;
        for (Thread thread : threads) {
            if (shown++ == limit) {
                out.append("... and ").append(threads.size() - limit).append(" more\n");
                break;
            }
            out.append('"').append(thread.getName()).append("\" ").append(thread.getState())
                    .append(" blocker=").append(LockSupport.getBlocker(thread)).append('\n');
            for (StackTraceElement frame : thread.getStackTrace()) {
                out.append("    at ").append(frame).append('\n');
            }
        }
        return out.toString();
    }
}
