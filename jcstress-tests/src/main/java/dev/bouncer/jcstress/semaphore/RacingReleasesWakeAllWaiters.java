package dev.bouncer.jcstress.semaphore;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.bouncer.jcstress.StartingGun;
import dev.bouncer.jcstress.Waiters;
import dev.bouncer.jcstress.Waiters.Waiter;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/**
 * Property: two releases that race while two threads wait wake both waiters (no lost wakeup), and
 * leave no permit behind. This is the JDK's {@code Semaphore/RacingReleases} scenario (bugs
 * 6801020, 6803402; PITFALLS #1).
 *
 * <p>Checks WaitQueue E2 (the waiter that acquires through the queue re-reads the count after it
 * becomes head and passes a surplus on) and Semaphore E2. The waiters are parked before the test
 * starts (2 threads outside jcstress's actors, which is why this is a {@code Mode.Termination}
 * test). The actor and the signal then release one permit each at the same moment (a starting
 * gun); the first release wakes waiter 1, and the second usually arrives while waiter 1 is still
 * waking and is not yet head, so only waiter 1's hand-over can wake waiter 2. The actor then joins
 * both waiters: TERMINATED means both woke; STALE means one sleeps for good.
 *
 * <p>Mutants caught: {@code queued-acquire-no-propagation} (the {@code signalNext()} after a
 * queued acquire removed) and {@code release-never-signals}, the sanity mutant that must fail
 * (it proves the forked VMs run the mutated classes).
 *
 * <p>Run: {@code jcstress-tests/run quick}, or
 * {@code java -jar jcstress-tests/target/jcstress.jar -t RacingReleasesWakeAllWaiters}.
 */
public final class RacingReleasesWakeAllWaiters {
    private RacingReleasesWakeAllWaiters() {
    }

    /** dev.bouncer.Semaphore. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "both waiters woke and took one permit each")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "a waiter was never woken: a wakeup was lost")
    @Outcome(id = "ERROR", expect = FORBIDDEN, desc = "permits left over or missing after both returned")
    @Outcome(expect = FORBIDDEN, desc = "impossible result")
    @State
    public static class Ours {
        final dev.bouncer.Semaphore semaphore = new dev.bouncer.Semaphore(0);
        final StartingGun gun = new StartingGun();
        final Waiter waiter1 = Waiters.startParked("waiter-1", semaphore::acquire, semaphore::getQueueLength, 1);
        final Waiter waiter2 = Waiters.startParked("waiter-2", semaphore::acquire, semaphore::getQueueLength, 2);

        @Actor
        public void releaser() {
            gun.await();
            semaphore.release();
            Waiters.joinUninterruptibly(waiter1.thread);
            Waiters.joinUninterruptibly(waiter2.thread);
            Waiters.check(semaphore.availablePermits() == 0, "permits left: " + semaphore);
        }

        @Signal
        public void racingReleaser() {
            gun.fire();
            semaphore.release();
        }
    }

    /** Baseline: java.util.concurrent.Semaphore. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "both waiters woke and took one permit each")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "a waiter was never woken: a wakeup was lost")
    @Outcome(expect = FORBIDDEN, desc = "permits left over or missing after both returned")
    @State
    public static class Jdk {
        final java.util.concurrent.Semaphore semaphore = new java.util.concurrent.Semaphore(0);
        final StartingGun gun = new StartingGun();
        final Waiter waiter1 = Waiters.startParked("waiter-1", semaphore::acquire, semaphore::getQueueLength, 1);
        final Waiter waiter2 = Waiters.startParked("waiter-2", semaphore::acquire, semaphore::getQueueLength, 2);

        @Actor
        public void releaser() {
            gun.await();
            semaphore.release();
            Waiters.joinUninterruptibly(waiter1.thread);
            Waiters.joinUninterruptibly(waiter2.thread);
            Waiters.check(semaphore.availablePermits() == 0, "permits left: " + semaphore);
        }

        @Signal
        public void racingReleaser() {
            gun.fire();
            semaphore.release();
        }
    }
}
