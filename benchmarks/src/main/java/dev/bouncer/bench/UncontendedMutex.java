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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Question: what does one lock and unlock cost a single thread that never has to wait, for
 * bouncer's {@code Mutex}, {@code ReentrantLock} and {@code synchronized}?
 *
 * <p>One thread locks and unlocks with nothing in between, so the lock is always free and no
 * thread ever queues: the fast path of a lock that is rarely contended. Fair and nonfair differ
 * only in whether {@code lock()} first looks for queued threads. The monitor has no fair mode, so
 * {@code SYNCHRONIZED} runs with {@code fair=false} only (see {@link MutexImpl#hasFairMode()}).
 *
 * <p>Target: bouncer's time at most 0.85x {@code ReentrantLock}'s, at each fairness.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(3)
@Threads(1)
@State(Scope.Thread)
public class UncontendedMutex {

    @Param({"BOUNCER", "JDK_REENTRANT_LOCK", "SYNCHRONIZED"})
    public MutexImpl impl;

    @Param({"false", "true"})
    public boolean fair;

    private MutexImpl.Exclusive mutex;

    @Setup(Level.Trial)
    public void createMutex() {
        if (fair && !impl.hasFairMode()) {
            throw new UnsupportedOperationException(impl + " has no fair mode; "
                    + MutexImpl.combinationsHelp());
        }
        mutex = impl.create(fair);
    }

    @Benchmark
    public void lockUnlock() {
        mutex.lockUnlock();
    }
}
