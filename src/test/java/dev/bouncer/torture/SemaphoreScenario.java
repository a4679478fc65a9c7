package dev.bouncer.torture;

import dev.bouncer.support.SemaphoreLike;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Torture for a semaphore or bounded semaphore. Workers take 1 to 3 permits by a random method
 * (acquire, acquireUninterruptibly, barging tryAcquire, timed tryAcquire with a timeout from
 * {@link Timeouts}), hold them briefly, and give them back in one release or one at a time.
 *
 * <p>Checks: while running, the permits held (a shared count raised after each acquire, lowered
 * before each release) never exceed the bound, and the available count never exceeds it either.
 * At the end: available permits equal the initial count, nobody is queued, a fairness-honouring
 * {@code tryAcquire(all, 0, SECONDS)} succeeds (pitfalls.md #3), and a bounded semaphore refuses a
 * release past its bound with nothing changed.
 */
final class SemaphoreScenario extends Torture.Scenario {
    private final SemaphoreLike semaphore;
    private final int initial;
    private final int bound;
    private final int largestRequest;
    private final AtomicInteger held = new AtomicInteger();

    SemaphoreScenario(Report report, SemaphoreLike semaphore) {
        super(report);
        this.semaphore = semaphore;
        this.initial = semaphore.availablePermits();
        this.bound = Math.min(initial, semaphore.maxPermits());
        this.largestRequest = Math.min(3, initial);
    }

    @Override
    void work(int index, Torture.Counters counters) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!stopping()) {
            int permits = 1 + random.nextInt(largestRequest);
            boolean acquired;
            counters.operations++;
            try {
                acquired = acquire(random, permits, counters);
            } catch (InterruptedException e) {
                counters.interruptsSeen++;
                continue;
            }
            if (!acquired) {
                continue;
            }
            int nowHeld = held.addAndGet(permits);
            if (nowHeld > bound) {
                report.fail("bound exceeded: " + nowHeld + " permits held, bound " + bound);
            }
            if (random.nextInt(4) == 0) {
                Thread.yield();
            }
            if (random.nextBoolean()) {
                held.addAndGet(-permits);
                semaphore.release(permits);
                counters.operations++;
            } else {
                for (int i = 0; i < permits; i++) {
                    held.decrementAndGet();
                    semaphore.release(1);
                    counters.operations++;
                }
            }
        }
        Thread.interrupted(); // an interrupt aimed at the last wait is not the next test's problem
    }

    /** One acquire by a random method; every blocking form is bound to end (all holders release). */
    private boolean acquire(ThreadLocalRandom random, int permits, Torture.Counters counters)
            throws InterruptedException {
        switch (random.nextInt(4)) {
            case 0:
                semaphore.acquire(permits);
                return true;
            case 1:
                semaphore.acquireUninterruptibly(permits);
                if (Thread.interrupted()) {
                    counters.interruptsSeen++; // kept while waiting, as the contract says
                }
                return true;
            case 2:
                return semaphore.tryAcquire(permits);
            default:
                Timeouts timeout = Timeouts.draw(random, true);
                boolean acquired = semaphore.tryAcquire(permits, timeout.timeout(), timeout.unit());
                if (!acquired) {
                    counters.timeouts++;
                }
                return acquired;
        }
    }

    @Override
    void continuousCheck() {
        int available = semaphore.availablePermits();
        if (available > bound) {
            report.fail("permits inflated: " + available + " available, bound " + bound);
        }
    }

    @Override
    void finalChecks() {
        int available = semaphore.availablePermits();
        report.check(held.get() == 0, "harness still holds " + held.get() + " permits");
        report.check(available == initial,
                "permits not conserved: " + available + " available at the end, " + initial + " at the start");
        report.check(semaphore.getQueueLength() == 0,
                "queue not empty when quiet: getQueueLength() = " + semaphore.getQueueLength());
        report.check(!semaphore.hasQueuedThreads(), "hasQueuedThreads() is true when quiet");
        if (available != initial) {
            return;
        }
        try {
            boolean all = semaphore.tryAcquire(initial, 0L, TimeUnit.SECONDS);
            report.check(all, "a quiet semaphore refused tryAcquire(all, 0, SECONDS)");
            if (all) {
                semaphore.release(initial);
            }
        } catch (InterruptedException e) {
            report.fail("driver interrupted");
        }
        if (semaphore.maxPermits() != Integer.MAX_VALUE) {
            try {
                semaphore.release(1);
                report.fail("release past the bound of " + semaphore.maxPermits() + " was accepted");
            } catch (IllegalStateException expected) {
                report.check(semaphore.availablePermits() == initial,
                        "a refused release changed the permits to " + semaphore.availablePermits());
            }
        }
    }
}
