package dev.bouncer.jcstress.semaphore;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Property: {@code reducePermits} racing an acquire is atomic: with 1 permit, either the
 * reduction comes first and the acquire fails, or the acquire takes the permit and the reduction
 * drives the count to -1. The count never forgets the reduction or the acquire.
 *
 * <p>Checks SEM-I1 for reducePermits (one CAS). {@code reducePermits} is protected, so the
 * test uses a subclass that exposes it, as the JDK documents. Result: {@code r1} is 1 when
 * {@code tryAcquire()} succeeded, {@code r2} is {@code availablePermits()} afterwards.
 *
 * <p>Mutant caught: {@code reduce-plain-rmw} (reads, then writes the difference plainly): an
 * acquire between the read and the write is undone, leaving 0 instead of -1.
 *
 * <p>Run: {@code jcstress-tests/run quick}, or
 * {@code java -jar jcstress-tests/target/jcstress.jar -t ReducePermitsVersusAcquire}.
 */
public final class ReducePermitsVersusAcquire {
    private ReducePermitsVersusAcquire() {
    }

    /** Exposes the protected reducePermits, the way a resource-tracking subclass would. */
    static final class ShrinkableSemaphore extends dev.bouncer.Semaphore {
        private static final long serialVersionUID = 1L;

        ShrinkableSemaphore(int permits) {
            super(permits);
        }

        void shrink(int reduction) {
            reducePermits(reduction);
        }
    }

    /** The JDK baseline's subclass. */
    static final class ShrinkableJdkSemaphore extends java.util.concurrent.Semaphore {
        private static final long serialVersionUID = 1L;

        ShrinkableJdkSemaphore(int permits) {
            super(permits);
        }

        void shrink(int reduction) {
            reducePermits(reduction);
        }
    }

    /** dev.bouncer.Semaphore. */
    @JCStressTest
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "reduced first; the acquire found no permit")
    @Outcome(id = "1, -1", expect = ACCEPTABLE, desc = "acquired first; the reduction went below zero")
    @Outcome(id = "1, 0", expect = FORBIDDEN, desc = "the reduction or the acquire was lost")
    @Outcome(expect = FORBIDDEN, desc = "permits created or lost")
    @State
    public static class Ours {
        final ShrinkableSemaphore semaphore = new ShrinkableSemaphore(1);

        @Actor
        public void reducer() {
            semaphore.shrink(1);
        }

        @Actor
        public void acquirer(II_Result r) {
            r.r1 = semaphore.tryAcquire() ? 1 : 0;
        }

        @Arbiter
        public void permitsLeft(II_Result r) {
            r.r2 = semaphore.availablePermits();
        }
    }

    /** Baseline: java.util.concurrent.Semaphore. */
    @JCStressTest
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "reduced first; the acquire found no permit")
    @Outcome(id = "1, -1", expect = ACCEPTABLE, desc = "acquired first; the reduction went below zero")
    @Outcome(expect = FORBIDDEN, desc = "the reduction or the acquire was lost")
    @State
    public static class Jdk {
        final ShrinkableJdkSemaphore semaphore = new ShrinkableJdkSemaphore(1);

        @Actor
        public void reducer() {
            semaphore.shrink(1);
        }

        @Actor
        public void acquirer(II_Result r) {
            r.r1 = semaphore.tryAcquire() ? 1 : 0;
        }

        @Arbiter
        public void permitsLeft(II_Result r) {
            r.r2 = semaphore.availablePermits();
        }
    }
}
