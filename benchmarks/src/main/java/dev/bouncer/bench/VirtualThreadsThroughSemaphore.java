package dev.bouncer.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Question: how long do 100,000 virtual threads take to pass one at a time (eight at once) through
 * a {@code Semaphore(8)} when every holder gives up its carrier while inside?
 *
 * <p>Each virtual thread does {@code acquire(); Thread.yield(); consumeCPU; release()}. The yield
 * unmounts the holder while it keeps its permit, so the other virtual threads find no permit and
 * really park in the semaphore's queue; a semaphore that pinned the carrier or spun would show here.
 * One operation is the whole batch, from the first submit until the executor has terminated.
 *
 * <p>Needs JDK 21 or later. The project compiles with {@code --release 17}, so the executor is
 * looked up reflectively; on an older JDK the trial fails at setup with a message saying so, and
 * {@code benchmarks/run} excludes this benchmark there.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(3)
@Threads(1)
@State(Scope.Benchmark)
public class VirtualThreadsThroughSemaphore {

    public static final int VIRTUAL_THREADS = 100_000;
    public static final int PERMITS = 8;
    public static final long WORK_TOKENS = 16;

    /** {@code Executors.newVirtualThreadPerTaskExecutor()}, or null before JDK 21. */
    private static final MethodHandle NEW_VIRTUAL_THREAD_EXECUTOR = findVirtualThreadExecutor();

    @Param({"BOUNCER", "JDK"})
    public SemaphoreImpl impl;

    @Param({"false", "true"})
    public boolean fair;

    private SemaphoreImpl.Permits semaphore;

    /** Whether this JVM has virtual threads; the run script skips the benchmark when not. */
    public static boolean supported() {
        return NEW_VIRTUAL_THREAD_EXECUTOR != null;
    }

    @Setup(Level.Trial)
    public void requireVirtualThreads() {
        if (!supported()) {
            throw new UnsupportedOperationException("virtual threads need JDK 21+, this is "
                    + Runtime.version() + "; exclude this benchmark with -e VirtualThreads");
        }
    }

    @Setup(Level.Iteration)
    public void createSemaphore() {
        semaphore = impl.create(PERMITS, fair);
    }

    @Benchmark
    public int hundredThousandThroughEight() throws Throwable {
        AtomicInteger failures = new AtomicInteger();
        ExecutorService executor = (ExecutorService) NEW_VIRTUAL_THREAD_EXECUTOR.invokeExact();
        try {
            for (int i = 0; i < VIRTUAL_THREADS; i++) {
                executor.execute(() -> passThrough(failures));
            }
        } finally {
            executor.shutdown();
        }
        if (!executor.awaitTermination(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("virtual threads still running after 5 minutes");
        }
        if (failures.get() != 0) {
            throw new IllegalStateException(failures.get() + " virtual threads were interrupted");
        }
        return semaphore.hasQueuedThreads() ? -1 : VIRTUAL_THREADS;
    }

    private void passThrough(AtomicInteger failures) {
        try {
            semaphore.acquire();
        } catch (InterruptedException e) {
            failures.incrementAndGet();
            return;
        }
        try {
            Thread.yield(); // unmount while holding the permit, so that others must park
            Blackhole.consumeCPU(WORK_TOKENS);
        } finally {
            semaphore.release();
        }
    }

    private static MethodHandle findVirtualThreadExecutor() {
        try {
            return MethodHandles.publicLookup().findStatic(Executors.class,
                    "newVirtualThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null; // before JDK 21 (or 19/20 without --enable-preview)
        }
    }
}
