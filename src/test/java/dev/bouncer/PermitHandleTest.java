package dev.bouncer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bouncer.support.Attempt;
import dev.bouncer.support.Await;
import dev.bouncer.support.SemaphoreTwin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The contract of {@link Permit} handles from a {@link Semaphore} (docs/permits.md). */
class PermitHandleTest {

    // ---- the handle ----

    @ParameterizedTest(name = "fair={0}")
    @ValueSource(booleans = {false, true})
    void closeGivesBackExactlyThePermitsTakenOnce(boolean fair) throws InterruptedException {
        Semaphore semaphore = new Semaphore(5, fair);
        Permit permit = semaphore.acquirePermit(3);
        assertThat(permit.permits()).isEqualTo(3);
        assertThat(permit.isValid()).isTrue();
        assertThat(semaphore.availablePermits()).isEqualTo(2);

        permit.close();
        assertThat(permit.isValid()).isFalse();
        assertThat(semaphore.availablePermits()).isEqualTo(5);

        permit.close(); // a second close does nothing
        assertThat(semaphore.availablePermits()).isEqualTo(5);
        assertThat(permit.isValid()).isFalse();
    }

    @Test
    void tryWithResourcesGivesBackWhenTheBodyThrows() throws InterruptedException {
        Semaphore semaphore = new Semaphore(1);
        assertThatThrownBy(() -> {
            try (Permit permit = semaphore.acquirePermit()) {
                assertThat(semaphore.availablePermits()).isZero();
                throw new IllegalStateException("body failed");
            }
        }).isInstanceOf(IllegalStateException.class).hasMessage("body failed");
        assertThat(semaphore.availablePermits()).isEqualTo(1);
    }

    @Test
    void anotherThreadMayCloseTheHandle() throws InterruptedException {
        Semaphore semaphore = new Semaphore(1);
        Permit permit = semaphore.acquirePermit();
        Attempt.run("closer", permit::close).awaitResult();
        assertThat(semaphore.availablePermits()).isEqualTo(1);
        assertThat(permit.isValid()).isFalse();
    }

    /** Two threads close one handle at once, many times: exactly one release each time (H1). */
    @Test
    void concurrentDoubleCloseReleasesExactlyOnce() throws Exception {
        int rounds = 2_000;
        List<Semaphore> semaphores = new ArrayList<>();
        List<Permit> permits = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            Semaphore semaphore = new Semaphore(1);
            semaphores.add(semaphore);
            permits.add(semaphore.acquirePermitUninterruptibly());
        }
        CyclicBarrier together = new CyclicBarrier(2);
        Attempt.Action closeAll = () -> {
            for (Permit permit : permits) {
                together.await(Attempt.PATIENCE_SECONDS, TimeUnit.SECONDS);
                permit.close();
            }
        };
        Attempt first = Attempt.run("closer-1", closeAll);
        Attempt second = Attempt.run("closer-2", closeAll);
        first.awaitResult();
        second.awaitResult();
        for (int i = 0; i < rounds; i++) {
            assertThat(semaphores.get(i).availablePermits()).as("round %d", i).isEqualTo(1);
            assertThat(permits.get(i).isValid()).isFalse();
        }
    }

    @Test
    void closingAHandleWakesAParkedAcquirer() throws InterruptedException {
        SemaphoreTwin.Bouncer semaphore = new SemaphoreTwin.Bouncer(0, false);
        Permit held = semaphore.acquirePermitUninterruptibly(0);
        semaphore.release(2);
        Permit two = semaphore.acquirePermit(2);
        Attempt waiter = Await.parkedIn(semaphore, "waiter",
                () -> semaphore.acquirePermit(2).close());
        two.close();
        waiter.awaitResult();
        held.close(); // zero permits: closes, releases nothing
        assertThat(semaphore.availablePermits()).isEqualTo(2);
    }

    @Test
    void zeroPermitHandleReleasesNothing() {
        Semaphore semaphore = new Semaphore(0);
        Permit none = semaphore.acquirePermitUninterruptibly(0);
        assertThat(none.permits()).isZero();
        none.close();
        assertThat(semaphore.availablePermits()).isZero();
        assertThat(none.isValid()).isFalse();
    }

    @Test
    void toStringSaysHowManyAndWhetherHeld() {
        Permit permit = new Semaphore(2).acquirePermitUninterruptibly(2);
        assertThat(permit.toString()).endsWith("[2 permits, held]");
        permit.close();
        assertThat(permit.toString()).endsWith("[2 permits, closed]");
    }

    // ---- failures take nothing, and leave nothing to close ----

    @Test
    void negativeCountsAreRejectedAndTakeNothing() {
        Semaphore semaphore = new Semaphore(3);
        assertThatThrownBy(() -> semaphore.acquirePermit(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> semaphore.acquirePermitUninterruptibly(-1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> semaphore.tryAcquirePermit(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> semaphore.tryAcquirePermit(-1, 1, TimeUnit.SECONDS))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> semaphore.tryAcquirePermit(-1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> semaphore.withPermit(-1, () -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(semaphore.availablePermits()).isEqualTo(3);
    }

    @Test
    void failedTryReturnsEmptyAndTakesNothing() throws InterruptedException {
        Semaphore semaphore = new Semaphore(1);
        assertThat(semaphore.tryAcquirePermit(2)).isEmpty();
        assertThat(semaphore.tryAcquirePermit(2, 0, TimeUnit.SECONDS)).isEmpty();
        assertThat(semaphore.tryAcquirePermit(2, Duration.ofMillis(-5))).isEmpty();
        assertThat(semaphore.availablePermits()).isEqualTo(1);

        Optional<Permit> one = semaphore.tryAcquirePermit();
        assertThat(one).hasValueSatisfying(p -> assertThat(p.isValid()).isTrue());
        assertThat(semaphore.tryAcquirePermit()).isEmpty();
        one.get().close();
        assertThat(semaphore.availablePermits()).isEqualTo(1);
    }

    @ParameterizedTest(name = "fair={0}")
    @ValueSource(booleans = {false, true})
    void timedOutTryLeavesNoPermitAndNoWaiter(boolean fair) throws InterruptedException {
        Semaphore semaphore = new Semaphore(0, fair);
        assertThat(semaphore.tryAcquirePermit(1, 20, TimeUnit.MILLISECONDS)).isEmpty();
        assertThat(semaphore.tryAcquirePermit(Duration.ofMillis(20))).isEmpty();
        assertThat(semaphore.getQueueLength()).isZero();
        semaphore.release();
        assertThat(semaphore.availablePermits()).isEqualTo(1);
    }

    @ParameterizedTest(name = "fair={0}")
    @ValueSource(booleans = {false, true})
    void interruptWhileWaitingTakesNothing(boolean fair) throws InterruptedException {
        SemaphoreTwin.Bouncer semaphore = new SemaphoreTwin.Bouncer(1, fair);
        Attempt blocked = Await.parkedIn(semaphore, "blocked", () -> semaphore.acquirePermit(2));
        Attempt timed = Await.parkedIn(semaphore, "timed",
                () -> semaphore.tryAcquirePermit(2, Duration.ofDays(1)));
        blocked.interrupt();
        timed.interrupt();
        assertThat(blocked.awaitThrown()).isInstanceOf(InterruptedException.class);
        assertThat(timed.awaitThrown()).isInstanceOf(InterruptedException.class);
        Await.queued(semaphore, 0);
        assertThat(semaphore.availablePermits()).isEqualTo(1);
        assertThat(semaphore.tryAcquirePermit(1, 0, TimeUnit.SECONDS)).isPresent();
    }

    @Test
    void interruptOnEntryThrowsEvenWithPermitsAvailable() {
        Semaphore semaphore = new Semaphore(1);
        Thread.currentThread().interrupt();
        assertThatThrownBy(semaphore::acquirePermit).isInstanceOf(InterruptedException.class);
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> semaphore.tryAcquirePermit(Duration.ZERO))
                .isInstanceOf(InterruptedException.class);
        Thread.currentThread().interrupt();
        AtomicInteger ran = new AtomicInteger();
        assertThatThrownBy(() -> semaphore.withPermit(ran::incrementAndGet))
                .isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();
        assertThat(ran).hasValue(0);
        assertThat(semaphore.availablePermits()).isEqualTo(1);
    }

    @Test
    void uninterruptibleHandleWaitsThroughInterruptAndKeepsTheStatus() throws InterruptedException {
        SemaphoreTwin.Bouncer semaphore = new SemaphoreTwin.Bouncer(0, false);
        Attempt waiter = Await.parkedIn(semaphore, "waiter",
                () -> semaphore.acquirePermitUninterruptibly().close());
        waiter.interrupt();
        semaphore.release();
        waiter.awaitResult();
        assertThat(waiter.interruptedAtEnd()).isTrue();
        assertThat(semaphore.availablePermits()).isEqualTo(1);
    }

    @Test
    void untimedTryBargesAndZeroTimeoutHonoursFairness() throws InterruptedException {
        SemaphoreTwin.Bouncer semaphore = new SemaphoreTwin.Bouncer(1, true);
        Attempt waiter = Await.parkedIn(semaphore, "waiter",
                () -> semaphore.acquirePermit(2).close());
        assertThat(semaphore.tryAcquirePermit(1, 0, TimeUnit.SECONDS)).isEmpty();
        Optional<Permit> barged = semaphore.tryAcquirePermit();
        assertThat(barged).isPresent();
        barged.get().close();
        semaphore.release();
        waiter.awaitResult();
        assertThat(semaphore.availablePermits()).isEqualTo(2);
    }

    // ---- bounded semaphores ----

    @Test
    void boundedSemaphoreHandleCloseNeverExceedsTheMaximum() {
        BoundedSemaphore semaphore = new BoundedSemaphore(2, 2);
        Permit permit = semaphore.acquirePermitUninterruptibly();
        semaphore.release(); // an over-release elsewhere fills the semaphore
        assertThatThrownBy(permit::close).isInstanceOf(IllegalStateException.class);
        assertThat(semaphore.availablePermits()).isEqualTo(2);
        assertThat(permit.isValid()).as("a close that threw released nothing").isTrue();

        semaphore.acquireUninterruptibly();
        permit.close();
        assertThat(semaphore.availablePermits()).isEqualTo(2);
        assertThat(permit.isValid()).isFalse();
        permit.close();
        assertThat(semaphore.availablePermits()).isEqualTo(2);
    }

    @Test
    void binarySemaphoreHandsOutItsOnePermit() throws InterruptedException {
        BinarySemaphore semaphore = new BinarySemaphore(true);
        try (Permit permit = semaphore.acquirePermit()) {
            assertThat(semaphore.isAvailable()).isFalse();
            assertThat(semaphore.tryAcquirePermit()).isEmpty();
        }
        assertThat(semaphore.isAvailable()).isTrue();
    }

    // ---- withPermit ----

    @Test
    void withPermitHoldsThePermitsWhileTheTaskRuns() throws Exception {
        Semaphore semaphore = new Semaphore(3);
        assertThat(semaphore.withPermit(() -> semaphore.availablePermits())).isEqualTo(2);
        assertThat(semaphore.withPermit(2, () -> semaphore.availablePermits())).isEqualTo(1);
        AtomicInteger seen = new AtomicInteger(-1);
        semaphore.withPermit(() -> seen.set(semaphore.availablePermits()));
        assertThat(seen).hasValue(2);
        semaphore.withPermit(3, () -> seen.set(semaphore.availablePermits()));
        assertThat(seen).hasValue(0);
        assertThat(semaphore.availablePermits()).isEqualTo(3);
    }

    @Test
    void withPermitGivesBackWhenTheTaskThrows() {
        Semaphore semaphore = new Semaphore(2);
        Runnable failingRunnable = () -> {
            throw new IllegalStateException("runnable failed");
        };
        assertThatThrownBy(() -> semaphore.withPermit(2, failingRunnable))
                .isInstanceOf(IllegalStateException.class).hasMessage("runnable failed");
        assertThatThrownBy(() -> semaphore.withPermit(() -> {
            throw new java.io.IOException("callable failed");
        })).isInstanceOf(java.io.IOException.class).hasMessage("callable failed");
        assertThat(semaphore.availablePermits()).isEqualTo(2);
    }

    @Test
    void withPermitRejectsANullTaskTakingNothing() {
        Semaphore semaphore = new Semaphore(1);
        assertThatThrownBy(() -> semaphore.withPermit((Runnable) null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> semaphore.withPermit((java.util.concurrent.Callable<?>) null))
                .isInstanceOf(NullPointerException.class);
        assertThat(semaphore.availablePermits()).isEqualTo(1);
    }

    // ---- Duration overloads of the JDK-compatible methods ----

    @Test
    void durationTryAcquireTakesOrTimesOut() throws InterruptedException {
        Semaphore semaphore = new Semaphore(2);
        assertThat(semaphore.tryAcquire(Duration.ZERO)).isTrue();
        assertThat(semaphore.tryAcquire(2, Duration.ofMillis(10))).isFalse();
        assertThat(semaphore.tryAcquire(1, Duration.ofMillis(-1))).isTrue();
        assertThat(semaphore.tryAcquire(Duration.ofMillis(10))).isFalse();
        assertThat(semaphore.availablePermits()).isZero();
        assertThatThrownBy(() -> semaphore.tryAcquire(-1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> semaphore.tryAcquire((Duration) null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> semaphore.tryAcquirePermit((Duration) null))
                .isInstanceOf(NullPointerException.class);
    }

    /** A duration past a long of nanoseconds waits (saturates), and does not overflow to "no wait". */
    @Test
    void hugeDurationWaitsInsteadOfOverflowing() throws InterruptedException {
        SemaphoreTwin.Bouncer semaphore = new SemaphoreTwin.Bouncer(0, false);
        Duration forever = Duration.ofSeconds(Long.MAX_VALUE);
        Attempt plain = Attempt.call("plain", () -> semaphore.tryAcquire(forever));
        Await.parkedIn(semaphore, plain);
        Attempt handle = Attempt.call("handle", () -> semaphore.tryAcquirePermit(forever).isPresent());
        Await.parkedIn(semaphore, handle);
        semaphore.release(2);
        assertThat(plain.awaitResult()).isEqualTo(true);
        assertThat(handle.awaitResult()).isEqualTo(true);
    }
}
