package dev.bouncer.examples;

import dev.bouncer.BoundedBuffer;
import dev.bouncer.BufferClosedException;
import java.util.ArrayList;
import java.util.List;

/**
 * The README's producer/consumer example: workers take jobs from a bounded buffer, and a full
 * buffer makes submitters wait (back-pressure). {@code WorkerPoolTest} runs it.
 */
public final class WorkerPool {
    private final BoundedBuffer<Runnable> jobs;
    private final List<Thread> workers = new ArrayList<>();

    public WorkerPool(int workerCount, int backlog) {
        jobs = new BoundedBuffer<>(backlog, true);
        for (int i = 0; i < workerCount; i++) {
            Thread worker = new Thread(this::work, "worker-" + i);
            workers.add(worker);
            worker.start();
        }
    }

    /**
     * Queues a job, waiting while the backlog is full: slow workers slow the submitters down.
     *
     * @throws BufferClosedException once the pool is shut down; the job was not queued
     */
    public void submit(Runnable job) throws InterruptedException {
        jobs.put(job);
    }

    /** Lets the workers finish every job submitted so far, then stops them. */
    public void shutdown() throws InterruptedException {
        jobs.close(); // later submits throw; the workers take what is queued, then stop
        for (Thread worker : workers) {
            worker.join();
        }
    }

    private void work() {
        try {
            for (;;) {
                jobs.take().run();
            }
        } catch (BufferClosedException shutDown) {
            // every job submitted before shutdown() has been taken
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
