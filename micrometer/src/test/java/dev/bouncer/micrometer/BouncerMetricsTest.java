package dev.bouncer.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bouncer.BinarySemaphore;
import dev.bouncer.BoundedBuffer;
import dev.bouncer.BoundedSemaphore;
import dev.bouncer.Mutex;
import dev.bouncer.Semaphore;
import dev.bouncer.WaitListener;
import dev.bouncer.micrometer.Blocked.Worker;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.ref.WeakReference;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each meter of {@link BouncerMetrics} moves as its primitive acquires, waits, times out and is
 * interrupted, read back from a {@link SimpleMeterRegistry}.
 */
@Timeout(60)
class BouncerMetricsTest {
    private static final long TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final MeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void semaphoreMetersMoveWithAcquisitionsWaitsTimeoutsAndInterrupts() throws InterruptedException {
        Semaphore semaphore = new Semaphore(1);
        BouncerMetrics.of(semaphore, "pool", Tags.of("app", "test")).bindTo(registry);
        Meters m = new Meters(registry, "pool", "acquire");
        assertThat(m.gauge(BouncerMetrics.PERMITS_AVAILABLE)).isEqualTo(1.0);
        assertThat(m.gauge(BouncerMetrics.QUEUE_LENGTH)).isZero();
        assertThat(m.acquisitions()).isZero();
        assertThat(m.waits()).isZero();

        semaphore.acquire();
        assertThat(m.acquisitions()).as("an acquisition that did not wait").isEqualTo(1.0);
        assertThat(m.gauge(BouncerMetrics.PERMITS_AVAILABLE)).isZero();

        Worker waiter = new Worker("waiter", semaphore::acquire).parkedOn(semaphore);
        assertThat(m.gauge(BouncerMetrics.QUEUE_LENGTH)).isEqualTo(1.0);
        assertThat(m.waits()).as("a wait begun").isEqualTo(1.0);
        assertThat(m.wait("acquired").count()).as("and not ended").isZero();
        semaphore.release();
        waiter.joinOk();
        assertThat(m.wait("acquired").count()).isEqualTo(1);
        assertThat(m.acquisitions()).as("the waiter's acquisition").isEqualTo(2.0);
        assertThat(m.gauge(BouncerMetrics.QUEUE_LENGTH)).isZero();

        assertThat(semaphore.tryAcquire(TIMEOUT_NANOS, TimeUnit.NANOSECONDS)).isFalse();
        assertThat(m.wait("timed_out").count()).isEqualTo(1);
        assertThat(m.wait("timed_out").totalTime(TimeUnit.NANOSECONDS))
                .as("a timed-out wait lasts at least its timeout").isGreaterThanOrEqualTo(TIMEOUT_NANOS);

        Worker interrupted = new Worker("interrupted", () -> {
            try {
                semaphore.acquire();
                throw new AssertionError("acquired without a permit");
            } catch (InterruptedException expected) {
                // the outcome under test
            }
        }).parkedOn(semaphore);
        interrupted.interrupt();
        interrupted.joinOk();
        assertThat(m.wait("interrupted").count()).isEqualTo(1);
        assertThat(m.waits()).isEqualTo(3.0);
        assertThat(m.acquisitions()).as("timeouts and interrupts acquire nothing").isEqualTo(2.0);

        for (Meter meter : registry.getMeters()) {
            assertThat(meter.getId().getTags()).as(meter.getId().toString())
                    .contains(Tag.of("name", "pool"), Tag.of("primitive", "semaphore"), Tag.of("app", "test"));
        }
    }

    @Test
    void primitiveTagNamesTheKindOfSemaphore() {
        BouncerMetrics.of(new BoundedSemaphore(1, 2), "bounded", Tags.empty()).bindTo(registry);
        BouncerMetrics.of(new BinarySemaphore(true), "binary", Tags.empty()).bindTo(registry);
        assertThat(registry.get(BouncerMetrics.PERMITS_AVAILABLE).tag("name", "bounded").gauge().getId()
                .getTag("primitive")).isEqualTo("bounded_semaphore");
        assertThat(registry.get(BouncerMetrics.PERMITS_AVAILABLE).tag("name", "binary").gauge().getId()
                .getTag("primitive")).isEqualTo("binary_semaphore");
    }

    @Test
    void mutexMetersShowTheHolderAndTheWaiters() throws InterruptedException {
        Mutex mutex = new Mutex(true);
        BouncerMetrics.of(mutex, "lock", Tags.empty()).bindTo(registry);
        Meters m = new Meters(registry, "lock", "acquire");
        assertThat(m.gauge(BouncerMetrics.LOCKED)).isZero();
        mutex.lock();
        assertThat(m.gauge(BouncerMetrics.LOCKED)).isEqualTo(1.0);
        Worker locker = new Worker("locker", () -> {
            mutex.lock();
            mutex.unlock();
        }).parkedOn(mutex);
        assertThat(m.gauge(BouncerMetrics.QUEUE_LENGTH)).isEqualTo(1.0);
        Worker timedOut = new Worker("timed out",
                () -> assertThat(mutex.tryLock(TIMEOUT_NANOS, TimeUnit.NANOSECONDS)).isFalse());
        timedOut.joinOk();
        mutex.unlock();
        locker.joinOk();
        assertThat(m.gauge(BouncerMetrics.LOCKED)).isZero();
        assertThat(m.acquisitions()).isEqualTo(2.0);
        assertThat(m.waits()).isEqualTo(2.0);
        assertThat(m.wait("acquired").count()).isEqualTo(1);
        assertThat(m.wait("timed_out").count()).isEqualTo(1);
        assertThat(registry.get(BouncerMetrics.LOCKED).gauge().getId().getTag("primitive")).isEqualTo("mutex");
    }

    @Test
    void bufferMetersSeparatePutsAndTakes() throws InterruptedException {
        BoundedBuffer<String> buffer = new BoundedBuffer<>(1);
        BouncerMetrics.of(buffer, "jobs", Tags.empty()).bindTo(registry);
        Meters puts = new Meters(registry, "jobs", "put");
        Meters takes = new Meters(registry, "jobs", "take");
        assertThat(puts.gauge(BouncerMetrics.BUFFER_SIZE)).isZero();
        assertThat(puts.gauge(BouncerMetrics.BUFFER_REMAINING)).isEqualTo(1.0);

        Worker taker = new Worker("taker", buffer::take).parkedOn(buffer);
        assertThat(takes.waits()).isEqualTo(1.0);
        buffer.put("a");
        taker.joinOk();
        assertThat(takes.wait("acquired").count()).isEqualTo(1);
        assertThat(takes.acquisitions()).isEqualTo(1.0);
        assertThat(puts.acquisitions()).isEqualTo(1.0);

        assertThat(buffer.offer("b")).isTrue();
        assertThat(puts.gauge(BouncerMetrics.BUFFER_SIZE)).isEqualTo(1.0);
        assertThat(puts.gauge(BouncerMetrics.BUFFER_REMAINING)).isZero();
        assertThat(buffer.offer("c", TIMEOUT_NANOS, TimeUnit.NANOSECONDS)).isFalse();
        assertThat(puts.wait("timed_out").count()).isEqualTo(1);
        assertThat(puts.waits()).isEqualTo(1.0);
        assertThat(takes.wait("timed_out").count()).isZero();
        assertThat(registry.get(BouncerMetrics.BUFFER_SIZE).gauge().getId().getTag("primitive")).isEqualTo("buffer");
    }

    /** Micrometer's gauges hold their object weakly; binding must not change that. */
    @Test
    void bindingDoesNotKeepThePrimitiveAlive() {
        WeakReference<Semaphore> collected = bindAndDrop();
        Blocked.until(() -> {
            System.gc();
            return collected.get() == null;
        }, "the bound semaphore is collected");
        assertThat(registry.get(BouncerMetrics.PERMITS_AVAILABLE).gauge().value()).isNaN();
    }

    private WeakReference<Semaphore> bindAndDrop() {
        Semaphore semaphore = new Semaphore(3);
        BouncerMetrics.of(semaphore, "dropped", Tags.empty()).bindTo(registry);
        semaphore.acquireUninterruptibly();
        return new WeakReference<>(semaphore);
    }

    @Test
    void bindingToTwoRegistriesFeedsBoth() throws InterruptedException {
        Semaphore semaphore = new Semaphore(1);
        MeterRegistry other = new SimpleMeterRegistry();
        BouncerMetrics metrics = BouncerMetrics.of(semaphore, "shared", Tags.empty());
        metrics.bindTo(registry);
        metrics.bindTo(other);
        semaphore.acquire();
        assertThat(new Meters(registry, "shared", "acquire").acquisitions()).isEqualTo(1.0);
        assertThat(new Meters(other, "shared", "acquire").acquisitions()).isEqualTo(1.0);
    }

    @Test
    void aPrimitiveWhoseListenerWasSetElsewhereIsRefused() {
        Semaphore semaphore = new Semaphore(1);
        semaphore.setWaitListener(new WaitListener() { });
        assertThatThrownBy(() -> BouncerMetrics.of(semaphore, "taken", Tags.empty()).bindTo(registry))
                .isInstanceOf(IllegalStateException.class);
        assertThat(registry.getMeters()).as("nothing registered").isEmpty();
    }

    /** The README's example, as written there. */
    @Test
    void readmeExample() throws InterruptedException {
        MeterRegistry registry = new SimpleMeterRegistry();
        Semaphore pool = new Semaphore(10, true);
        BouncerMetrics.of(pool, "db-pool", Tags.of("service", "orders")).bindTo(registry);
        pool.acquire();
        pool.release();
        assertThat(registry.get(BouncerMetrics.ACQUISITIONS).tag("name", "db-pool").counter().count()).isEqualTo(1.0);
    }

    /** Reads one bound primitive's meters for one operation. */
    private record Meters(MeterRegistry registry, String name, String operation) {
        double gauge(String meter) {
            return registry.get(meter).tag("name", name).gauge().value();
        }

        double acquisitions() {
            return registry.get(BouncerMetrics.ACQUISITIONS).tag("name", name).tag("operation", operation)
                    .counter().count();
        }

        double waits() {
            return registry.get(BouncerMetrics.WAITS).tag("name", name).tag("operation", operation)
                    .counter().count();
        }

        Timer wait(String outcome) {
            return registry.get(BouncerMetrics.WAIT).tag("name", name).tag("operation", operation)
                    .tag("outcome", outcome).timer();
        }
    }
}
