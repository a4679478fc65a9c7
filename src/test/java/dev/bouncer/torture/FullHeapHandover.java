package dev.bouncer.torture;

import dev.bouncer.BoundedBuffer;
import dev.bouncer.Semaphore;
import dev.bouncer.support.Await;
import dev.bouncer.support.Threads;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Run by {@link OutOfMemoryTest} in a JVM of its own with a tiny heap: the first hand-over to a
 * parked waiter happens while the heap is full. The JVM links a {@code VarHandle} call site the
 * first time it runs, and linking allocates; a site first run after a release's give-back, or
 * after a put's grant, would then throw {@code OutOfMemoryError} with the count already changed
 * and the parked waiter never woken. Prints one {@code HANDOVER} line; exits 0 when the release or
 * put returned and the waiter woke.
 *
 * <p>{@code semaphore-fair} and {@code semaphore-nonfair}: the semaphore's count CAS has run (a
 * try and a release before), no release has yet woken a parked waiter; one thread parks in
 * {@code acquire}, the heap is filled, and the main thread releases. {@code buffer}: every
 * semaphore path, a parked waiter's wake included, has run on a plain semaphore, but the buffer
 * has never handed over; a consumer parks in {@code take}, the heap is filled, and the main thread
 * puts. Nothing here allocates between the filling and the freeing of the heap.
 */
final class FullHeapHandover {
    private static volatile boolean woke;

    private FullHeapHandover() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.printf("HANDOVER-START %s %b%n", args[0], true); // formats once before the pressure
        String kind = args[0];
        Runnable handover;
        Thread waiter;
        Object element = new Object();
        if (kind.startsWith("semaphore")) {
            Semaphore semaphore = new Semaphore(0, kind.endsWith("-fair"));
            semaphore.release();
            if (!semaphore.tryAcquire()) {
                throw new AssertionError("the permit just released");
            }
            waiter = startWaiter(() -> semaphore.acquire());
            awaitParked(waiter, semaphore::hasQueuedThreads);
            handover = semaphore::release;
        } else {
            Semaphore plain = new Semaphore(0);
            Thread primer = startWaiter(() -> plain.acquire());
            awaitParked(primer, plain::hasQueuedThreads);
            plain.release();
            primer.join();
            woke = false;
            BoundedBuffer<Object> buffer = new BoundedBuffer<>(4);
            waiter = startWaiter(() -> buffer.take());
            awaitParked(waiter, () -> buffer.size() == 0 && waiter.getState() == Thread.State.WAITING);
            handover = () -> {
                try {
                    buffer.put(element);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            };
        }

        Object[] hog = OutOfMemoryContention.fillHeap();
        boolean threw = false;
        boolean wokeUnderPressure;
        try {
            try {
                handover.run();
            } catch (OutOfMemoryError e) {
                threw = true;
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!woke && System.nanoTime() - deadline < 0) {
                LockSupport.parkNanos(1_000_000L); // polling a flag; the loop ends on it
            }
            wokeUnderPressure = woke;
        } finally {
            hog[0] = null;
            hog = null;
        }
        System.gc();
        System.out.printf("HANDOVER kind=%s threw=%b woke=%b result=%s%n", kind, threw, wokeUnderPressure,
                !threw && wokeUnderPressure ? "OK" : "FAILED");
        System.exit(!threw && wokeUnderPressure ? 0 : 1);
    }

    /** A waiter that sets {@code woke} when its call returns: a volatile write, no allocation. */
    private static Thread startWaiter(Blocking call) {
        return Threads.start("waiter", false, () -> {
            try {
                call.run();
                woke = true;
            } catch (InterruptedException e) {
                // the fork exits without it
            }
        });
    }

    private static void awaitParked(Thread thread, java.util.function.BooleanSupplier queued)
            throws InterruptedException {
        Await.until("the waiter parks", () -> queued.getAsBoolean() && thread.getState() == Thread.State.WAITING);
    }

    private interface Blocking {
        void run() throws InterruptedException;
    }
}
