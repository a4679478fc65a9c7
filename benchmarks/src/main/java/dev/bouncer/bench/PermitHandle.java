package dev.bouncer.bench;

import dev.bouncer.Permit;
import dev.bouncer.Semaphore;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Question: what does a permit handle cost over the plain pair, and does a build of the library
 * change it? Only API that every build with handles has ({@code new Semaphore(n)},
 * {@code acquirePermit}, {@code close}, {@code acquire}, {@code release}), so the same benchmark
 * runs against an older core: put that core's jar first on the class path,
 * {@code java -cp old-core.jar:benchmarks/target/benchmarks.jar org.openjdk.jmh.Main PermitHandle},
 * and compare with the run without it (docs/performance.md, "Permit handles and the leak
 * detector"). One thread, more permits than needed: nothing waits.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Benchmark)
public class PermitHandle {
    private final Semaphore semaphore = new Semaphore(64);

    @Benchmark
    public void acquireRelease() throws InterruptedException {
        semaphore.acquire();
        semaphore.release();
    }

    @Benchmark
    public void acquirePermitClose() throws InterruptedException {
        Permit permit = semaphore.acquirePermit();
        permit.close();
    }
}
