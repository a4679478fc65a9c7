package dev.bouncer.torture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bouncer.support.SemaphoreLike;
import dev.bouncer.support.Subjects;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A {@link StackOverflowError} that strikes inside the acquire or release machinery leaves the
 * semaphore consistent and the other threads running (pitfalls.md #13). A thread with a small stack
 * recurses until it overflows; every frame takes or gives back one permit of a semaphore that three
 * helper threads are fighting over, so the overflow hits at varying points of tryAcquire, acquire,
 * the wait queue and release.
 *
 * <p>Accounting: the recursing thread counts a permit as taken only after the acquire returned, and
 * as given back only after release returned. An overflow thrown out of an acquire must have taken
 * nothing (the contract of an acquire that throws). For bouncer, an overflow thrown out of release
 * has released nothing either (QS-I8: the stack is reserved before the CAS), so the permit
 * is still held and is given back at the end of the round, and the deficit must be zero. For the JDK
 * semaphores (only with {@code -Dbouncer.soe.withJdk=true}) such a release is ambiguous, so it is
 * not repeated, and the deficit may be at most the number of those ambiguous releases.
 */
@Tag("stack-overflow")
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
        SemaphoreOverflower overflower = new SemaphoreOverflower(semaphore, !subject.name().startsWith("jdk-"));
        Runnable helper = () -> {
            semaphore.acquireUninterruptibly(1); // untimed: a lost wakeup leaves it stuck
            semaphore.release(1);
        };
        Overflower.Result result = Overflower.drive(overflower, List.of(helper, helper, helper));
        int deficit = initial - semaphore.availablePermits();
        int queueLength = semaphore.getQueueLength();
        System.out.printf("SOE %s: %s ambiguousReleases=%d deficit=%d queueLength=%d%n", subject.name(),
                result.summary(), overflower.ambiguous, deficit, queueLength);

        result.assertRanAndNothingStuck(ROUNDS, "deficit " + deficit + ", queue length " + queueLength);
        assertThat(deficit).as("permits lost beyond the ambiguous releases (negative: a release that threw"
                + " had released; %s)", result.summary()).isBetween(0, overflower.ambiguous);
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

    /** Takes and gives back permits in every frame. */
    private static final class SemaphoreOverflower extends Overflower {
        private final SemaphoreLike semaphore;
        /** Whether a release that throws is known to have released nothing (QS-I8). */
        private final boolean failedReleaseReleasedNothing;
        int ambiguous;
        /** Permits this thread holds for sure; plain fields, so updating them cannot overflow. */
        private int taken;
        private boolean releasing;

        SemaphoreOverflower(SemaphoreLike semaphore, boolean failedReleaseReleasedNothing) {
            super(ROUNDS);
            this.semaphore = semaphore;
            this.failedReleaseReleasedNothing = failedReleaseReleasedNothing;
        }

        @Override
        void step(int choice) throws InterruptedException {
            if ((choice & 3) == 0 && taken > 0) {
                releasing = true;
                semaphore.release(1);
                releasing = false;
                taken--;
            } else if ((choice & 3) == 1 && taken == 0) {
                semaphore.acquire(1); // queues behind the helpers and parks, deep in the stack
                taken++;
            } else if (semaphore.tryAcquire(1, 1, TimeUnit.NANOSECONDS)) {
                taken++;
            }
        }

        @Override
        void endRound() {
            if (releasing && !failedReleaseReleasedNothing) {
                ambiguous++; // the permit may be back or not: do not release it twice
                taken--;
            }
            releasing = false; // for bouncer the permit is still held: given back here
            semaphore.release(taken);
            taken = 0;
        }
    }
}
