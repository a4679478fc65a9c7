package dev.bouncer.jcstress.semaphore;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/**
 * Property: a release racing a thread that is just arriving to wait never leaves that thread
 * parked: either the arrival sees the permit, or the release sees the arrival and unparks it.
 *
 * <p>Checks SEM-E2 / QS-E1, a Dekker pair: the releaser writes {@code permits} then
 * reads the queue; the arrival writes the queue then reads {@code permits}. Both sides must be
 * volatile (a CAS is a full fence), or each may read the other's old value. This is the
 * weak-memory bug x86 <em>can</em> show: TSO lets a load pass an earlier store to another address
 * (the store buffer), which is exactly the reordering that breaks Dekker.
 *
 * <p>The window is a few tens of nanoseconds, so one race per sample is far too few. Each sample
 * runs {@link #ROUNDS} races in lock step: in round i the actor announces its arrival and calls
 * {@code acquire()}, and the signal releases after a delay that differs from round to round (0 to
 * {@value #MOST_DELAY_SPINS} spins). The delays sweep the arrival's whole way to its park: its
 * first try, the spin the first waiter makes before it parks, and the announcement after it, so
 * some release lands in each window. A lost wakeup leaves the actor parked for good: STALE. The
 * signal gives up after a second without progress, so the runner is never blocked by it.
 *
 * <p>Mutants caught: {@code parked-flag-without-recheck} (the arrival announces {@code parked} and
 * parks without the check that must follow, QS-E6) and
 * {@code release-never-signals}.
 * {@code release-without-fence} (release writes the
 * count with a release-mode store instead of a CAS: enough for publication, not for Dekker) is the
 * bug this test is about, but this test rarely if ever hits its window on x86; the
 * store-buffering test {@link ReleaseIsOrderedBeforeLaterReads} catches it.
 *
 * <p>Run: {@code jcstress-tests/run quick}, or
 * {@code java -jar jcstress-tests/target/jcstress.jar -t ReleaseWakesArrivingWaiter}.
 */
public final class ReleaseWakesArrivingWaiter {
    private ReleaseWakesArrivingWaiter() {
    }

    static final int ROUNDS = 200;
    /** The longest delay before a release, in onSpinWait calls: past the first waiter's spin. */
    static final int MOST_DELAY_SPINS = 511;

    /** The lock step: the round the actor has arrived at, published before it acquires. */
    static final class Rounds {
        private volatile int arrived = -1;

        void arrive(int round) {
            arrived = round;
        }

        /** Waits until the actor arrives at this round; false if it has not after a second. */
        boolean awaitArrival(int round) {
            long deadline = System.nanoTime() + 1_000_000_000L;
            while (arrived < round) {
                if (System.nanoTime() - deadline > 0) {
                    return false; // the actor is stuck: leave it to the runner's STALE check
                }
                Thread.onSpinWait();
            }
            return true;
        }

        /** The releaser's delay in round i: a different point of the arrival's path each round. */
        static void delay(int round) {
            for (int spins = (round * 131) & MOST_DELAY_SPINS; spins > 0; spins--) {
                Thread.onSpinWait();
            }
        }
    }

    /** dev.bouncer.Semaphore. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "every arrival got its permit, at once or after a wakeup")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "lost wakeup: an arrival parked after missing the release")
    @Outcome(id = "ERROR", expect = FORBIDDEN, desc = "an acquire failed")
    @Outcome(expect = FORBIDDEN, desc = "impossible result")
    @State
    public static class Ours {
        final dev.bouncer.Semaphore semaphore = new dev.bouncer.Semaphore(0);
        final Rounds rounds = new Rounds();

        @Actor
        public void arrival() throws InterruptedException {
            for (int i = 0; i < ROUNDS; i++) {
                rounds.arrive(i);
                semaphore.acquire();
            }
        }

        @Signal
        public void releaser() {
            for (int i = 0; i < ROUNDS; i++) {
                if (!rounds.awaitArrival(i)) {
                    return;
                }
                Rounds.delay(i);
                semaphore.release();
            }
        }
    }

    /** Baseline: java.util.concurrent.Semaphore. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "every arrival got its permit, at once or after a wakeup")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "lost wakeup: an arrival parked after missing the release")
    @Outcome(expect = FORBIDDEN, desc = "an acquire failed")
    @State
    public static class Jdk {
        final java.util.concurrent.Semaphore semaphore = new java.util.concurrent.Semaphore(0);
        final Rounds rounds = new Rounds();

        @Actor
        public void arrival() throws InterruptedException {
            for (int i = 0; i < ROUNDS; i++) {
                rounds.arrive(i);
                semaphore.acquire();
            }
        }

        @Signal
        public void releaser() {
            for (int i = 0; i < ROUNDS; i++) {
                if (!rounds.awaitArrival(i)) {
                    return;
                }
                Rounds.delay(i);
                semaphore.release();
            }
        }
    }
}
