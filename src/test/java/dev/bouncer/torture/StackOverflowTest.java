package dev.bouncer.torture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A {@link StackOverflowError} that strikes inside the acquire or release machinery leaves the
 * semaphore consistent and the other threads running (PITFALLS 13). A thread with a small stack
 * recurses until it overflows; every frame takes or gives back one permit of a semaphore that three
 * helper threads are fighting over, so the overflow hits at varying points of tryAcquire, acquire,
 * the wait queue and release.
 *
 * <p>Accounting: the recursing thread counts a permit as taken only after the acquire returned, and
 * as given back only after release returned. An overflow thrown out of an acquire must have taken
 * nothing (the contract of an acquire that throws). For bouncer, an overflow thrown out of release
 * has released nothing either (WaitQueue I8: the stack is reserved before the CAS), so the permit
 * is still held and is given back at the end of the round, and the deficit must be zero. For the JDK
 * semaphores (only with {@code -Dbouncer.soe.withJdk=true}) such a release is ambiguous, so it is
 * not repeated, and the deficit may be at most the number of those ambiguous releases.
 */
class StackOverflowTest {
    private static final int ROUNDS = 100;
    private static final int PERMITS = 2;

    /**
     * The bouncer semaphores. {@code -Dbouncer.soe.withJdk=true} adds the JDK semaphores for
     * comparison; they are not in CI because they fail this test intermittently themselves (an
     * overflow inside AbstractQueuedSynchronizer can leave a fair queue blocked too).
     */
    static List<Subjects.Subject<SemaphoreLike>> subjects() {
        List<Subjects.Subject<SemaphoreLike>> subjects = new ArrayList<>(Subjects.BOUNCER_SEMAPHORES);
        subjects.addAll(Subjects.BOUNCER_BOUNDED_SEMAPHORES);
        if (Boolean.getBoolean("bouncer.soe.withJdk")) {
            subjects.addAll(Subjects.JDK_SEMAPHORES);
            subjects.addAll(Subjects.JDK_BOUNDED_SEMAPHORES);
        }
        return subjects;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void overflowInsideTheMachineryLeavesTheSemaphoreConsistent(Subjects.Subject<SemaphoreLike> subject) {
        SemaphoreLike semaphore = subject.create(PERMITS);
        int initial = semaphore.availablePermits();
        AtomicLong helperOps = new AtomicLong();
        List<Thread> helpers = new ArrayList<>();
        Overflower overflower = new Overflower(semaphore, !subject.name().startsWith("jdk-"));
        for (int i = 0; i < 3; i++) {
            helpers.add(Threads.start("helper-" + i, false, () -> {
                while (!overflower.done) {
                    semaphore.acquireUninterruptibly(1); // untimed: a lost wakeup leaves it stuck
                    semaphore.release(1);
                    helperOps.incrementAndGet();
                }
            }));
        }
        Thread thread = new Thread(null, overflower::run, "overflower", 256 * 1024);
        thread.setDaemon(true);
        thread.start();
        // Stuck means no round finished for 10 s; a slow but moving overflower (fair handoffs on a
        // busy 2-core machine) gets up to 60 s in all.
        long hardDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int lastRounds = -1;
        while (thread.isAlive() && overflower.rounds != lastRounds && hardDeadline - System.nanoTime() > 0) {
            lastRounds = overflower.rounds;
            Threads.joinAll(List.of(thread), System.nanoTime() + TimeUnit.SECONDS.toNanos(10));
        }
        List<Thread> overflowerStuck = thread.isAlive() ? List.of(thread) : List.of();
        String overflowerDump = Threads.dump(overflowerStuck, 1);
        long opsAfterRounds = helperOps.get();
        boolean helpersProceed = Threads.awaitCondition(() -> helperOps.get() >= opsAfterRounds + 1000,
                System.nanoTime() + TimeUnit.SECONDS.toNanos(3));
        overflower.done = true;
        List<Thread> stuck = Threads.joinAll(helpers, System.nanoTime() + TimeUnit.SECONDS.toNanos(3));
        String helpersDump = Threads.dump(stuck, 3);
        int deficit = initial - semaphore.availablePermits();
        int queueLength = semaphore.getQueueLength();
        System.out.printf("SOE %s: rounds=%d overflows=%d where=%s ambiguousReleases=%d deficit=%d"
                        + " helperOps=%d queueLength=%d overflowerStuck=%b helpersStuck=%d%n", subject.name(),
                overflower.rounds, overflower.overflows, overflower.where, overflower.ambiguous, deficit,
                helperOps.get(), queueLength, !overflowerStuck.isEmpty(), stuck.size());

        assertThat(overflowerStuck).as("overflowing thread stuck (deficit %d, queue length %d):%n%s",
                deficit, queueLength, overflowerDump).isEmpty();
        assertThat(stuck).as("helpers stuck after the overflows (deficit %d, queue length %d):%n%s",
                deficit, queueLength, helpersDump).isEmpty();
        assertThat(helpersProceed).as("helpers kept acquiring and releasing").isTrue();
        assertThat(overflower.overflows).as("every round overflowed").isEqualTo(ROUNDS);
        assertThat(overflower.insidePrimitive).as("overflows that struck inside the primitive").isPositive();
        assertThat(deficit).as("permits lost beyond the ambiguous releases").isBetween(0, overflower.ambiguous);
        assertThat(queueLength).as("getQueueLength() when quiet").isZero();
        assertThat(semaphore.hasQueuedThreads()).as("hasQueuedThreads() when quiet").isFalse();
        int available = semaphore.availablePermits();
        assertThat(tryAcquireAll(semaphore, available)).as("fair tryAcquire of every permit when quiet").isTrue();
        semaphore.release(available);
    }

    private static boolean tryAcquireAll(SemaphoreLike semaphore, int permits) {
        try {
            return semaphore.tryAcquire(permits, 0, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Recurses until the stack overflows, taking and giving back permits in every frame. */
    private static final class Overflower {
        private final SemaphoreLike semaphore;
        /** Whether a release that throws is known to have released nothing (bouncer's I8). */
        private final boolean failedReleaseReleasedNothing;
        volatile boolean done;
        volatile int rounds;
        int overflows;
        int insidePrimitive;
        int ambiguous;
        final Map<String, Integer> where = new TreeMap<>();
        /** Permits this thread holds for sure; plain fields, so updating them cannot overflow. */
        private int taken;
        private boolean releasing;
        private long seed = 0x2545F4914F6CDD1DL;

        Overflower(SemaphoreLike semaphore, boolean failedReleaseReleasedNothing) {
            this.semaphore = semaphore;
            this.failedReleaseReleasedNothing = failedReleaseReleasedNothing;
        }

        void run() {
            for (int round = 0; round < ROUNDS; round++) {
                try {
                    frame();
                } catch (StackOverflowError e) {
                    overflows++;
                    record(e);
                }
                if (releasing && !failedReleaseReleasedNothing) {
                    ambiguous++; // the permit may be back or not: do not release it twice
                    taken--;
                }
                releasing = false; // for bouncer the permit is still held: given back below
                semaphore.release(taken);
                taken = 0;
                rounds = round + 1;
            }
        }

        private void frame() throws StackOverflowError {
            seed ^= seed << 13; // xorshift inline: no call that could overflow outside the primitive
            seed ^= seed >>> 7;
            seed ^= seed << 17;
            try {
                int choice = (int) (seed & 3);
                if (choice == 0 && taken > 0) {
                    releasing = true;
                    semaphore.release(1);
                    releasing = false;
                    taken--;
                } else if (choice == 1 && taken == 0) {
                    semaphore.acquire(1); // queues behind the helpers and parks, deep in the stack
                    taken++;
                } else if (semaphore.tryAcquire(1, 1, TimeUnit.NANOSECONDS)) {
                    taken++;
                }
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            frame();
        }

        private void record(StackOverflowError e) {
            StackTraceElement[] stack = e.getStackTrace();
            String top = stack.length == 0 ? "?" : stack[0].getClassName();
            where.merge(top.substring(top.lastIndexOf('.') + 1), 1, Integer::sum);
            for (int i = 0; i < Math.min(stack.length, 4); i++) {
                String name = stack[i].getClassName();
                if (!name.startsWith("dev.bouncer.torture.") && !name.startsWith("java.lang.Thread")) {
                    insidePrimitive++;
                    return;
                }
            }
        }
    }
}
