package dev.bouncer.lincheck;

import dev.bouncer.Semaphore;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Semaphore's non-blocking operations are linearizable: every concurrent history of
 * {@code tryAcquire(n)}, {@code release(n)}, {@code drainPermits()}, {@code availablePermits()}
 * and {@code reducePermits(n)} is one that a plain counter ({@link PermitCounter}) could give,
 * fair or nonfair. The blocking operations are in {@link BlockingLincheckTest}.
 */
@Tag("lincheck")
class SemaphoreLincheckTest {

    /** The operations, on a semaphore of 2 permits; requests and releases are of 0 to 3 permits. */
    @Param(name = "permits", gen = IntGen.class, conf = "0:3")
    abstract static class Operations {
        private final Reducible semaphore = new Reducible(2, fair());

        abstract boolean fair();

        @Operation
        public boolean tryAcquire(@Param(name = "permits") int permits) {
            return semaphore.tryAcquire(permits);
        }

        @Operation
        public void release(@Param(name = "permits") int permits) {
            semaphore.release(permits);
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

    public static final class Nonfair extends Operations {
        @Override
        boolean fair() {
            return false;
        }
    }

    public static final class Fair extends Operations {
        @Override
        boolean fair() {
            return true;
        }
    }

    /** The sequential specification: 2 permits, no ceiling. */
    public static final class TwoPermits extends PermitCounter {
        public TwoPermits() {
            super(2, Integer.MAX_VALUE);
        }
    }

    /** Reaches the protected {@code reducePermits}. */
    static final class Reducible extends Semaphore {
        private static final long serialVersionUID = 1L;

        Reducible(int permits, boolean fair) {
            super(permits, fair);
        }

        void reduce(int reduction) {
            reducePermits(reduction);
        }
    }

    @Test
    void nonfairModelCheckingThreeThreads() {
        LincheckRuns.modelChecking(3, 2).sequentialSpecification(TwoPermits.class).check(Nonfair.class);
    }

    @Test
    void nonfairModelCheckingFourThreads() {
        LincheckRuns.modelChecking(4, 2).sequentialSpecification(TwoPermits.class).check(Nonfair.class);
    }

    @Test
    void nonfairStressFourThreads() {
        LincheckRuns.stress(4, 3).sequentialSpecification(TwoPermits.class).check(Nonfair.class);
    }

    @Test
    void fairModelCheckingThreeThreads() {
        LincheckRuns.modelChecking(3, 2).sequentialSpecification(TwoPermits.class).check(Fair.class);
    }

    @Test
    void fairStressThreeThreads() {
        LincheckRuns.stress(3, 3).sequentialSpecification(TwoPermits.class).check(Fair.class);
    }
}
