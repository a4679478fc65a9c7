package dev.bouncer;

import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bouncer.support.Attempt;
import dev.bouncer.support.Await;
import dev.bouncer.support.SemaphoreLike;
import dev.bouncer.support.Variant;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The documented contract of {@link java.util.concurrent.Semaphore}, point by point, for calls that
 * do not have to wait: arguments, limits, fairness of the non-blocking tries, interrupts on entry,
 * non-positive timeouts, introspection and serialization.
 */
@Timeout(20)
class SemaphoreContractTest {

    @AfterEach
    void clearInterruptOfTestThread() {
        Thread.interrupted(); // a failed test must not leave the flag set for the next one
    }

    @Variant.All
    void constructorSetsPermitsAndFairnessAndNothingIsQueued(Variant v) {
        SemaphoreLike s = v.create(3);
        assertThat(s.availablePermits()).isEqualTo(3);
        assertThat(s.isFair()).isEqualTo(v.fair);
        assertThat(s.hasQueuedThreads()).isFalse();
        assertThat(s.getQueueLength()).isZero();
        assertThat(s.getQueuedThreads()).isEmpty();
    }

    @Variant.All
    void negativeInitialPermitsBlockAcquiresUntilAnyThreadReleases(Variant v) throws Exception {
        SemaphoreLike s = v.create(-2);
        assertThat(s.tryAcquire()).isFalse();
        assertThat(s.tryAcquire(0)).as("even zero permits need a non-negative count").isFalse();
        Attempt.run("releaser", () -> s.release(3)).awaitResult(); // never acquired anything
        assertThat(s.availablePermits()).isEqualTo(1);
        assertThat(s.tryAcquire()).isTrue();
    }

    @Variant.All
    void negativeCountsThrowIllegalArgumentAndChangeNothing(Variant v) {
        SemaphoreLike s = v.create(5);
        Map<String, ThrowingCallable> calls = Map.of(
                "acquire(-1)", () -> s.acquire(-1),
                "acquireUninterruptibly(-1)", () -> s.acquireUninterruptibly(-1),
                "tryAcquire(-1)", () -> s.tryAcquire(-1),
                "tryAcquire(-1, 1, SECONDS)", () -> s.tryAcquire(-1, 1, SECONDS),
                "release(-1)", () -> s.release(-1),
                "reducePermits(-1)", () -> s.reducePermits(-1));
        calls.forEach((name, call) -> {
            assertThatThrownBy(call).as(name).isInstanceOf(IllegalArgumentException.class);
            assertThat(s.availablePermits()).as("permits after " + name).isEqualTo(5);
        });
    }

    @Variant.All
    void nullTimeUnitThrowsNullPointerAndTakesNothing(Variant v) {
        SemaphoreLike s = v.create(5);
        assertThatThrownBy(() -> s.tryAcquire(1, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> s.tryAcquire(2, 1, null)).isInstanceOf(NullPointerException.class);
        assertThat(s.availablePermits()).isEqualTo(5);
    }

    @Variant.All
    void releasePastIntegerMaxValueThrowsErrorAndChangesNothing(Variant v) {
        SemaphoreLike s = v.create(Integer.MAX_VALUE - 1);
        assertThatThrownBy(() -> s.release(2)).isExactlyInstanceOf(Error.class)
                .hasMessage("Maximum permit count exceeded");
        assertThat(s.availablePermits()).isEqualTo(Integer.MAX_VALUE - 1);

        s.release();
        s.release(0);
        assertThat(s.availablePermits()).isEqualTo(Integer.MAX_VALUE);
        assertThatThrownBy(s::release).isExactlyInstanceOf(Error.class);
        assertThatThrownBy(() -> s.release(Integer.MAX_VALUE)).isExactlyInstanceOf(Error.class);
        assertThat(s.availablePermits()).isEqualTo(Integer.MAX_VALUE);
    }

    @Variant.All
    void reducePermitsMayGoNegativeButNotPastIntegerMinValue(Variant v) {
        SemaphoreLike s = v.create(3);
        s.reducePermits(5);
        assertThat(s.availablePermits()).isEqualTo(-2);

        SemaphoreLike low = v.create(Integer.MIN_VALUE + 1);
        assertThatThrownBy(() -> low.reducePermits(2)).isExactlyInstanceOf(Error.class)
                .hasMessage("Permit count underflow");
        assertThat(low.availablePermits()).isEqualTo(Integer.MIN_VALUE + 1);
        low.reducePermits(1);
        assertThat(low.availablePermits()).isEqualTo(Integer.MIN_VALUE);
    }

    static Stream<Arguments> drainCases() {
        return Stream.of(Variant.values()).flatMap(v -> Stream.of(5, 0, -3).map(n -> Arguments.of(v, n)));
    }

    @ParameterizedTest(name = "{0} from {1}")
    @MethodSource("drainCases")
    void drainPermitsReturnsWhatWasThereAndLeavesZero(Variant v, int initial) {
        SemaphoreLike s = v.create(initial);
        assertThat(s.drainPermits()).isEqualTo(initial);
        assertThat(s.availablePermits()).isZero();
        assertThat(s.drainPermits()).isZero();
    }

    @Variant.All
    void toStringEndsWithThePermitCount(Variant v) throws InterruptedException {
        SemaphoreLike s = v.create(-2);
        assertThat(s.toString()).endsWith("[Permits = -2]");
        s.release(9);
        assertThat(s.toString()).endsWith("[Permits = 7]");
        s.acquire(7);
        assertThat(s.toString()).endsWith("[Permits = 0]");
    }

    @Variant.All
    void interruptibleMethodsThrowWhenInterruptedOnEntryEvenWithPermitsFree(Variant v) {
        SemaphoreLike s = v.create(5);
        Map<String, ThrowingCallable> calls = Map.of(
                "acquire()", s::acquire,
                "acquire(2)", () -> s.acquire(2),
                "tryAcquire(1, SECONDS)", () -> s.tryAcquire(1, SECONDS),
                "tryAcquire(0, SECONDS)", () -> s.tryAcquire(0, SECONDS),
                "tryAcquire(-1, SECONDS)", () -> s.tryAcquire(-1, SECONDS),
                "tryAcquire(2, 1, SECONDS)", () -> s.tryAcquire(2, 1, SECONDS),
                "tryAcquire(2, 0, SECONDS)", () -> s.tryAcquire(2, 0, SECONDS));
        calls.forEach((name, call) -> {
            Thread.currentThread().interrupt();
            assertThatThrownBy(call).as(name).isInstanceOf(InterruptedException.class);
            assertThat(Thread.interrupted()).as("interrupt status after " + name).isFalse();
            assertThat(s.availablePermits()).as("permits after " + name).isEqualTo(5);
        });
    }

    @Variant.All
    void nonInterruptibleMethodsTakeFreePermitsAndKeepTheInterruptStatus(Variant v) {
        SemaphoreLike s = v.create(6);
        Thread.currentThread().interrupt();
        assertThat(s.tryAcquire()).isTrue();
        assertThat(s.tryAcquire(2)).isTrue();
        s.acquireUninterruptibly();
        s.acquireUninterruptibly(2);
        assertThat(Thread.interrupted()).isTrue();
        assertThat(s.availablePermits()).isZero();
    }

    /** Untimed tries take free permits past a queued waiter, fair or not (pitfalls.md #8). */
    @Variant.All
    void untimedTryAcquireBargesPastAQueuedWaiterEvenWhenFair(Variant v) throws Exception {
        SemaphoreLike s = v.create(3);
        Attempt waiter = Await.parkedIn(s, "waiter acquire(4)", () -> s.acquire(4));
        assertThat(s.tryAcquire()).isTrue();
        assertThat(s.tryAcquire(2)).isTrue();
        assertThat(s.availablePermits()).isZero();
        s.release(4);
        waiter.awaitResult();
    }

    /** Timed tries with no time to wait barge when nonfair, and honour fairness when fair. */
    @Variant.All
    void timedTryAcquireWithNoTimeBargesOnlyWhenNonfair(Variant v) throws Exception {
        SemaphoreLike s = v.create(3);
        Attempt waiter = Await.parkedIn(s, "waiter acquire(4)", () -> s.acquire(4));
        boolean barges = !v.fair;
        assertThat(s.tryAcquire(0, SECONDS)).isEqualTo(barges);
        assertThat(s.tryAcquire(2, -1, SECONDS)).isEqualTo(barges);
        assertThat(s.availablePermits()).isEqualTo(barges ? 0 : 3);
        s.release(barges ? 4 : 1);
        waiter.awaitResult();
    }

    static Stream<Arguments> nonPositiveAndTinyTimeouts() {
        return Stream.of(Variant.values())
                .flatMap(v -> Stream.of(0L, -1L, Long.MIN_VALUE, 1L).map(t -> Arguments.of(v, t)));
    }

    @ParameterizedTest(name = "{0} timeout {1} ns")
    @MethodSource("nonPositiveAndTinyTimeouts")
    void timedTryAcquireWithNoTimeToWaitTakesFreePermitsOrFails(Variant v, long nanos) throws Exception {
        SemaphoreLike s = v.create(2);
        assertThat(s.tryAcquire(nanos, NANOSECONDS)).isTrue();
        assertThat(s.tryAcquire(2, nanos, NANOSECONDS)).isFalse();
        assertThat(s.tryAcquire(1, nanos, NANOSECONDS)).isTrue();
        assertThat(s.tryAcquire(nanos, NANOSECONDS)).isFalse();
        assertThat(s.availablePermits()).isZero();
        assertThat(s.getQueueLength()).as("a failed try leaves no waiter").isZero();
        assertThat(s.hasQueuedThreads()).isFalse();
    }

    @Variant.All
    void serializedCopyKeepsPermitsAndFairnessAndIsIndependent(Variant v) throws Exception {
        SemaphoreLike s = v.create(3);
        s.acquire();
        SemaphoreLike copy = serializedCopy(s);
        assertThat(copy.getClass()).isEqualTo(s.getClass());
        assertThat(copy.availablePermits()).isEqualTo(2);
        assertThat(copy.isFair()).isEqualTo(v.fair);
        copy.acquire(2);
        assertThat(s.availablePermits()).isEqualTo(2);
    }

    static SemaphoreLike serializedCopy(SemaphoreLike s) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(s);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (SemaphoreLike) in.readObject();
        }
    }
}
