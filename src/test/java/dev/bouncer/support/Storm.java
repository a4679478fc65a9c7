package dev.bouncer.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Threads that each repeat a step until the storm is over, then must all stop: one that does not
 * stop within {@link Attempt#PATIENCE_SECONDS} fails the test with its stack. The first exception
 * a step throws fails the test too.
 */
public final class Storm {
    /** One step of a storm thread. */
    public interface Step {
        void run(ThreadLocalRandom random) throws Exception;
    }

    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean over;

    /** Adds {@code copies} threads that repeat the step. */
    public Storm add(String name, int copies, Step step) {
        for (int i = 0; i < copies; i++) {
            Thread t = new Thread(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                try {
                    while (!over) {
                        step.run(random);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, name + "-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        return this;
    }

    /** The threads, for a chaos step to pick victims from; complete once every add is done. */
    public List<Thread> threads() {
        return threads;
    }

    /** Runs the storm for about the given time, then stops every thread. */
    public void runFor(long millis) throws InterruptedException {
        threads.forEach(Thread::start);
        Thread.sleep(millis); // the storm's length, not a wait for any state
        over = true;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Attempt.PATIENCE_SECONDS);
        for (Thread t : threads) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (t.isAlive()) {
                throw new AssertionError(t.getName() + " is stuck in state " + t.getState(),
                        Attempt.stackOf(t));
            }
        }
        Throwable e = failure.get();
        if (e != null) {
            throw new AssertionError("a storm thread failed", e);
        }
    }
}
