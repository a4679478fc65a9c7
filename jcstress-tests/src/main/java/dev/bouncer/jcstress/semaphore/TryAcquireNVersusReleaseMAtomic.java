package dev.bouncer.jcstress.semaphore;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Property: {@code tryAcquire(n)} and {@code release(m)} each take effect as one atomic step, so
 * the count always equals initial + released - acquired. With 3 permits, one thread calls
 * {@code tryAcquire(2)} twice while another calls {@code release(2)}: the first try always
 * succeeds, the second succeeds exactly when the release came before it.
 *
 * <p>Checks SEM-I1 (no update lost or double-counted) for the multi-permit forms. Result:
 * {@code r1}, {@code r2} are 1 for each successful {@code tryAcquire(2)}; {@code r3} is
 * {@code availablePermits()} afterwards, which must be {@code 3 + 2 - 2 * (r1 + r2)}.
 *
 * <p>Mutant caught: {@code release-plain-rmw} (release reads, then writes the sum plainly): a
 * {@code tryAcquire(2)} between the read and the write is undone, leaving 5 or 3 permits too many.
 *
 * <p>Run: {@code jcstress-tests/run quick}, or
 * {@code java -jar jcstress-tests/target/jcstress.jar -t TryAcquireNVersusReleaseMAtomic}.
 */
public final class TryAcquireNVersusReleaseMAtomic {
    private TryAcquireNVersusReleaseMAtomic() {
    }

    /** dev.bouncer.Semaphore. */
    @JCStressTest
    @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "release(2) came before the second tryAcquire(2)")
    @Outcome(id = "1, 0, 3", expect = ACCEPTABLE, desc = "release(2) came after the second tryAcquire(2)")
    @Outcome(id = "1, 1, 3", expect = FORBIDDEN, desc = "an acquire of 2 was lost under the release")
    @Outcome(id = "1, 0, 5", expect = FORBIDDEN, desc = "an acquire of 2 was lost under the release")
    @Outcome(expect = FORBIDDEN, desc = "a partial or lost update")
    @State
    public static class Ours {
        final dev.bouncer.Semaphore semaphore = new dev.bouncer.Semaphore(3);

        @Actor
        public void acquirer(III_Result r) {
            r.r1 = semaphore.tryAcquire(2) ? 1 : 0;
            r.r2 = semaphore.tryAcquire(2) ? 1 : 0;
        }

        @Actor
        public void releaser() {
            semaphore.release(2);
        }

        @Arbiter
        public void permitsLeft(III_Result r) {
            r.r3 = semaphore.availablePermits();
        }
    }

    /** Baseline: java.util.concurrent.Semaphore. */
    @JCStressTest
    @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "release(2) came before the second tryAcquire(2)")
    @Outcome(id = "1, 0, 3", expect = ACCEPTABLE, desc = "release(2) came after the second tryAcquire(2)")
    @Outcome(expect = FORBIDDEN, desc = "a partial or lost update")
    @State
    public static class Jdk {
        final java.util.concurrent.Semaphore semaphore = new java.util.concurrent.Semaphore(3);

        @Actor
        public void acquirer(III_Result r) {
            r.r1 = semaphore.tryAcquire(2) ? 1 : 0;
            r.r2 = semaphore.tryAcquire(2) ? 1 : 0;
        }

        @Actor
        public void releaser() {
            semaphore.release(2);
        }

        @Arbiter
        public void permitsLeft(III_Result r) {
            r.r3 = semaphore.availablePermits();
        }
    }
}
