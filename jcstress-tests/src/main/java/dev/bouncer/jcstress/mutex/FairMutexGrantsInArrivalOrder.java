package dev.bouncer.jcstress.mutex;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.bouncer.jcstress.Waiters;
import dev.bouncer.jcstress.Waiters.Waiter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.function.IntSupplier;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/**
 * Property: a fair mutex is granted in arrival order. With waiters 1 and 2 queued in that order
 * behind the holder, the holder's unlock hands the mutex to waiter 1; neither waiter 2 nor a
 * fairness-honouring arrival ({@code tryLock(0, SECONDS)}) racing the unlock may take it.
 *
 * <p>Checks QS-I3 (only the first waiter tries, so no queued thread overtakes another), the
 * fair arrival rule in Mutex ({@code hasQueuedPredecessors} before the CAS), and MX-E2 (the
 * unlock wakes the first waiter). The holder and the waiters are threads started and parked before
 * the test, hence {@code Mode.Termination}; the holder must unlock itself (a Mutex checks its
 * owner). The signal lets the holder go; the holder unlocks and at once arrives again with a fair
 * try, well inside the microseconds waiter 1 needs to wake: the try must fail. Waiter 2 keeps the
 * mutex until the actor has seen the order, so the try cannot find the queue empty either. Each
 * waiter records its turn; a wrong order or a barging arrival throws (ERROR), and a waiter that is
 * never woken makes the actor STALE.
 *
 * <p>Mutants caught: {@code mutex-fair-arrival-barges} (the fair first try ignores queued waiters:
 * the holder takes the mutex back ahead of waiter 1) and {@code mutex-unlock-never-signals} (unlock
 * does not wake the first waiter: waiter 1 sleeps on a free mutex).
 *
 * <p>Run: {@code jcstress-tests/run quick}, or
 * {@code java -jar jcstress-tests/target/jcstress.jar -t FairMutexGrantsInArrivalOrder}.
 */
public final class FairMutexGrantsInArrivalOrder {
    private FairMutexGrantsInArrivalOrder() {
    }

    /** The scenario, for either lock; both variants build one in their state. */
    static final class Scenario {
        final Lock lock;
        final CountDownLatch letHolderGo = new CountDownLatch(1);
        final CountDownLatch letWaiter2Go = new CountDownLatch(1);
        volatile int arrivalGot = -1; // 1 when the holder's fair re-arrival got the lock
        int turns; // guarded by the lock
        volatile int turnOf1;
        volatile int turnOf2;
        final Waiter holder;
        final Waiter waiter1;
        final Waiter waiter2;

        Scenario(Lock lock, IntSupplier lockedCount, IntSupplier queueLength) {
            this.lock = lock;
            holder = Waiters.startParked("holder", this::holdThenArriveAgain, lockedCount, 1);
            waiter1 = Waiters.startParked("waiter-1", () -> {
                lock.lock();
                turnOf1 = ++turns;
                lock.unlock();
            }, queueLength, 1);
            waiter2 = Waiters.startParked("waiter-2", () -> {
                lock.lock();
                try {
                    turnOf2 = ++turns;
                    letWaiter2Go.await();
                } finally {
                    lock.unlock();
                }
            }, queueLength, 2);
        }

        private void holdThenArriveAgain() throws InterruptedException {
            lock.lock();
            letHolderGo.await();
            lock.unlock();
            boolean got = lock.tryLock(0, TimeUnit.SECONDS);
            arrivalGot = got ? 1 : 0;
            if (got) {
                lock.unlock(); // let the waiters finish; the actor reports the barge
            }
        }

        void check() {
            Waiters.joinUninterruptibly(holder.thread);
            Waiters.joinUninterruptibly(waiter1.thread);
            while (turnOf2 == 0) {
                Thread.onSpinWait(); // waiter 2 is next; if it is never woken, STALE
            }
            letWaiter2Go.countDown();
            Waiters.joinUninterruptibly(waiter2.thread);
            Waiters.check(arrivalGot == 0, "a fair arrival took the mutex ahead of queued waiters");
            Waiters.check(turnOf1 == 1 && turnOf2 == 2, "waiter 2 overtook waiter 1");
        }
    }

    /** dev.bouncer.Mutex. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "waiter 1, then waiter 2; the fair arrival got nothing")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "a queued waiter was never woken")
    @Outcome(id = "ERROR", expect = FORBIDDEN, desc = "the arrival or waiter 2 overtook waiter 1")
    @Outcome(expect = FORBIDDEN, desc = "impossible result")
    @State
    public static class Ours {
        final dev.bouncer.Mutex mutex = new dev.bouncer.Mutex(true);
        final Scenario scenario = new Scenario(mutex, () -> mutex.isLocked() ? 1 : 0, mutex::getQueueLength);

        @Actor
        public void checker() {
            scenario.check();
        }

        @Signal
        public void letHolderUnlock() {
            scenario.letHolderGo.countDown();
        }
    }

    /** Baseline: java.util.concurrent.locks.ReentrantLock. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "waiter 1, then waiter 2; the fair arrival got nothing")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "a queued waiter was never woken")
    @Outcome(expect = FORBIDDEN, desc = "the arrival or waiter 2 overtook waiter 1")
    @State
    public static class Jdk {
        final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock(true);
        final Scenario scenario = new Scenario(lock, () -> lock.isLocked() ? 1 : 0, lock::getQueueLength);

        @Actor
        public void checker() {
            scenario.check();
        }

        @Signal
        public void letHolderUnlock() {
            scenario.letHolderGo.countDown();
        }
    }
}
