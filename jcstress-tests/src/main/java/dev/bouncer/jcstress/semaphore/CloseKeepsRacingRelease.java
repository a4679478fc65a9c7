package dev.bouncer.jcstress.semaphore;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.bouncer.Semaphore;
import dev.bouncer.SemaphoreClosedException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Property: a release racing a close counts, whichever comes first, and the close holds: afterwards
 * the permit is available and an acquire still throws.
 *
 * <p>Checks SEM-I1 and SEM-I4 (docs/permits.md, section 5: releases still count after a close;
 * closing changes no count). A {@code Semaphore(0)}; one actor releases, the other closes. Result:
 * {@code r1} is {@code availablePermits()} afterwards, {@code r2} is 1 if a {@code tryAcquire()}
 * afterwards throws {@code SemaphoreClosedException}, 0 if it returns. There is no JDK baseline.
 *
 * <p>Mutant caught: {@code close-drains-permits} (close takes the available permits away, so that
 * nobody can acquire them): a release that lands before the close is lost.
 *
 * <p>Run: {@code jcstress-tests/run quick -t CloseKeepsRacingRelease}, or
 * {@code java -jar jcstress-tests/target/jcstress.jar -t CloseKeepsRacingRelease}.
 */
public final class CloseKeepsRacingRelease {
    private CloseKeepsRacingRelease() {
    }

    /** dev.bouncer.Semaphore; the JDK has no close to compare with. */
    @JCStressTest
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "the release counted and the semaphore is closed")
    @Outcome(id = "0, 1", expect = FORBIDDEN, desc = "the close swallowed the released permit")
    @Outcome(id = "1, 0", expect = FORBIDDEN, desc = "an acquire after the close did not throw")
    @Outcome(expect = FORBIDDEN, desc = "the release was lost or doubled, or the close did not hold")
    @State
    public static class Ours {
        final Semaphore semaphore = new Semaphore(0);

        @Actor
        public void releaser() {
            semaphore.release();
        }

        @Actor
        public void closer() {
            semaphore.close();
        }

        @Arbiter
        public void afterwards(II_Result r) {
            r.r1 = semaphore.availablePermits();
            try {
                semaphore.tryAcquire();
                r.r2 = 0;
            } catch (SemaphoreClosedException expected) {
                r.r2 = 1;
            }
        }
    }
}
