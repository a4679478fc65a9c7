package dev.bouncer.jcstress.buffer;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.bouncer.BoundedSemaphore;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Property: a bounded semaphore never holds more than its maximum: of two releases racing at
 * {@code max - 1}, exactly one succeeds, the other throws {@link IllegalStateException} and
 * changes nothing, and the count ends at the maximum.
 *
 * <p>Checks BS-I1 (the bound is checked inside the CAS loop of {@code Semaphore.addPermits}, so
 * two releases cannot both pass it on the same stale count) and BS-I2 (a rejected release changes
 * nothing). Max 2, starting at 1. Result: {@code r1}, {@code r2} are 1 when that releaser's
 * {@code release()} returned and 0 when it threw {@code IllegalStateException};
 * {@code r3} is {@code availablePermits()} afterwards. There is no JDK baseline: the JDK has no
 * bounded semaphore.
 *
 * <p>Mutant caught: {@code bounded-check-outside-cas} (the bound is checked once before the CAS
 * loop, and a failed CAS retries on a fresh count without checking again): both releasers pass
 * the check at 1, one CAS wins, the other retries from 2 and makes 3.
 *
 * <p>Run: {@code jcstress-tests/run quick -t BoundedReleaseNeverExceedsMax}, or
 * {@code java -jar jcstress-tests/target/jcstress.jar -t BoundedReleaseNeverExceedsMax}.
 */
public final class BoundedReleaseNeverExceedsMax {
    private BoundedReleaseNeverExceedsMax() {
    }

    /** The only variant: the JDK has no bounded semaphore to compare with. */
    @JCStressTest
    @Outcome(id = "1, 0, 2", expect = ACCEPTABLE, desc = "releaser 1 reached the maximum; releaser 2 was rejected")
    @Outcome(id = "0, 1, 2", expect = ACCEPTABLE, desc = "releaser 2 reached the maximum; releaser 1 was rejected")
    @Outcome(id = "1, 1, 3", expect = FORBIDDEN, desc = "both releases passed the bound: 3 permits, max 2")
    @Outcome(id = "1, 1, 2", expect = FORBIDDEN, desc = "both releases returned, one of them was lost")
    @Outcome(id = "0, 0, 1", expect = FORBIDDEN, desc = "both releases rejected below the maximum")
    @Outcome(expect = FORBIDDEN, desc = "bound exceeded, or a rejected release changed the count")
    @State
    public static class Ours {
        final BoundedSemaphore semaphore = new BoundedSemaphore(1, 2);

        @Actor
        public void releaser1(III_Result r) {
            r.r1 = released();
        }

        @Actor
        public void releaser2(III_Result r) {
            r.r2 = released();
        }

        @Arbiter
        public void permits(III_Result r) {
            r.r3 = semaphore.availablePermits();
        }

        private int released() {
            try {
                semaphore.release();
                return 1;
            } catch (IllegalStateException rejected) {
                return 0;
            }
        }
    }
}
