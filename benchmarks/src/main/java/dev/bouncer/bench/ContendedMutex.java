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
 * Question: how many lock, short critical section, unlock cycles per microsecond do all threads
 * together get through one shared lock, as the number of threads grows?
 *
 * <p>Every thread loops {@code lock(); consumeCPU(WORK_TOKENS); unlock()} on one lock, the same
 * critical section as {@link ContendedSemaphore} with one permit. The thread count is JMH's
 * {@code -t} ({@code benchmarks/run} runs 2, 4 and 16). Nonfair, the unlocking thread can take the
 * lock straight back; fair, every unlock hands it to the oldest waiter, so parking and waking
 * dominate. The monitor has no fair mode, so {@code SYNCHRONIZED} runs with {@code fair=false}
 * only (see {@link MutexImpl#hasFairMode()}).
 *
 * <p>Target: fair bouncer at 4 threads at least 3x the fair {@code ReentrantLock}'s
 * throughput.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(3)
@Threads(4)
@State(Scope.Benchmark)
public class ContendedMutex {

    /** The critical section: a few tens of nanoseconds of work while holding the lock. */
    public static final long WORK_TOKENS = ContendedSemaphore.WORK_TOKENS;

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
    public void lockWorkUnlock() {
        mutex.lockWorkUnlock(WORK_TOKENS);
    }
}
