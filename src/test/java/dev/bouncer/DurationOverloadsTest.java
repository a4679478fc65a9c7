package dev.bouncer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bouncer.support.Attempt;
import dev.bouncer.support.Await;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The {@code Duration} forms beside every {@code (long, TimeUnit)} wait of {@link Mutex},
 * {@link MutexCondition} and {@link BoundedBuffer} ({@link Semaphore}'s are in PermitHandleTest):
 * each waits as its {@code (long, TimeUnit)} twin does, a zero or negative duration does not wait,
 * and one too long for a {@code long} of nanoseconds saturates to an effectively endless wait
 * instead of wrapping to a negative "do not wait".
 */
class DurationOverloadsTest {
    /** Longer than Long.MAX_VALUE nanoseconds: wraps negative unless the conversion saturates. */
    private static final Duration BEYOND_LONG_NANOS = ChronoUnit.FOREVER.getDuration();

    @Test
    void mutexTryLockWaitsForTheDuration() throws InterruptedException {
        Mutex mutex = new Mutex();
        assertThat(mutex.tryLock(Duration.ZERO)).isTrue();
        Attempt zero = Attempt.call("zero", () -> mutex.tryLock(Duration.ZERO));
        Attempt negative = Attempt.call("negative", () -> mutex.tryLock(Duration.ofSeconds(-1)));
        Attempt brief = Attempt.call("brief", () -> mutex.tryLock(Duration.ofMillis(20)));
        assertThat(zero.awaitResult()).isEqualTo(false);
        assertThat(negative.awaitResult()).isEqualTo(false);
        assertThat(brief.awaitResult()).isEqualTo(false);

        Attempt endless = Attempt.call("endless", () -> {
            boolean locked = mutex.tryLock(BEYOND_LONG_NANOS);
            mutex.unlock();
            return locked;
        });
        Await.until("the endless try waits", () -> mutex.getQueueLength() == 1 || endless.isDone());
        assertThat(endless.isDone()).as("a saturated duration still waits").isFalse();
        mutex.unlock();
        assertThat(endless.awaitResult()).isEqualTo(true);
        assertThatThrownBy(() -> mutex.tryLock((Duration) null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void conditionAwaitReturnsFalseOnTimeoutAndTrueWhenSignalled() throws InterruptedException {
        Mutex mutex = new Mutex();
        MutexCondition ready = mutex.newCondition();
        mutex.lock();
        try {
            assertThat(ready.await(Duration.ZERO)).isFalse();
            assertThat(ready.await(Duration.ofMillis(5))).isFalse();
            assertThat(mutex.isHeldByCurrentThread()).isTrue();
        } finally {
            mutex.unlock();
        }
        Attempt waiter = Attempt.call("waiter", () -> {
            mutex.lock();
            try {
                return ready.await(BEYOND_LONG_NANOS);
            } finally {
                mutex.unlock();
            }
        });
        Await.until("the waiter waits on the condition", () -> {
            mutex.lock();
            try {
                return mutex.hasWaiters(ready);
            } finally {
                mutex.unlock();
            }
        });
        mutex.lock();
        try {
            ready.signal();
        } finally {
            mutex.unlock();
        }
        assertThat(waiter.awaitResult()).isEqualTo(true);
        assertThatThrownBy(() -> ready.await((Duration) null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void bufferOfferAndPollWaitForTheDuration() throws InterruptedException {
        BoundedBuffer<Integer> buffer = new BoundedBuffer<>(1);
        assertThat(buffer.poll(Duration.ofMillis(5))).isNull();
        assertThat(buffer.offer(1, Duration.ZERO)).isTrue();
        assertThat(buffer.offer(2, Duration.ofMillis(5))).isFalse();
        assertThat(buffer.offer(2, Duration.ofSeconds(-1))).isFalse();

        Attempt producer = Attempt.call("producer", () -> buffer.offer(2, BEYOND_LONG_NANOS));
        Await.parkedOn(buffer, producer); // a saturated duration still waits
        assertThat(buffer.poll(Duration.ZERO)).isEqualTo(1);
        assertThat(producer.awaitResult()).isEqualTo(true);
        assertThat(buffer.poll(1, TimeUnit.DAYS)).isEqualTo(2);
    }
}
