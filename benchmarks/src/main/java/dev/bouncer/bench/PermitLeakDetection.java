package dev.bouncer.bench;

import dev.bouncer.LeakDetection;
import dev.bouncer.Permit;
import dev.bouncer.Semaphore;
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
 * Question: what does the permit-leak detector add to taking a permit as a handle and closing it,
 * at each level, and does it change the plain {@code acquire()}/{@code release()} at all?
 *
 * <p>One semaphore with more permits than threads, so no acquire waits: the cost measured is the
 * handle (its allocation, its close's CAS) and, when the detector samples it, the tracking (a
 * stack capture, a Cleaner registration, a set insertion, and their undoing at close).
 * {@code acquireRelease} is the plain pair on the same semaphore, the floor a handle adds to; it
 * must not move with {@code detection}. Each shape runs on 1 thread and on 4, the 4 sharing the
 * semaphore (so the 4-thread shapes include contention on the permit count and, when tracking,
 * on the Cleaner's list). The sampled settings without stacks are {@code LeakDetection.sampled(n)}
 * as it is; {@code _WITH_STACKS} adds the acquisition stack to each tracked handle.
 *
 * <p>Targets (docs/permits.md, section 6): {@code acquirePermitClose} with {@code DISABLED} within
 * noise of a build without the detector, and {@code SAMPLED_1_IN_100} at most 1.2x
 * {@code DISABLED}. {@code EVERY_PERMIT} is for debugging and has no target.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Benchmark)
public class PermitLeakDetection {

    /** The detector levels compared. */
    public enum Detection {
        DISABLED(LeakDetection.disabled()),
        SAMPLED_1_IN_100(LeakDetection.sampled(100)),
        SAMPLED_1_IN_100_WITH_STACKS(LeakDetection.sampled(100).withStacks()),
        SAMPLED_1_IN_1000(LeakDetection.sampled(1000)),
        SAMPLED_1_IN_1000_WITH_STACKS(LeakDetection.sampled(1000).withStacks()),
        EVERY_PERMIT(LeakDetection.everyPermit()),
        EVERY_PERMIT_WITHOUT_STACKS(LeakDetection.everyPermit().withoutStacks());

        final LeakDetection setting;

        Detection(LeakDetection setting) {
            this.setting = setting;
        }
    }

    @Param({"DISABLED", "SAMPLED_1_IN_100", "SAMPLED_1_IN_100_WITH_STACKS", "SAMPLED_1_IN_1000",
        "SAMPLED_1_IN_1000_WITH_STACKS", "EVERY_PERMIT", "EVERY_PERMIT_WITHOUT_STACKS"})
    public Detection detection;

    private Semaphore semaphore;

    @Setup(Level.Trial)
    public void createSemaphore() {
        semaphore = new Semaphore(64, false, detection.setting);
    }

    @Benchmark
    @Threads(1)
    public void acquireRelease() throws InterruptedException {
        semaphore.acquire();
        semaphore.release();
    }

    @Benchmark
    @Threads(1)
    public void acquirePermitClose() throws InterruptedException {
        Permit permit = semaphore.acquirePermit();
        permit.close();
    }

    @Benchmark
    @Threads(4)
    public void acquireReleaseFourThreads() throws InterruptedException {
        semaphore.acquire();
        semaphore.release();
    }

    @Benchmark
    @Threads(4)
    public void acquirePermitCloseFourThreads() throws InterruptedException {
        Permit permit = semaphore.acquirePermit();
        permit.close();
    }
}
