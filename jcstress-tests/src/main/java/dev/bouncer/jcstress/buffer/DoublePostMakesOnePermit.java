package dev.bouncer.jcstress.buffer;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.bouncer.BinarySemaphore;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Property: a binary semaphore used as a signal stays binary when two posts race: exactly one
 * {@code tryRelease()} returns {@code true}, and then exactly one pend gets through.
 *
 * <p>Checks BS-I1 with a maximum of 1 and BS-I2 for {@code tryRelease} (a post that finds the
 * signal already posted returns {@code false} and changes nothing). The semaphore starts
 * unavailable; two posters call {@code tryRelease()} ({@code r1}, {@code r2}: 1 for {@code true});
 * the arbiter pends twice with {@code tryAcquire()} and records how many got through
 * ({@code r3}). There is no JDK baseline: the JDK has no binary semaphore.
 *
 * <p>Mutant caught: {@code bounded-check-outside-cas} (see {@link BoundedReleaseNeverExceedsMax}):
 * both posts pass the check at 0, and two pends get through.
 *
 * <p>Run: {@code jcstress-tests/run quick -t DoublePostMakesOnePermit}, or
 * {@code java -jar jcstress-tests/target/jcstress.jar -t DoublePostMakesOnePermit}.
 */
public final class DoublePostMakesOnePermit {
    private DoublePostMakesOnePermit() {
    }

    /** The only variant: the JDK has no binary semaphore to compare with. */
    @JCStressTest
    @Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "poster 1 posted; poster 2 found it posted; one pend got through")
    @Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "poster 2 posted; poster 1 found it posted; one pend got through")
    @Outcome(id = "1, 1, 2", expect = FORBIDDEN, desc = "both posts counted: the binary semaphore held 2 permits")
    @Outcome(id = "1, 1, 1", expect = FORBIDDEN, desc = "both posts reported success, one was lost")
    @Outcome(id = "0, 0, 0", expect = FORBIDDEN, desc = "both posts refused on an unposted signal")
    @Outcome(expect = FORBIDDEN, desc = "a post lost or counted twice")
    @State
    public static class Ours {
        final BinarySemaphore signal = new BinarySemaphore(false);

        @Actor
        public void poster1(III_Result r) {
            r.r1 = signal.tryRelease() ? 1 : 0;
        }

        @Actor
        public void poster2(III_Result r) {
            r.r2 = signal.tryRelease() ? 1 : 0;
        }

        @Arbiter
        public void pendTwice(III_Result r) {
            r.r3 = (signal.tryAcquire() ? 1 : 0) + (signal.tryAcquire() ? 1 : 0);
        }
    }
}
