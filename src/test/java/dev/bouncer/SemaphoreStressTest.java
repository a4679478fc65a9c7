package dev.bouncer;

import static java.util.concurrent.TimeUnit.HOURS;
import static java.util.concurrent.TimeUnit.MICROSECONDS;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bouncer.support.Attempt;
import dev.bouncer.support.Await;
import dev.bouncer.support.SemaphoreLike;
import dev.bouncer.support.Storm;
import dev.bouncer.support.Variant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Timeout;

/**
 * Races and storms, each bounded to about a second per variant: lost wakeups, lost or invented
 * permits, phantom waiters after a timeout storm, spurious unparks, and virtual threads.
 */
@Timeout(60)
class SemaphoreStressTest {
    private static final long STORM_MILLIS = 700;

    /** pitfalls.md #1: two releases racing must wake both of two waiters. */
    @Variant.All
    void racingReleasesWakeBothWaiters(Variant v) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4, daemonThreads());
        try {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STORM_MILLIS);
            for (int round = 0; round < 100 || System.nanoTime() - end < 0; round++) {
                SemaphoreLike s = v.create(0);
                CountDownLatch go = new CountDownLatch(1);
                List<Callable0> roles = new ArrayList<>(List.of(s::acquire, s::acquire,
                        () -> releaseOn(go, s), () -> releaseOn(go, s)));
                Collections.shuffle(roles);
                List<Future<?>> running = new ArrayList<>();
                roles.forEach(role -> running.add(pool.submit(() -> {
                    role.run();
                    return null;
                })));
                if (round % 2 == 0) {
                    Await.queued(s, 2); // half the rounds: both waiters parked before the race
                }
                go.countDown();
                for (Future<?> f : running) {
                    try {
                        f.get(Attempt.PATIENCE_SECONDS, SECONDS);
                    } catch (TimeoutException e) {
                        throw new AssertionError("lost wakeup in round " + round + ": " + s
                                + ", queued " + s.getQueueLength(), e);
                    }
                }
                assertThat(s.availablePermits()).as("round %d", round).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private interface Callable0 {
        void run() throws Exception;
    }

    private static void releaseOn(CountDownLatch go, SemaphoreLike s) throws InterruptedException {
        go.await();
        s.release();
    }

    /**
     * SEM-I1/SEM-I2: whatever mix of waits, tries, timeouts and interrupts, no more than the initial
     * permits are ever held at once, and when everyone has stopped they are all back.
     */
    @Variant.All
    void permitsAreConservedUnderRandomAcquiresTimeoutsAndInterrupts(Variant v) throws Exception {
        int initial = 4;
        SemaphoreLike s = v.create(initial);
        AtomicInteger held = new AtomicInteger();
        LongAdder grants = new LongAdder();
        Storm storm = new Storm();
        storm.add("worker", 6, random -> {
            int k = random.nextInt(1, 4);
            if (acquireSomehow(s, k, random)) {
                grants.increment();
                int now = held.addAndGet(k);
                assertThat(now).as("permits held at once").isLessThanOrEqualTo(initial);
                Thread.yield();
                held.addAndGet(-k);
                s.release(k);
            }
            Thread.interrupted(); // an interrupt that found no wait to end
        });
        List<Thread> workers = List.copyOf(storm.threads());
        storm.add("interrupter", 1, random -> {
            workers.get(random.nextInt(workers.size())).interrupt();
            LockSupport.parkNanos(random.nextInt(20_000, 200_000));
        });
        storm.runFor(STORM_MILLIS);

        assertThat(grants.sum()).as("grants").isPositive();
        assertThat(s.availablePermits()).isEqualTo(initial);
        assertThat(s.getQueueLength()).isZero();
    }

    /** One of the five ways to ask for k permits; false if they were not taken. */
    private static boolean acquireSomehow(SemaphoreLike s, int k, ThreadLocalRandom random) {
        try {
            switch (random.nextInt(5)) {
                case 0:
                    s.acquire(k);
                    return true;
                case 1:
                    s.acquireUninterruptibly(k);
                    return true;
                case 2:
                    return s.tryAcquire(k, random.nextInt(200), MICROSECONDS);
                case 3:
                    return s.tryAcquire(k, 0, NANOSECONDS);
                default:
                    return s.tryAcquire(k);
            }
        } catch (InterruptedException e) {
            return false;
        }
    }

    /**
     * pitfalls.md #3 and #4: threads time out and are interrupted in a storm on an empty semaphore.
     * Once quiet, no phantom waiter is left: the queue is empty, a fairness-honouring try
     * succeeds, and N releases reach N new waiters.
     */
    @Variant.All
    void shortTimeoutStormLeavesNoPhantomWaiters(Variant v) throws Exception {
        SemaphoreLike s = v.create(0);
        LongAdder grants = new LongAdder();
        Storm storm = new Storm();
        storm.add("one-microsecond", 4, random -> timedTry(s, 1, grants));
        storm.add("up-to-100-microseconds", 2, random -> timedTry(s, random.nextInt(1, 100), grants));
        List<Thread> victims = List.copyOf(storm.threads());
        storm.add("interrupter", 1, random -> {
            victims.get(random.nextInt(victims.size())).interrupt();
            Thread.yield();
        });
        storm.runFor(STORM_MILLIS);

        assertThat(grants.sum()).as("permits granted from an empty semaphore").isZero();
        assertThat(s.getQueueLength()).isZero();
        assertThat(s.hasQueuedThreads()).isFalse();
        assertThat(s.getQueuedThreads()).isEmpty();
        s.release();
        assertThat(s.tryAcquire(0, SECONDS)).as("fairness-honouring try after the storm").isTrue();

        int n = 6;
        List<Attempt> waiters = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            waiters.add(Attempt.run("after-storm-" + i, s::acquire));
        }
        s.release(n);
        for (Attempt waiter : waiters) {
            waiter.awaitResult();
        }
        assertThat(s.availablePermits()).isZero();
        assertThat(s.getQueueLength()).isZero();
    }

    private static void timedTry(SemaphoreLike s, long micros, LongAdder grants) {
        try {
            if (s.tryAcquire(1, micros, MICROSECONDS)) {
                grants.increment();
            }
        } catch (InterruptedException expected) {
            // the storm is made of these
        }
    }

    /**
     * pitfalls.md #12: {@code park} may return for no reason. A chaos thread unparks waiters that
     * cannot proceed; none of them returns, and permits are conserved.
     */
    @Variant.All
    void spuriousUnparksNeverReturnAWaiterEarly(Variant v) throws Exception {
        SemaphoreLike s = v.create(1); // every waiter wants 2
        List<Attempt> waiters = List.of(
                Attempt.run("acquire(2)", () -> s.acquire(2)),
                Attempt.run("acquireUninterruptibly(2)", () -> s.acquireUninterruptibly(2)),
                Attempt.call("tryAcquire(2, 1, HOURS)", () -> s.tryAcquire(2, 1, HOURS)),
                Attempt.run("another acquire(2)", () -> s.acquire(2)));
        Await.queued(s, waiters.size());

        Storm chaos = new Storm().add("unparker", 1, random -> {
            LockSupport.unpark(waiters.get(random.nextInt(waiters.size())).thread());
            Thread.yield();
        });
        chaos.runFor(STORM_MILLIS / 2);

        for (Attempt waiter : waiters) {
            assertThat(waiter.isDone()).as("%s %s", waiter, waiter.outcome()).isFalse();
        }
        assertThat(s.getQueueLength()).isEqualTo(waiters.size());
        assertThat(s.availablePermits()).isEqualTo(1);
        s.release(2 * waiters.size() - 1);
        for (Attempt waiter : waiters) {
            assertThat(waiter.awaitResult()).isNotEqualTo(false);
        }
        assertThat(s.availablePermits()).isZero();
    }

    /**
     * Virtual threads (JDK 21+, reached by reflection since we compile for 17): 10,000 of them
     * through 8 permits all get in, never more than 8 at once, and waiters really park.
     */
    @Variant.All
    void tenThousandVirtualThreadsShareEightPermits(Variant v) throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21");
        SemaphoreLike s = v.create(8);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger mostInside = new AtomicInteger();
        AtomicInteger mostQueued = new AtomicInteger();
        ExecutorService virtualThreads = (ExecutorService) Executors.class
                .getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        List<Future<?>> tasks = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            boolean sample = i % 128 == 0; // the queue length is a walk; look now and then
            tasks.add(virtualThreads.submit(() -> {
                s.acquire();
                try {
                    mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    if (sample) {
                        mostQueued.accumulateAndGet(s.getQueueLength(), Math::max);
                    }
                    Thread.yield(); // gives the carrier to others, which then block in acquire
                } finally {
                    inside.decrementAndGet();
                    s.release();
                }
                return null;
            }));
        }
        virtualThreads.shutdown();
        assertThat(virtualThreads.awaitTermination(3 * Attempt.PATIENCE_SECONDS, SECONDS)).isTrue();
        for (Future<?> task : tasks) {
            task.get(); // rethrows anything a task threw
        }
        assertThat(mostInside.get()).isBetween(1, 8);
        assertThat(mostQueued.get()).as("virtual threads seen queued").isPositive();
        assertThat(s.availablePermits()).isEqualTo(8);
        assertThat(s.getQueueLength()).isZero();
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        return r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        };
    }
}
