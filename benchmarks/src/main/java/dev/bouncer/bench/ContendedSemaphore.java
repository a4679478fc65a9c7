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
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Question: how many acquire, short critical section, release cycles per microsecond do all
 * threads together get through one shared semaphore, as the number of threads grows?
 *
 * <p>Every thread loops {@code acquire(); consumeCPU(WORK_TOKENS); release()} on one semaphore.
 * The thread count is JMH's {@code -t} ({@code benchmarks/run} runs 2, 4, 16 and 64); the permits
 * are 1 (a lock) or threads/2 (half the threads inside at once). Nonfair, a releasing thread can
 * take the permit straight back, which keeps throughput high; fair, every release hands the permit
 * to the oldest waiter, so the cost of parking and waking a thread shows.
 *
 * <p>Targets, bouncer/JDK throughput: nonfair at 4 and 16 threads at least 1.0x; nonfair
 * at 2 threads at least 1.2x; fair at 4 threads at least 3x.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(3)
@Threads(4)
@State(Scope.Benchmark)
public class ContendedSemaphore {

    /** The critical section: a few tens of nanoseconds of work while holding a permit. */
    public static final long WORK_TOKENS = 16;

    /** How many permits, as a function of the thread count. */
    public enum PermitCount {
        ONE {
            @Override
            int forThreads(int threads) {
                return 1;
            }
        },
        HALF_THE_THREADS {
            @Override
            int forThreads(int threads) {
                return Math.max(1, threads / 2);
            }
        };

        abstract int forThreads(int threads);
    }

    @Param({"BOUNCER", "JDK"})
    public SemaphoreImpl impl;

    @Param({"false", "true"})
    public boolean fair;

    @Param({"ONE", "HALF_THE_THREADS"})
    public PermitCount permits;

    private SemaphoreImpl.Permits semaphore;

    @Setup(Level.Trial)
    public void createSemaphore(BenchmarkParams params) {
        semaphore = impl.create(permits.forThreads(params.getThreads()), fair);
    }

    @Benchmark
    public void acquireWorkRelease() throws InterruptedException {
        semaphore.acquire();
        try {
            Blackhole.consumeCPU(WORK_TOKENS);
        } finally {
            semaphore.release();
        }
    }
}
