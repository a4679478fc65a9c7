package dev.bouncer.lincheck;

import dev.bouncer.Mutex;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Mutex's non-blocking operations are linearizable against an owner field: {@code tryLock},
 * {@code unlock}, {@code isLocked} and {@code isHeldByCurrentThread}, with the misuses
 * ({@code unlock} by a thread that does not hold it, {@code tryLock} by the holder) answered by
 * {@link IllegalMonitorStateException} as a result and changing nothing.
 *
 * <p>Ownership belongs to threads, and a sequential specification is run by one thread, so each
 * operation takes the number of the Lincheck thread that runs it ({@link ThreadIdGen}) and the
 * specification keeps that number as the owner. The real operations ignore the number: the mutex
 * sees the calling thread itself. The scenarios have no operations before or after the parallel
 * part, and a failure is reported as found, not minimized: Lincheck's minimizer moves operations
 * between threads and into those parts, where the numbers no longer name the thread that runs
 * them (it once turned a failure into "tryLock(1) before, isHeldByCurrentThread(2) after, both
 * on one thread", which no mutex can pass). Blocking {@code lock} and conditions are in
 * {@link BlockingLincheckTest}.
 */
@Tag("lincheck")
class MutexLincheckTest {

    @Param(name = "thread", gen = ThreadIdGen.class)
    abstract static class Operations {
        private final Mutex mutex = new Mutex(fair());

        abstract boolean fair();

        @Operation
        public boolean tryLock(@Param(name = "thread") int thread) {
            return mutex.tryLock();
        }

        @Operation
        public void unlock(@Param(name = "thread") int thread) {
            mutex.unlock();
        }

        @Operation
        public boolean isLocked() {
            return mutex.isLocked();
        }

        @Operation
        public boolean isHeldByCurrentThread(@Param(name = "thread") int thread) {
            return mutex.isHeldByCurrentThread();
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

    /** The sequential specification: the number of the owning thread, or -1. */
    public static final class Owner {
        private static final int NONE = -1;
        private int owner = NONE;

        public boolean tryLock(int thread) {
            if (owner == thread) {
                throw new IllegalMonitorStateException("non-reentrant");
            }
            if (owner != NONE) {
                return false;
            }
            owner = thread;
            return true;
        }

        public void unlock(int thread) {
            if (owner != thread) {
                throw new IllegalMonitorStateException("not the owner");
            }
            owner = NONE;
        }

        public boolean isLocked() {
            return owner != NONE;
        }

        public boolean isHeldByCurrentThread(int thread) {
            return owner == thread;
        }
    }

    @Test
    void nonfairModelCheckingThreeThreads() {
        LincheckRuns.modelChecking(3, 3).actorsBefore(0).actorsAfter(0).minimizeFailedScenario(false)
                .sequentialSpecification(Owner.class).check(Nonfair.class);
    }

    @Test
    void nonfairModelCheckingFourThreads() {
        LincheckRuns.modelChecking(4, 2).actorsBefore(0).actorsAfter(0).minimizeFailedScenario(false)
                .sequentialSpecification(Owner.class).check(Nonfair.class);
    }

    @Test
    void nonfairStressFourThreads() {
        LincheckRuns.stress(4, 3).actorsBefore(0).actorsAfter(0).minimizeFailedScenario(false)
                .sequentialSpecification(Owner.class).check(Nonfair.class);
    }

    @Test
    void fairModelCheckingThreeThreads() {
        LincheckRuns.modelChecking(3, 3).actorsBefore(0).actorsAfter(0).minimizeFailedScenario(false)
                .sequentialSpecification(Owner.class).check(Fair.class);
    }

    @Test
    void fairStressThreeThreads() {
        LincheckRuns.stress(3, 3).actorsBefore(0).actorsAfter(0).minimizeFailedScenario(false)
                .sequentialSpecification(Owner.class).check(Fair.class);
    }
}
