package dev.bouncer.examples;

import dev.bouncer.BoundedBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The README's producer/consumer example: workers take jobs from a bounded buffer, and a full
 * buffer makes submitters wait (back-pressure). {@code WorkerPoolTest} runs it.
 */
public final class WorkerPool {
    private static final Runnable STOP = () -> { };

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

    /** Queues a job, waiting while the backlog is full: slow workers slow the submitters down. */
    public void submit(Runnable job) throws InterruptedException {
        jobs.put(job);
    }

    /** Lets the workers finish every job submitted so far, then stops them. */
    public void shutdown() throws InterruptedException {
        for (int i = 0; i < workers.size(); i++) {
            jobs.put(STOP); // one per worker, behind all earlier jobs (FIFO)
        }
        for (Thread worker : workers) {
            worker.join();
        }
    }

    private void work() {
        try {
            for (Runnable job = jobs.take(); job != STOP; job = jobs.take()) {
                job.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
