package dev.bouncer.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Question: once a thread is parked waiting for a permit, how long after {@code release()} does it
 * run again (median and tail)?
 *
 * <p>A helper thread loops {@code acquire(); woken = round} on a semaphore that starts with no
 * permits. Before each timed call, an untimed per-invocation setup waits until the helper is parked
 * in the queue ({@code Thread.State.WAITING} and the semaphore has queued threads). The timed call
 * then releases one permit and spins until the helper has written {@code woken}: the time from the
 * release to the first instruction of the woken acquirer, plus one cache-line transfer. JMH's
 * SampleTime mode gives the distribution; the report reads p50 and p99.
 *
 * <p>Target: bouncer's p99 at most the JDK's. On a 2-core machine the helper and the
 * timing thread each need a core, so any other load shows up directly in the tail.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@Threads(1)
@State(Scope.Thread)
public class WakeUpLatency {

    @Param({"BOUNCER", "JDK"})
    public SemaphoreImpl impl;

    @Param({"false", "true"})
    public boolean fair;

    private SemaphoreImpl.Permits semaphore;
    private Thread waiter;
    private volatile boolean stop; // written by the timing thread before its last release
    private volatile int woken; // written only by the waiter, right after each acquire returns
    private int round; // the timing thread's count of releases; read only by it

    @Setup(Level.Trial)
    public void startWaiter() {
        semaphore = impl.create(0, fair);
        round = 0;
        woken = 0;
        stop = false;
        waiter = new Thread(this::waitRepeatedly, "wake-up-latency-waiter");
        waiter.setDaemon(true);
        waiter.start();
    }

    private void waitRepeatedly() {
        int seen = 0;
        for (;;) {
            try {
                semaphore.acquire();
            } catch (InterruptedException e) {
                return;
            }
            if (stop) { // the release that follows `stop = true` happens-before this read
                return;
            }
            seen++;
            woken = seen;
        }
    }

    /** Untimed: returns once the waiter is parked in the semaphore's queue. */
    @Setup(Level.Invocation)
    public void awaitWaiterParked() {
        while (!(waiter.getState() == Thread.State.WAITING && semaphore.hasQueuedThreads())) {
            // Yield rather than spin: on 2 cores the waiter needs this core to reach park().
            Thread.yield();
        }
    }

    @Benchmark
    public int releaseUntilWaiterRuns() {
        int expected = round + 1;
        semaphore.release();
        while (woken != expected) {
            Thread.onSpinWait();
        }
        round = expected;
        return expected;
    }

    @TearDown(Level.Trial)
    public void stopWaiter() throws InterruptedException {
        stop = true;
        semaphore.release();
        waiter.join(TimeUnit.SECONDS.toMillis(10));
        if (waiter.isAlive()) {
            waiter.interrupt();
            throw new IllegalStateException("the waiter did not stop");
        }
    }
}
