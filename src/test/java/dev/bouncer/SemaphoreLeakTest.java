package dev.bouncer;

import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bouncer.support.Attempt;
import dev.bouncer.support.Await;
import dev.bouncer.support.SemaphoreLike;
import dev.bouncer.support.Variant;
import org.junit.jupiter.api.Timeout;

/**
 * pitfalls.md #5: a million timed-out tries must leave nothing behind. A thread blocked for good
 * keeps the queue non-empty meanwhile, so the cancelled nodes of the tries queue behind a live one
 * (the case where clean-up is hardest). Structural check: the number of linked wait-queue nodes,
 * through a package-private hook on ours; the JDK run checks the public queue length only.
 */
@Timeout(60)
class SemaphoreLeakTest {
    private static final int TRIES_PER_THREAD = 600_000;

    @Variant.All
    void timedOutTriesLeaveNoWaiterNodesBehind(Variant v) throws Exception {
        SemaphoreLike s = v.create(0);
        Attempt blocked = Await.parkedIn(s, "blocked", s::acquire);

        Attempt.Action tries = () -> {
            for (int i = 0; i < TRIES_PER_THREAD; i++) {
                long nanos = i % 2; // 0 never queues; 1 ns queues, then times out
                if (s.tryAcquire(1, nanos, NANOSECONDS)) {
                    throw new AssertionError("acquired from an empty semaphore");
                }
            }
        };
        Attempt first = Attempt.run("tries-1", tries);
        Attempt second = Attempt.run("tries-2", tries);
        first.awaitResult();
        second.awaitResult();

        assertThat(s.getQueueLength()).isEqualTo(1);
        assertThat(s.getQueuedThreads()).containsExactly(blocked.thread());
        s.linkedNodeCount().ifPresent(n -> assertThat(n).as("linked nodes").isEqualTo(1));

        s.release();
        blocked.awaitResult();
        assertThat(s.getQueueLength()).isZero();
        s.linkedNodeCount().ifPresent(n -> assertThat(n).as("linked nodes").isZero());
    }
}
