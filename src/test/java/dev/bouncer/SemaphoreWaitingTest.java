package dev.bouncer;

import static java.util.concurrent.TimeUnit.HOURS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bouncer.support.Attempt;
import dev.bouncer.support.Await;
import dev.bouncer.support.SemaphoreLike;
import dev.bouncer.support.Variant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One thread waiting: how each blocking method parks, wakes, gives up on interrupt or keeps
 * waiting, and how the waiter shows in introspection and serialization.
 */
@Timeout(20)
class SemaphoreWaitingTest {

    /** The six ways to wait for permits, each asking for {@link #permits}. */
    enum BlockingCall {
        ACQUIRE(1, true),
        ACQUIRE_2(2, true),
        ACQUIRE_UNINTERRUPTIBLY(1, false),
        ACQUIRE_UNINTERRUPTIBLY_2(2, false),
        TRY_ACQUIRE_FOR_AN_HOUR(1, true),
        TRY_ACQUIRE_2_FOR_AN_HOUR(2, true);

        final int permits;
        final boolean interruptible;

        BlockingCall(int permits, boolean interruptible) {
            this.permits = permits;
            this.interruptible = interruptible;
        }

        /** Starts a thread that makes this call; it returns whether the permits were acquired. */
        Attempt start(SemaphoreLike s) {
            return Attempt.call(name(), () -> switch (this) {
                case ACQUIRE -> granted(s::acquire);
                case ACQUIRE_2 -> granted(() -> s.acquire(2));
                case ACQUIRE_UNINTERRUPTIBLY -> granted(s::acquireUninterruptibly);
                case ACQUIRE_UNINTERRUPTIBLY_2 -> granted(() -> s.acquireUninterruptibly(2));
                case TRY_ACQUIRE_FOR_AN_HOUR -> s.tryAcquire(1, HOURS);
                case TRY_ACQUIRE_2_FOR_AN_HOUR -> s.tryAcquire(2, 1, HOURS);
            });
        }

        /** Runs a call that either acquires or throws, and says it acquired. */
        private static boolean granted(Attempt.Action call) throws Exception {
            call.run();
            return true;
        }
    }

    static Stream<Arguments> everyCall() {
        return Stream.of(Variant.values())
                .flatMap(v -> Stream.of(BlockingCall.values()).map(c -> Arguments.of(v, c)));
    }

    static Stream<Arguments> interruptibleCalls() {
        return everyCall().filter(a -> ((BlockingCall) a.get()[1]).interruptible);
    }

    static Stream<Arguments> uninterruptibleCalls() {
        return everyCall().filter(a -> !((BlockingCall) a.get()[1]).interruptible);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyCall")
    void waiterParksWithTheSemaphoreAsBlockerAndProceedsWhenReleased(Variant v, BlockingCall call)
            throws Exception {
        SemaphoreLike s = v.create(call.permits - 1);
        Attempt waiter = call.start(s);
        Await.parkedIn(s, waiter);
        assertThat(s.isBlocker(LockSupport.getBlocker(waiter.thread())))
                .as("blocker %s", LockSupport.getBlocker(waiter.thread())).isTrue();

        s.release();
        assertThat(waiter.awaitResult()).isEqualTo(true);
        assertThat(s.availablePermits()).isZero();
        assertThat(s.getQueueLength()).isZero();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("interruptibleCalls")
    void interruptWhileWaitingThrowsClearsTheStatusAndTakesNothing(Variant v, BlockingCall call)
            throws Exception {
        SemaphoreLike s = v.create(call.permits - 1);
        Attempt waiter = call.start(s);
        Await.parkedIn(s, waiter);

        waiter.interrupt();
        assertThat(waiter.awaitThrown()).isInstanceOf(InterruptedException.class);
        assertThat(waiter.interruptedAtEnd()).isFalse();
        assertThat(s.availablePermits()).isEqualTo(call.permits - 1);
        assertThat(s.getQueueLength()).isZero();
        assertThat(s.hasQueuedThreads()).isFalse();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("uninterruptibleCalls")
    void uninterruptibleWaiterKeepsWaitingWhenInterruptedAndReturnsWithTheStatusSet(
            Variant v, BlockingCall call) throws Exception {
        SemaphoreLike s = v.create(call.permits - 1);
        Attempt waiter = call.start(s);
        Await.parkedIn(s, waiter);

        waiter.interrupt();
        Await.parkedIn(s, waiter); // woken by the interrupt, it must park again
        s.release();
        assertThat(waiter.awaitResult()).isEqualTo(true);
        assertThat(waiter.interruptedAtEnd()).isTrue();
        assertThat(s.availablePermits()).as("it took its permits").isZero();
    }

    static Stream<Arguments> everyUnit() {
        return Stream.of(Variant.values())
                .flatMap(v -> Stream.of(TimeUnit.values()).map(u -> Arguments.of(v, u)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyUnit")
    void longMaxValueTimeoutInEveryUnitWaitsInsteadOfOverflowing(Variant v, TimeUnit unit)
            throws Exception {
        SemaphoreLike s = v.create(0);
        Attempt one = Attempt.call("tryAcquire(MAX, " + unit + ")", () -> s.tryAcquire(Long.MAX_VALUE, unit));
        Await.parkedIn(s, one);
        s.release();
        assertThat(one.awaitResult()).isEqualTo(true);

        s.release();
        Attempt two = Attempt.call("tryAcquire(2, MAX, " + unit + ")", () -> s.tryAcquire(2, Long.MAX_VALUE, unit));
        Await.parkedIn(s, two);
        s.release();
        assertThat(two.awaitResult()).isEqualTo(true);
        assertThat(s.availablePermits()).isZero();
    }

    @Variant.All
    void queueIntrospectionSeesEveryWaiterUntilItLeaves(Variant v) throws Exception {
        SemaphoreLike s = v.create(0);
        Attempt first = Attempt.run("first", s::acquire);
        Attempt second = Attempt.run("second", () -> s.acquire(2));
        Await.queued(s, 2);
        assertThat(s.hasQueuedThreads()).isTrue();
        assertThat(s.getQueuedThreads()).containsExactlyInAnyOrder(first.thread(), second.thread());

        s.release(3);
        first.awaitResult();
        second.awaitResult();
        assertThat(s.hasQueuedThreads()).isFalse();
        assertThat(s.getQueueLength()).isZero();
        assertThat(s.getQueuedThreads()).isEmpty();
    }

    @Variant.All
    void serializedCopyOfASemaphoreWithAWaiterHasNoWaiters(Variant v) throws Exception {
        SemaphoreLike s = v.create(0);
        Attempt waiter = Await.parkedIn(s, "waiter", s::acquire);

        SemaphoreLike copy = SemaphoreContractTest.serializedCopy(s);
        assertThat(copy.availablePermits()).isZero();
        assertThat(copy.isFair()).isEqualTo(v.fair);
        assertThat(copy.hasQueuedThreads()).isFalse();
        assertThat(copy.getQueueLength()).isZero();
        assertThat(copy.getQueuedThreads()).isEmpty();
        copy.release();
        assertThat(copy.tryAcquire(0, HOURS)).as("nobody waits on the copy, even when fair").isTrue();

        assertThat(s.getQueuedThreads()).containsExactly(waiter.thread());
        s.release();
        waiter.awaitResult();
    }
}
