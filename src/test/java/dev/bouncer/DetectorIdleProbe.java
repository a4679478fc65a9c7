package dev.bouncer;

import dev.bouncer.support.Threads;
import java.lang.ref.WeakReference;
import java.util.concurrent.TimeUnit;

/**
 * Run by {@code PermitLeakDetectionTest} in a JVM of its own: shows that the detector's thread
 * ends once no tracked handle is outstanding, and that the next tracked handle starts another,
 * which still reports and gives back a leak; and that it inherits no thread-local value from the
 * thread that started it. Prints one line per step; waits with deadlines.
 */
final class DetectorIdleProbe {
    private DetectorIdleProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        Semaphore semaphore = new Semaphore(2, false, LeakDetection.everyPermit().givingBack());
        System.out.println("before any tracked handle: detector " + detectorAlive());
        InheritableThreadLocal<Object> inheritable = new InheritableThreadLocal<>();
        inheritable.set(new Object());
        WeakReference<Object> inheritableValue = new WeakReference<>(inheritable.get());
        semaphore.acquirePermit().close(); // starts the detector's thread from this one
        System.out.println("after a tracked handle: detector " + detectorAlive());
        inheritable.remove();
        Threads.awaitCondition(() -> {
            System.gc();
            return inheritableValue.get() == null;
        }, System.nanoTime() + TimeUnit.SECONDS.toNanos(10));
        System.out.println("the detector kept no inherited value: " + (inheritableValue.get() == null)
                + " (detector " + detectorAlive() + ")");

        Threads.awaitCondition(() -> !detectorAlive(), System.nanoTime()
                + TimeUnit.MILLISECONDS.toNanos(LeakTracker.Detector.IDLE_MILLIS) + TimeUnit.SECONDS.toNanos(30));
        System.out.println("idle: detector " + detectorAlive());

        leak(semaphore);
        System.out.println("after a leak: detector " + detectorAlive());
        Threads.awaitCondition(() -> {
            System.gc();
            return semaphore.availablePermits() == 2;
        }, System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
        System.out.println("given back " + semaphore.availablePermits());
        System.out.flush();
    }

    private static boolean detectorAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.getName().equals(LeakTracker.Detector.THREAD_NAME) && thread.isAlive());
    }

    private static void leak(Semaphore semaphore) throws InterruptedException {
        semaphore.acquirePermit(2);
    }
}
