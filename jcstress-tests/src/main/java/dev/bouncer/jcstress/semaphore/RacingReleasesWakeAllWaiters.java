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
 * Property: two releases that race while threads wait wake every waiter they pay for (no lost
 * wakeup), and leave no permit behind. This is the JDK's {@code Semaphore/RacingReleases} scenario
 * (bugs 6801020, 6803402; pitfalls.md #1), with one release of two permits.
 *
 * <p>Checks QS-E2 (the waiter that acquires through the queue re-reads the count after it
 * becomes head and passes a surplus on) and SEM-E2. Three waiters are parked before the test
 * starts (threads outside jcstress's actors, which is why this is a {@code Mode.Termination} test).
 * The actor releases two permits and the signal one, at the same moment (a starting gun). The
 * actor then joins the waiters: TERMINATED means all three woke; STALE means one sleeps for good.
 *
 * <p>Why one release is of two permits: each release wakes at most one waiter itself, so two
 * releases can wake at most two of the three, and the third is woken only if a waiter that
 * acquired through the queue passes the surplus on. A wakeup lost that way is lost in every
 * interleaving, not only when the second release arrives while the first waiter is still waking.
 * That matters here because jcstress binds a forked VM to as many CPUs as the test has actors:
 * one. The waiters and the signal share the actor's CPU, so two releases of one permit each
 * "race" only when the scheduler preempts one of them, and with two waiters the mutant below
 * would be caught in only some runs (docs/verification.md).
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
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "all three waiters woke and took one permit each")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "a waiter was never woken: a wakeup was lost")
    @Outcome(id = "ERROR", expect = FORBIDDEN, desc = "permits left over or missing after all three returned")
    @Outcome(expect = FORBIDDEN, desc = "impossible result")
    @State
    public static class Ours {
        final dev.bouncer.Semaphore semaphore = new dev.bouncer.Semaphore(0);
        final StartingGun gun = new StartingGun();
        final Waiter waiter1 = Waiters.startParked("waiter-1", semaphore::acquire, semaphore::getQueueLength, 1);
        final Waiter waiter2 = Waiters.startParked("waiter-2", semaphore::acquire, semaphore::getQueueLength, 2);
        final Waiter waiter3 = Waiters.startParked("waiter-3", semaphore::acquire, semaphore::getQueueLength, 3);

        @Actor
        public void releaser() {
            gun.await();
            semaphore.release(2);
            Waiters.joinUninterruptibly(waiter1.thread);
            Waiters.joinUninterruptibly(waiter2.thread);
            Waiters.joinUninterruptibly(waiter3.thread);
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
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "all three waiters woke and took one permit each")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "a waiter was never woken: a wakeup was lost")
    @Outcome(expect = FORBIDDEN, desc = "permits left over or missing after all three returned")
    @State
    public static class Jdk {
        final java.util.concurrent.Semaphore semaphore = new java.util.concurrent.Semaphore(0);
        final StartingGun gun = new StartingGun();
        final Waiter waiter1 = Waiters.startParked("waiter-1", semaphore::acquire, semaphore::getQueueLength, 1);
        final Waiter waiter2 = Waiters.startParked("waiter-2", semaphore::acquire, semaphore::getQueueLength, 2);
        final Waiter waiter3 = Waiters.startParked("waiter-3", semaphore::acquire, semaphore::getQueueLength, 3);

        @Actor
        public void releaser() {
            gun.await();
            semaphore.release(2);
            Waiters.joinUninterruptibly(waiter1.thread);
            Waiters.joinUninterruptibly(waiter2.thread);
            Waiters.joinUninterruptibly(waiter3.thread);
            Waiters.check(semaphore.availablePermits() == 0, "permits left: " + semaphore);
        }

        @Signal
        public void racingReleaser() {
            gun.fire();
            semaphore.release();
        }
    }
}
