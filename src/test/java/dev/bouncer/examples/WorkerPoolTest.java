package dev.bouncer.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bouncer.BufferClosedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The README's producer/consumer example runs every job once and applies back-pressure. */
@Timeout(20)
class WorkerPoolTest {

    @Test
    void everySubmittedJobRunsOnceBeforeShutdownReturns() throws Exception {
        WorkerPool pool = new WorkerPool(3, 4);
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 2_000; i++) {
            pool.submit(ran::incrementAndGet);
        }
        pool.shutdown();
        assertThat(ran).hasValue(2_000);
    }

    @Test
    void aFullBacklogMakesTheSubmitterWait() throws Exception {
        WorkerPool pool = new WorkerPool(1, 1);
        CountDownLatch release = new CountDownLatch(1);
        pool.submit(() -> awaitQuietly(release)); // occupies the only worker
        pool.submit(() -> { }); // fills the backlog (or waits until the worker took the first)
        Thread submitter = new Thread(() -> {
            try {
                pool.submit(() -> { });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        submitter.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (submitter.getState() != Thread.State.WAITING && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        assertThat(submitter.getState()).isEqualTo(Thread.State.WAITING);
        release.countDown();
        submitter.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(submitter.isAlive()).isFalse();
        pool.shutdown();
    }

    /** Submitters racing the shutdown: every job accepted runs once, every other submit throws. */
    @Test
    void everyAcceptedJobRunsAndLaterSubmitsThrow() throws Exception {
        WorkerPool pool = new WorkerPool(2, 2);
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        List<Thread> submitters = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Thread submitter = new Thread(() -> {
                try {
                    for (;;) {
                        pool.submit(ran::incrementAndGet);
                        accepted.incrementAndGet();
                    }
                } catch (BufferClosedException shutDown) {
                    // the pool no longer takes jobs
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            submitters.add(submitter);
            submitter.start();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ran.get() < 1_000 && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        pool.shutdown();
        for (Thread submitter : submitters) {
            submitter.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(submitter.isAlive()).as("%s still submitting", submitter.getName()).isFalse();
        }
        assertThat(ran.get()).isEqualTo(accepted.get()).isGreaterThanOrEqualTo(1_000);
        assertThatThrownBy(() -> pool.submit(() -> { })).isInstanceOf(BufferClosedException.class);
    }

    @Test
    void readmeShowsTheExampleVerbatim() throws Exception {
        String source = Files.readString(Path.of("src/test/java/dev/bouncer/examples/WorkerPool.java"));
        String classBody = source.substring(source.indexOf("public final class WorkerPool"));
        assertThat(Files.readString(Path.of("README.md"))).contains(classBody);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
