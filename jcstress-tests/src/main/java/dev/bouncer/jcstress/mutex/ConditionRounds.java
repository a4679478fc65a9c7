package dev.bouncer.jcstress.mutex;

import dev.bouncer.jcstress.Waiters;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.function.BooleanSupplier;

/**
 * The lock step of the condition races: in round i the waiter locks, announces the round and awaits
 * once; the signaller waits for the announcement, takes the lock as soon as the await releases it
 * and signals once; the waiter starts round i + 1 only after the signaller has finished round i. So
 * each signal races exactly one await, and the two results of a round belong together. One race
 * per sample would be far too few for a window of nanoseconds. Termination tests only: the
 * signaller gives up after a second without progress, which leaves the waiter to the runner's
 * STALE check. The waits yield rather than spin: on a loaded machine with few CPUs a spinner can hold the CPU
 * the other side needs for a whole time slice.
 */
final class ConditionRounds {
    static final int ROUNDS = 100;
    private static final long GIVE_UP_NANOS = 1_000_000_000L;

    /** One await by the waiter; true when it returned as signalled. */
    interface AwaitOnce {
        boolean await(Condition condition, int round);
    }

    /** One signal; true when a waiter took it, or null where the lock cannot tell (the JDK). */
    interface SignalOnce {
        Boolean signal(Condition condition);
    }

    final Lock lock;
    final Condition condition;
    private final BooleanSupplier isLocked;
    private final boolean[] waiterSignalled = new boolean[ROUNDS]; // the waiter's; read after done
    private final Boolean[] signalTaken = new Boolean[ROUNDS]; // the signaller's; read after done
    private volatile int listed = -1; // the round whose await the waiter has entered (under the lock)
    private volatile int signalled = -1; // the last round the signaller has finished
    volatile Thread waiter;

    ConditionRounds(Lock lock, BooleanSupplier isLocked) {
        this.lock = lock;
        this.condition = lock.newCondition();
        this.isLocked = isLocked;
    }

    /** The actor: ROUNDS awaits in lock step, then the check that every signal was counted once. */
    void runWaiter(AwaitOnce awaitOnce) {
        waiter = Thread.currentThread();
        for (int i = 0; i < ROUNDS; i++) {
            lock.lock();
            try {
                listed = i;
                waiterSignalled[i] = awaitOnce.await(condition, i);
            } finally {
                lock.unlock();
            }
            Thread.interrupted(); // an interrupt that lost to the signal leaves the status set
            while (signalled < i) {
                Thread.yield(); // a signaller that gave up leaves this spinning: STALE
            }
        }
        for (int i = 0; i < ROUNDS; i++) {
            Boolean taken = signalTaken[i];
            if (taken != null) {
                Waiters.check(taken == waiterSignalled[i], "round " + i + ": the waiter returned "
                        + (waiterSignalled[i] ? "signalled" : "without the signal") + ", the signal was "
                        + (taken ? "taken" : "not taken"));
            }
        }
        Waiters.check(!isLocked.getAsBoolean(), "the lock was left held: " + lock);
    }

    /** The signal thread: one signal per round, after {@code beforeSignal} (an interrupt, say). */
    void runSignaller(SignalOnce signalOnce, IntConsumerInRound beforeSignal) {
        for (int i = 0; i < ROUNDS; i++) {
            long deadline = System.nanoTime() + GIVE_UP_NANOS;
            while (listed < i) {
                if (System.nanoTime() - deadline > 0) {
                    return;
                }
                Thread.yield(); // the other side may need this CPU (2 cores, loaded)
            }
            beforeSignal.accept(i);
            while (!lock.tryLock()) {
                if (System.nanoTime() - deadline > 0) {
                    return;
                }
                Thread.yield(); // the other side may need this CPU (2 cores, loaded)
            }
            try {
                signalTaken[i] = signalOnce.signal(condition);
            } finally {
                lock.unlock();
            }
            signalled = i;
        }
    }

    /** What the signaller does in a round before it takes the lock. */
    interface IntConsumerInRound {
        void accept(int round);
    }

    /** Spins for about the given time: staggers the signal against the waiter's wakeup. */
    static void spinNanos(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }
}
