package dev.bouncer.torture;

import dev.bouncer.support.SemaphoreLike;
import dev.bouncer.support.Subjects;
import dev.bouncer.support.Threads;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs in a forked JVM with a tiny heap ({@link OutOfMemoryTest}): four threads contend for one
 * permit while the main thread fills the heap, so that {@link OutOfMemoryError} strikes inside the
 * acquire machinery (allocating a wait-queue node, for instance). Then the memory is freed and the
 * semaphore must be consistent: permits conserved (up to releases that themselves threw, which
 * are ambiguous), nobody queued, and a fresh acquire and release work. Prints one
 * {@code OOME-RESULT} line, with the number of errors that came out of semaphore calls; exits 0
 * when consistent, 1 otherwise.
 */
public final class OutOfMemoryContention {
    private static final int WORKERS = 4;

    private static volatile boolean stop;
    private static final AtomicLong OPERATIONS = new AtomicLong();
    private static final AtomicLong OOMES_IN_CALLS = new AtomicLong();
    private static final AtomicLong AMBIGUOUS = new AtomicLong();
    private static final long PRESSURE_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** Errors that struck the main thread while the heap was full (main thread only). */
    private static int harnessOomes;

    private OutOfMemoryContention() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) {
        // The report is printed with printf after the heap has been exhausted. The JDK loads its
        // locale data on the first format, and on JDK 25 that load can itself fail under the
        // pressure, which would lose the report; so format once now, before any pressure.
        System.out.printf("OOME-START primitive=%s %d %b%n", args[0], 0, true);
        Subjects.Subject<SemaphoreLike> subject = (Subjects.Subject<SemaphoreLike>) Subjects.byName(args[0]);
        SemaphoreLike semaphore = subject.create(1);
        int initial = semaphore.availablePermits();
        Thread[] workers = new Thread[WORKERS];
        for (int i = 0; i < WORKERS; i++) {
            workers[i] = Threads.start("contender-" + i, false, () -> contend(semaphore));
        }
        Threads.awaitCondition(() -> OPERATIONS.get() > 10_000, System.nanoTime() + 10_000_000_000L);

        Object[] hog = fillHeap();
        long underPressure;
        try {
            underPressure = holdPressure();
        } finally {
            hog[0] = null;
            hog = null;
        }
        System.gc();

        stop = true;
        java.util.List<Thread> stuck = Threads.joinAll(java.util.List.of(workers),
                System.nanoTime() + TimeUnit.SECONDS.toNanos(20));
        int deficit = initial - semaphore.availablePermits();
        int queueLength = semaphore.getQueueLength();
        boolean fresh = stuck.isEmpty() && freshAcquireWorks(semaphore, initial - deficit);
        boolean ok = stuck.isEmpty() && deficit >= 0 && deficit <= AMBIGUOUS.get() && queueLength == 0
                && !semaphore.hasQueuedThreads() && fresh;
        System.out.printf("OOME-RESULT primitive=%s ops=%d opsUnderPressure=%d oomesInCalls=%d ambiguous=%d"
                        + " harnessOomes=%d deficit=%d queueLength=%d stuck=%d freshAcquire=%b result=%s%n",
                subject.name(), OPERATIONS.get(), underPressure, OOMES_IN_CALLS.get(), AMBIGUOUS.get(),
                harnessOomes, deficit, queueLength,
                stuck.size(), fresh, ok ? "OK" : "FAILED");
        if (!stuck.isEmpty()) {
            System.out.println(Threads.dump(stuck, 2));
        }
        System.exit(ok ? 0 : 1);
    }

    /**
     * Waits, with the heap full, until the contenders have had 100 errors or the deadline passes.
     * The main thread itself may be struck while the heap is full, between filling the heap and
     * freeing it, by an {@code OutOfMemoryError} that has no stack trace (once the JVM's
     * preallocated errors with traces are spent); uncaught, it would kill the fork. That error is the harness's, not the primitive's, so it is counted in {@code harnessOomes}
     * and the wait goes on; the caller frees the heap whatever happens. Returns the number of operations
     * the contenders began meanwhile.
     */
    private static long holdPressure() {
        long from = OPERATIONS.get();
        long until = System.nanoTime() + PRESSURE_NANOS;
        for (;;) {
            try {
                if (OOMES_IN_CALLS.get() >= 100 || until - System.nanoTime() <= 0) {
                    return OPERATIONS.get() - from;
                }
                LockSupport.parkNanos(1_000_000L);
            } catch (OutOfMemoryError harnessFault) {
                harnessOomes++;
            }
        }
    }

    /** Allocates until the heap is full, in shrinking chunks, and returns the chain that holds it. */
    static Object[] fillHeap() {
        Object[] head = new Object[2];
        for (int size = 1 << 16; size >= 1; size >>= 2) {
            try {
                for (;;) {
                    Object[] link = new Object[2];
                    link[1] = new long[size];
                    link[0] = head[0];
                    head[0] = link;
                }
            } catch (OutOfMemoryError full) {
                // Next, smaller chunks fill what is left.
            }
        }
        return head;
    }

    private static void contend(SemaphoreLike semaphore) {
        int choice = 0;
        while (!stop) {
            choice = (choice + 1) % 3;
            boolean held = false;
            boolean releasing = false;
            try {
                OPERATIONS.incrementAndGet();
                if (choice == 0) {
                    held = semaphore.tryAcquire(1, 50, TimeUnit.MICROSECONDS);
                } else if (choice == 1) {
                    semaphore.acquire(1);
                    held = true;
                } else {
                    held = semaphore.tryAcquire(1, 0, TimeUnit.NANOSECONDS);
                }
                if (held) {
                    releasing = true;
                    semaphore.release(1);
                    releasing = false;
                }
            } catch (OutOfMemoryError e) {
                OOMES_IN_CALLS.incrementAndGet();
                if (releasing) {
                    AMBIGUOUS.incrementAndGet(); // the permit may be back or not: not released twice
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static boolean freshAcquireWorks(SemaphoreLike semaphore, int permits) {
        try {
            if (!semaphore.tryAcquire(permits, 0, TimeUnit.SECONDS)) {
                return false;
            }
            semaphore.release(permits);
            return semaphore.tryAcquire(1, 1, TimeUnit.SECONDS) && releaseOne(semaphore);
        } catch (InterruptedException e) {
            return false;
        }
    }

    private static boolean releaseOne(SemaphoreLike semaphore) {
        semaphore.release(1);
        return true;
    }
}
