package dev.bouncer.jcstress.permit;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.bouncer.Permit;
import dev.bouncer.Semaphore;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Property: two threads closing one permit handle at once release its permit exactly once: one
 * close gives it back, the other finds the handle closed and does nothing.
 *
 * <p>Checks PM-I1 (docs/permits.md; {@code SemaphorePermit} I1: only the close whose CAS moves the
 * handle from held to closed releases). A {@code Semaphore(1)} whose one permit is held by a
 * handle; two closers. Result: {@code r1} is {@code availablePermits()} afterwards, {@code r2} is
 * 1 if the handle still reports {@code isValid()}, else 0. There is no JDK baseline: the JDK has
 * no permit handle.
 *
 * <p>Mutant caught: {@code permit-close-plain-check} (close reads the state, then writes
 * {@code CLOSED} with a plain store instead of a CAS): both closers read "held" before either
 * writes, and both release.
 *
 * <p>Run: {@code jcstress-tests/run quick -t HandleCloseReleasesOnce}, or
 * {@code java -jar jcstress-tests/target/jcstress.jar -t HandleCloseReleasesOnce}.
 */
public final class HandleCloseReleasesOnce {
    private HandleCloseReleasesOnce() {
    }

    /** dev.bouncer.Semaphore's handle; the JDK has none to compare with. */
    @JCStressTest
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "one close released the permit, the other found the handle closed")
    @Outcome(id = "2, 0", expect = FORBIDDEN, desc = "both closes released: one permit given back twice")
    @Outcome(id = "0, 0", expect = FORBIDDEN, desc = "the handle is closed but no close released: the permit is lost")
    @Outcome(id = "0, 1", expect = FORBIDDEN, desc = "both closes returned and the handle still holds its permit")
    @Outcome(expect = FORBIDDEN, desc = "the permit released other than once, or the handle's state disagrees")
    @State
    public static class Ours {
        final Semaphore semaphore = new Semaphore(1);
        final Permit permit = semaphore.acquirePermitUninterruptibly();

        @Actor
        public void closer1() {
            permit.close();
        }

        @Actor
        public void closer2() {
            permit.close();
        }

        @Arbiter
        public void afterwards(II_Result r) {
            r.r1 = semaphore.availablePermits();
            r.r2 = permit.isValid() ? 1 : 0;
        }
    }
}
