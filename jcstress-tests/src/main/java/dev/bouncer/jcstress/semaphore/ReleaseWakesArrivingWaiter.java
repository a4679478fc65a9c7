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
 * <p>Checks Semaphore E2 / WaitQueue E1, a Dekker pair: the releaser writes {@code permits} then
 * reads the queue; the arrival writes the queue then reads {@code permits}. Both sides must be
 * volatile (a CAS is a full fence), or each may read the other's old value. This is the
 * weak-memory bug x86 <em>can</em> show: TSO lets a load pass an earlier store to another address
 * (the store buffer), which is exactly the reordering that breaks Dekker. The semaphore's queue is
 * created beforehand (one timed-out try), so the race is on the queue's links, not its creation.
 * The actor arrives and acquires; the signal releases at the same moment (a starting gun).
 *
 * <p>Mutants caught: {@code release-without-fence} (release writes the count with a release-mode
 * store instead of a CAS: enough for publication, not for Dekker) and {@code release-never-signals}.
 *
 * <p>Run: {@code jcstress-tests/run quick}, or
 * {@code java -jar jcstress-tests/target/jcstress.jar -t ReleaseWakesArrivingWaiter}.
 */
public final class ReleaseWakesArrivingWaiter {
    private ReleaseWakesArrivingWaiter() {
    }

    /** dev.bouncer.Semaphore. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "the arrival got the permit, at once or after a wakeup")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "lost wakeup: the arrival parked after missing the release")
    @Outcome(id = "ERROR", expect = FORBIDDEN, desc = "the acquire failed")
    @Outcome(expect = FORBIDDEN, desc = "impossible result")
    @State
    public static class Ours {
        final dev.bouncer.Semaphore semaphore = new dev.bouncer.Semaphore(0);
        final StartingGun gun = new StartingGun();

        public Ours() {
            try {
                semaphore.tryAcquire(1, java.util.concurrent.TimeUnit.NANOSECONDS); // creates the queue
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        @Actor
        public void arrival() throws InterruptedException {
            gun.await();
            semaphore.acquire();
        }

        @Signal
        public void releaser() {
            gun.fire();
            semaphore.release();
        }
    }

    /** Baseline: java.util.concurrent.Semaphore. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "the arrival got the permit, at once or after a wakeup")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "lost wakeup: the arrival parked after missing the release")
    @Outcome(expect = FORBIDDEN, desc = "the acquire failed")
    @State
    public static class Jdk {
        final java.util.concurrent.Semaphore semaphore = new java.util.concurrent.Semaphore(0);
        final StartingGun gun = new StartingGun();

        @Actor
        public void arrival() throws InterruptedException {
            gun.await();
            semaphore.acquire();
        }

        @Signal
        public void releaser() {
            gun.fire();
            semaphore.release();
        }
    }
}
