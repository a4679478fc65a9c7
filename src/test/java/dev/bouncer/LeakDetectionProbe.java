package dev.bouncer;

import java.util.concurrent.TimeUnit;

/**
 * Run by {@code PermitLeakDetectionTest} in a JVM of its own, with or without the leak-detection
 * system properties: prints the default setting, how many holders a {@code new Semaphore(2)}
 * lists while a handle is held, and, when leaked permits are given back, that a leaked handle's
 * two permits came back (waiting with a deadline while asking for collections).
 */
final class LeakDetectionProbe {
    private LeakDetectionProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println("setting " + LeakDetection.defaultSetting());
        Semaphore semaphore = new Semaphore(2);
        try (Permit permit = semaphore.acquirePermit()) {
            System.out.println("holders " + semaphore.permitHolders().size() + " while " + permit + " is held");
        }
        if (LeakDetection.defaultSetting().givesBack()) {
            leak(semaphore);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (semaphore.availablePermits() != 2 && System.nanoTime() - deadline < 0) {
                System.gc();
                Thread.sleep(10); // between collections; the loop ends on the condition, not the time
            }
            System.out.println("given back " + semaphore.availablePermits());
        }
        System.out.flush();
    }

    private static void leak(Semaphore semaphore) throws InterruptedException {
        semaphore.acquirePermit(2);
    }
}
