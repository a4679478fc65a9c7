package dev.bouncer.examples;

import dev.bouncer.Semaphore;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The classic scenario: six workers share three permits. Each line shows who entered or left and
 * who is inside at that moment; there are never more than three.
 *
 * <p>Run it with {@code ./mvnw -q test-compile exec:java} (the README's demo command).
 */
public final class Demo {
    private static final int WORKERS = 6;
    private static final int PERMITS = 3;
    private static final int ROUNDS = 2;

    private Demo() {
    }

    public static void main(String[] args) throws InterruptedException {
        Semaphore room = new Semaphore(PERMITS, true);
        ConcurrentSkipListSet<Integer> inside = new ConcurrentSkipListSet<>();
        long start = System.nanoTime();
        CountDownLatch done = new CountDownLatch(WORKERS);
        System.out.printf("%d workers, %d permits (fair), %d rounds each%n", WORKERS, PERMITS, ROUNDS);
        for (int w = 1; w <= WORKERS; w++) {
            int id = w;
            Thread worker = new Thread(() -> {
                try {
                    for (int round = 0; round < ROUNDS; round++) {
                        room.acquire();
                        try {
                            inside.add(id);
                            print(start, "worker-" + id + " enters", inside, room);
                            TimeUnit.MILLISECONDS.sleep(40 + 25L * id); // the "work"
                            inside.remove(id);
                            print(start, "worker-" + id + " leaves", inside, room);
                        } finally {
                            room.release();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }, "worker-" + id);
            worker.start();
        }
        done.await();
        System.out.printf("all done; permits available: %d (started with %d)%n",
                room.availablePermits(), PERMITS);
    }

    private static synchronized void print(
            long start, String event, ConcurrentSkipListSet<Integer> inside, Semaphore room) {
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.printf("%5d ms  %-17s inside: %-10s waiting: %d%n",
                ms, event, inside, room.getQueueLength());
    }
}
