package dev.bouncer.torture;

import dev.bouncer.Permit;
import dev.bouncer.Semaphore;
import dev.bouncer.SemaphoreClosedException;
import dev.bouncer.support.SemaphoreLike;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Torture for a semaphore or bounded semaphore. Workers take 1 to 3 permits by a random method
 * (acquire, acquireUninterruptibly, barging tryAcquire, timed tryAcquire with a timeout from
 * {@link Timeouts}, and on a bouncer semaphore the permit-handle forms too), hold them briefly, and
 * give them back in one release or one at a time, or by closing the handle (sometimes twice, which
 * must release once). With {@code closeAtStop}, the run ends by closing the bouncer semaphore while
 * workers wait and hold: each waiter must leave with {@link SemaphoreClosedException}, and each
 * holder's release must still count.
 *
 * <p>Checks: while running, the permits held (a shared count raised after each acquire, lowered
 * before each release) never exceed the bound, and the available count never exceeds it either.
 * At the end: available permits equal the initial count, nobody is queued, a fairness-honouring
 * {@code tryAcquire(all, 0, SECONDS)} succeeds (pitfalls.md #3) or, once closed, throws having
 * taken nothing, and a bounded semaphore refuses a release past its bound with nothing changed.
 */
final class SemaphoreScenario extends Torture.Scenario {
    private final SemaphoreLike semaphore;
    private final int initial;
    private final int bound;
    private final int largestRequest;
    private final AtomicInteger held = new AtomicInteger();
    /** The semaphore as a permit source, if it is a bouncer one; else null (no handles, no close). */
    private final Semaphore bouncer;
    private final boolean closeAtStop;

    SemaphoreScenario(Report report, SemaphoreLike semaphore, boolean closeAtStop) {
        super(report);
        this.semaphore = semaphore;
        this.initial = semaphore.availablePermits();
        this.bound = Math.min(initial, semaphore.maxPermits());
        this.largestRequest = Math.min(3, initial);
        this.bouncer = semaphore instanceof Semaphore ? (Semaphore) semaphore : null;
        this.closeAtStop = closeAtStop && bouncer != null;
    }

    @Override
    void work(int index, Torture.Counters counters) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!stopping()) {
            int permits = 1 + random.nextInt(largestRequest);
            Object acquired; // null: nothing; a Permit: a handle; else: plain permits
            counters.operations++;
            try {
                acquired = bouncer != null && random.nextInt(3) == 0
                        ? acquireHandle(random, permits, counters)
                        : acquire(random, permits, counters) ? Boolean.TRUE : null;
            } catch (InterruptedException e) {
                counters.interruptsSeen++;
                continue;
            } catch (SemaphoreClosedException e) {
                if (!closeAtStop) {
                    report.fail("SemaphoreClosedException from a semaphore nobody closed: " + e);
                }
                break; // the close comes only after the stop: this worker is done
            }
            if (acquired == null) {
                continue;
            }
            int nowHeld = held.addAndGet(permits);
            if (nowHeld > bound) {
                report.fail("bound exceeded: " + nowHeld + " permits held, bound " + bound);
            }
            if (random.nextInt(4) == 0) {
                Thread.yield();
            }
            if (acquired instanceof Permit) {
                Permit handle = (Permit) acquired;
                held.addAndGet(-permits);
                handle.close();
                if (random.nextInt(4) == 0) {
                    handle.close(); // PM-I1: a second close releases nothing
                }
                if (handle.isValid()) {
                    report.fail("a closed handle still says it holds its permits");
                }
                counters.operations++;
            } else if (random.nextBoolean()) {
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

    /** One handle acquire by a random form; null if a try failed. Blocking forms end as acquire's do. */
    private Permit acquireHandle(ThreadLocalRandom random, int permits, Torture.Counters counters)
            throws InterruptedException {
        switch (random.nextInt(4)) {
            case 0:
                return bouncer.acquirePermit(permits);
            case 1:
                Permit handle = bouncer.acquirePermitUninterruptibly(permits);
                if (Thread.interrupted()) {
                    counters.interruptsSeen++; // kept while waiting, as the contract says
                }
                return handle;
            case 2:
                return bouncer.tryAcquirePermit(permits).orElse(null);
            default:
                Timeouts timeout = Timeouts.draw(random, true);
                Optional<Permit> got = bouncer.tryAcquirePermit(permits,
                        Duration.ofNanos(timeout.unit().toNanos(timeout.timeout())));
                if (got.isEmpty()) {
                    counters.timeouts++;
                }
                return got.orElse(null);
        }
    }

    /** With closeAtStop: closes the semaphore while workers still wait and hold. */
    @Override
    void afterStop(java.util.concurrent.CountDownLatch finished, long deadlineNanos) {
        if (closeAtStop) {
            bouncer.close();
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
        if (closeAtStop) {
            try {
                semaphore.tryAcquire(initial, 0L, TimeUnit.SECONDS);
                report.fail("a closed semaphore granted tryAcquire(all, 0, SECONDS)");
            } catch (SemaphoreClosedException expected) {
                report.check(semaphore.availablePermits() == initial,
                        "a refused acquire of a closed semaphore changed the permits");
            } catch (InterruptedException e) {
                report.fail("driver interrupted");
            }
            return; // a closed bounded semaphore's bound is SemaphoreCloseTest's
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
