package dev.bouncer.jfr;

import dev.bouncer.LeakDetection;
import dev.bouncer.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Run by {@link WaitEventTest} in a JVM limited to {@code java.base}: queues on a semaphore, times
 * out on it and is woken from it, and leaks a tracked permit handle, the paths that report to
 * Flight Recorder where it exists. Uses nothing outside java.base and the library.
 */
public final class WithoutFlightRecorder {
    static final String DONE = "waited, timed out, woke and gave a leaked permit back without Flight Recorder";

    private WithoutFlightRecorder() {}

    private static void leak(Semaphore semaphore) throws InterruptedException {
        semaphore.acquirePermit();
    }

    public static void main(String[] args) throws Exception {
        System.out.println("jdk.jfr present: " + ModuleLayer.boot().findModule("jdk.jfr").isPresent());
        System.out.println("library " + Semaphore.class.getModule());
        Semaphore semaphore = new Semaphore(0);
        if (semaphore.tryAcquire(1, 20, TimeUnit.MILLISECONDS)) {
            throw new AssertionError("acquired a permit that does not exist");
        }
        Thread waiter = new Thread(semaphore::acquireUninterruptibly, "waiter");
        waiter.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (semaphore.getQueueLength() == 0) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the waiter never queued");
            }
            Thread.sleep(1);
        }
        semaphore.release();
        waiter.join(TimeUnit.SECONDS.toMillis(30));
        if (waiter.isAlive()) {
            throw new AssertionError("the waiter was not woken");
        }
        Semaphore tracked = new Semaphore(1, false, LeakDetection.everyPermit().givingBack());
        leak(tracked); // reported without jdk.jfr, and given back
        while (tracked.availablePermits() != 1) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the leaked permit was not given back");
            }
            System.gc();
            Thread.sleep(10); // between collections; the loop ends on the condition
        }
        System.out.println(DONE);
    }
}
