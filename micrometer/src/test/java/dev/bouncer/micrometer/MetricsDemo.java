package dev.bouncer.micrometer;

import dev.bouncer.Semaphore;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Five workers share a fair {@code Semaphore(2)} bound to a {@link SimpleMeterRegistry}, twice
 * each. While the main thread holds both permits they all queue, one more thread gives up after
 * 5 ms and one is interrupted while it waits. Prints the registry's meters.
 *
 * <p>Run it with {@code ./mvnw -q -f micrometer/pom.xml test-compile exec:java} once the core is
 * installed ({@code ./mvnw -q install -DskipTests}).
 */
public final class MetricsDemo {
    private static final int WORKERS = 5;
    private static final int ROUNDS = 2;
    private static final long HOLD_MILLIS = 20;

    private MetricsDemo() {
    }

    public static void main(String[] args) throws InterruptedException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Semaphore pool = new Semaphore(2, true);
        BouncerMetrics.of(pool, "db-pool", Tags.of("service", "demo")).bindTo(registry);

        pool.acquire(2); // main holds both permits while the others arrive, so each of them waits
        List<Thread> workers = new ArrayList<>();
        for (int w = 1; w <= WORKERS; w++) {
            workers.add(start("worker-" + w, () -> {
                for (int round = 0; round < ROUNDS; round++) {
                    pool.acquireUninterruptibly();
                    try {
                        Thread.sleep(HOLD_MILLIS); // the work done while holding a permit
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        pool.release();
                    }
                }
            }));
        }
        awaitQueued(pool, WORKERS);
        Thread impatient = start("impatient", () -> {
            try {
                if (pool.tryAcquire(5, TimeUnit.MILLISECONDS)) {
                    pool.release();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        impatient.join(); // it gave up: main still holds both permits
        Thread cancelled = start("cancelled", () -> {
            try {
                pool.acquire(2);
                pool.release(2);
            } catch (InterruptedException expected) {
                // interrupted while it waited: the outcome this thread shows
            }
        });
        awaitQueued(pool, WORKERS + 1);
        Thread.sleep(HOLD_MILLIS); // let it wait a while before it is interrupted
        cancelled.interrupt();
        cancelled.join();
        pool.release(2);
        for (Thread t : workers) {
            t.join();
        }
        System.out.println(registry.getMetersAsString());
    }

    /** Polls until at least {@code n} threads wait in the semaphore's queue. */
    private static void awaitQueued(Semaphore pool, int n) throws InterruptedException {
        while (pool.getQueueLength() < n) {
            Thread.sleep(1);
        }
    }

    private static Thread start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.start();
        return t;
    }
}
