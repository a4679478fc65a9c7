package dev.bouncer.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bouncer.BoundedSemaphore;
import dev.bouncer.LeakDetection;
import dev.bouncer.Permit;
import dev.bouncer.Semaphore;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@code dev.bouncer.PermitLeak} Flight Recorder event: a leaked tracked handle, found by a
 * real garbage collection, is written with its semaphore, permits, acquiring thread, time,
 * whether its permits were given back, and the acquiring call's stack.
 */
@Timeout(120)
class PermitLeakEventTest {
    private static final String EVENT = "dev.bouncer.PermitLeak";

    @Test
    void aLeakIsRecordedWithItsSemaphorePermitsThreadTimeAndStack() throws Exception {
        BoundedSemaphore semaphore = new BoundedSemaphore(3, 3, false, LeakDetection.everyPermit().givingBack());
        BlockingQueue<RecordedEvent> events = new LinkedBlockingQueue<>();
        try (RecordingStream stream = new RecordingStream()) {
            stream.enable(EVENT);
            stream.onEvent(EVENT, events::add);
            stream.startAsync();
            Instant before = Instant.now();
            leak(semaphore);

            RecordedEvent event = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (event == null && System.nanoTime() - deadline < 0) {
                System.gc();
                event = events.poll(100, TimeUnit.MILLISECONDS);
            }
            assertThat(event).as("a leak event within 60 s").isNotNull();
            assertThat(event.getClass("primitiveClass").getName()).isEqualTo(BoundedSemaphore.class.getName());
            assertThat(event.getString("primitive")).isEqualTo(BoundedSemaphore.class.getName() + "@"
                    + Integer.toHexString(System.identityHashCode(semaphore)));
            assertThat(event.getInt("permits")).isEqualTo(2);
            assertThat(event.getString("acquiringThread")).isEqualTo(Thread.currentThread().getName());
            assertThat(event.getLong("acquiringThreadId")).isEqualTo(Thread.currentThread().getId());
            assertThat(event.getInstant("acquiredAt")).isBetween(before.minusMillis(1), Instant.now());
            assertThat(event.getBoolean("givenBack")).isTrue();
            assertThat(event.getString("acquisitionStack"))
                    .startsWith(PermitLeakEventTest.class.getName() + ".leak(");
            assertThat(semaphore.availablePermits()).isEqualTo(3);
        }
    }

    /** Acquires two permits and drops the handle, in a frame of its own. */
    private static void leak(Semaphore semaphore) throws InterruptedException {
        Permit permit = semaphore.acquirePermit(2);
        assertThat(permit.isValid()).isTrue();
    }
}
