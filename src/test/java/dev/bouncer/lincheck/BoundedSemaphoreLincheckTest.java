package dev.bouncer.lincheck;

import dev.bouncer.BinarySemaphore;
import dev.bouncer.BoundedSemaphore;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * BoundedSemaphore and BinarySemaphore are linearizable against a counter with a ceiling: a
 * release that would pass the maximum throws {@link IllegalStateException} (a result like any
 * other here) and changes nothing, {@code tryRelease()} returns {@code false} instead, and no
 * concurrent history ever shows more than the maximum available.
 */
@Tag("lincheck")
class BoundedSemaphoreLincheckTest {

    /** A bounded semaphore with 1 of at most 3 permits; requests and releases of 0 to 3. */
    @Param(name = "permits", gen = IntGen.class, conf = "0:3")
    public static final class Bounded {
        private final ReducibleBounded semaphore = new ReducibleBounded(1, 3);

        @Operation
        public boolean tryAcquire(@Param(name = "permits") int permits) {
            return semaphore.tryAcquire(permits);
        }

        @Operation
        public void release(@Param(name = "permits") int permits) {
            semaphore.release(permits);
        }

        @Operation
        public boolean tryRelease() {
            return semaphore.tryRelease();
        }

        @Operation
        public int drainPermits() {
            return semaphore.drainPermits();
        }

        @Operation
        public int availablePermits() {
            return semaphore.availablePermits();
        }

        @Operation
        public void reducePermits(@Param(name = "permits") int reduction) {
            semaphore.reduce(reduction);
        }
    }

    /** A binary semaphore that starts available. */
    public static final class Binary {
        private final BinarySemaphore semaphore = new BinarySemaphore(true);

        @Operation
        public boolean tryAcquire() {
            return semaphore.tryAcquire();
        }

        @Operation
        public void release() {
            semaphore.release();
        }

        @Operation
        public boolean tryRelease() {
            return semaphore.tryRelease();
        }

        @Operation
        public int drainPermits() {
            return semaphore.drainPermits();
        }

        @Operation
        public boolean isAvailable() {
            return semaphore.isAvailable();
        }
    }

    /** The sequential specification of {@link Bounded}: 1 permit under a ceiling of 3. */
    public static final class OneOfThree extends PermitCounter {
        public OneOfThree() {
            super(1, 3);
        }
    }

    /** The sequential specification of {@link Binary}: 1 permit under a ceiling of 1. */
    public static final class OneOfOne extends PermitCounter {
        public OneOfOne() {
            super(1, 1);
        }
    }

    /** Reaches the protected {@code reducePermits}. */
    static final class ReducibleBounded extends BoundedSemaphore {
        private static final long serialVersionUID = 1L;

        ReducibleBounded(int permits, int max) {
            super(permits, max);
        }

        void reduce(int reduction) {
            reducePermits(reduction);
        }
    }

    @Test
    void boundedModelCheckingThreeThreads() {
        LincheckRuns.modelChecking(3, 2).sequentialSpecification(OneOfThree.class).check(Bounded.class);
    }

    @Test
    void boundedModelCheckingFourThreads() {
        LincheckRuns.modelChecking(4, 2).sequentialSpecification(OneOfThree.class).check(Bounded.class);
    }

    @Test
    void boundedStressFourThreads() {
        LincheckRuns.stress(4, 3).sequentialSpecification(OneOfThree.class).check(Bounded.class);
    }

    @Test
    void binaryModelCheckingThreeThreads() {
        LincheckRuns.modelChecking(3, 2).sequentialSpecification(OneOfOne.class).check(Binary.class);
    }

    @Test
    void binaryStressThreeThreads() {
        LincheckRuns.stress(3, 3).sequentialSpecification(OneOfOne.class).check(Binary.class);
    }
}
