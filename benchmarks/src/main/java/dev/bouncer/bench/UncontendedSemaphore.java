package dev.bouncer.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Question: what does one acquire-and-release cost a single thread that never has to wait, and how
 * close does each semaphore get to the floor of two atomic operations?
 *
 * <p>One thread, one permit, so every acquire succeeds at once and the wait queue is never touched:
 * this is the fast path that most real uses of a semaphore take. {@code tryAcquireRelease} measures
 * the barging {@code tryAcquire()}; {@code acquireRelease} the interruptible {@code acquire()},
 * which checks the interrupt flag and, when fair, whether anyone is queued.
 * {@link SemaphoreImpl#TWO_ATOMICS_FLOOR} is a CAS down and a {@code getAndAdd} up with nothing
 * else, the least any semaphore can do; it ignores {@code fair}.
 *
 * <p>Targets: bouncer's time at most 1.0x the JDK's, and within 1.1x of the floor.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@Threads(1)
@State(Scope.Thread)
public class UncontendedSemaphore {

    @Param({"BOUNCER", "JDK", "TWO_ATOMICS_FLOOR"})
    public SemaphoreImpl impl;

    @Param({"false", "true"})
    public boolean fair;

    private SemaphoreImpl.Permits permits;

    @Setup(Level.Trial)
    public void createSemaphore() {
        permits = impl.create(1, fair);
    }

    /**
     * Failed {@code tryAcquire} calls per iteration. Uncontended, every try must succeed, so
     * anything but 0 means the shape did not measure what it claims.
     */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class FailedTries {
        public long failedTries;

        @Setup(Level.Iteration)
        public void reset() {
            failedTries = 0;
        }
    }

    @Benchmark
    public void tryAcquireRelease(FailedTries counters) {
        if (permits.tryAcquire()) {
            permits.release();
        } else {
            counters.failedTries++;
        }
    }

    @Benchmark
    public void acquireRelease() throws InterruptedException {
        permits.acquire();
        permits.release();
    }
}
