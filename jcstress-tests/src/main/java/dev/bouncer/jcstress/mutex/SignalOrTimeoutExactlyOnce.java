package dev.bouncer.jcstress.mutex;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.bouncer.SignalProbe;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/**
 * Property: a {@code signal} racing an {@code await} timeout is consumed exactly once: either the
 * waiter returns {@code true} (signalled) and the signal reports that it reached a waiter, or the
 * waiter returns {@code false} (timed out) and the signal reached nobody. Never both, never
 * neither, and the waiter always returns holding the mutex.
 *
 * <p>Checks MX-I5 (the waiter's timeout and the signal both try the one CAS of
 * {@code QueuedSynchronizer.transfer}, CONDITION to TRANSFERRING; exactly one wins), MX-I6 and MX-E4. Each sample
 * runs {@link ConditionRounds#ROUNDS} races in lock step ({@link ConditionRounds}); the timeouts
 * cycle through 0, 1 µs and 20 µs, so the waiter's own transfer runs at once, after a short park,
 * or after a longer one, while the signaller spins on {@code tryLock} and signals the moment the
 * await releases the mutex. Whether the signal reached a waiter comes from {@link SignalProbe}
 * (test-only access to the result {@code signal()} does not return). A mismatch throws (ERROR); a
 * waiter that never returns, for instance because its node was appended twice, leaves the actor
 * STALE. The JDK baseline cannot say whether a signal was taken, so it checks only that every
 * round ends and the lock is free.
 *
 * <p>Mutant caught: {@code mutex-timeout-checks-deadline-after-signal} (after its wait loop the
 * waiter asks the clock instead of the transfer's outcome): a signal that wins just before the
 * deadline is consumed, yet await returns {@code false}. Caught only now and then: {@code
 * mutex-transfer-plain-write} (transfer's CAS replaced by a read and a plain write, so signal and
 * timeout can both win), in 4 of 5 runs and 1 of 3 configurations, so its header names
 * {@link SignalOrInterruptExactlyOnce}, which catches it every time; {@code
 * MutexTest.signalRacingTimeoutAndInterruptIsConsumedExactlyOnce} catches it too.
 *
 * <p>Run: {@code jcstress-tests/run quick}, or
 * {@code java -jar jcstress-tests/target/jcstress.jar -t SignalOrTimeoutExactlyOnce}.
 */
public final class SignalOrTimeoutExactlyOnce {
    private SignalOrTimeoutExactlyOnce() {
    }

    static final long TIMEOUT_NANOS = 20_000L;

    static boolean awaitWithTimeout(Condition condition, int round) {
        try {
            return condition.await(TIMEOUT_NANOS, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            throw new IllegalStateException("nobody interrupts the waiter", e);
        }
    }

    /** Staggers the signal across the waiter's deadline: 0 to 76 µs in steps of 4 µs. */
    static void stagger(int round) {
        ConditionRounds.spinNanos((round % 20) * 4_000L);
    }

    /** dev.bouncer.Mutex. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "every signal was taken by the waiter, or the waiter timed out and the signal reached nobody")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "the waiter never returned from await (lost wakeup or corrupted queue)")
    @Outcome(id = "ERROR", expect = FORBIDDEN, desc = "signal and timeout both won, or neither did")
    @Outcome(expect = FORBIDDEN, desc = "impossible result")
    @State
    public static class Ours {
        final dev.bouncer.Mutex mutex = new dev.bouncer.Mutex();
        final ConditionRounds rounds = new ConditionRounds(mutex, mutex::isLocked);

        @Actor
        public void waiter() {
            rounds.runWaiter(SignalOrTimeoutExactlyOnce::awaitWithTimeout);
        }

        @Signal
        public void signaller() {
            rounds.runSignaller(SignalProbe::signal, SignalOrTimeoutExactlyOnce::stagger);
        }
    }

    /** Baseline: java.util.concurrent.locks.ReentrantLock. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "every await returned, signalled or timed out")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "the waiter never returned from await")
    @Outcome(expect = FORBIDDEN, desc = "the lock was left held, or impossible result")
    @State
    public static class Jdk {
        final ReentrantLock lock = new ReentrantLock();
        final ConditionRounds rounds = new ConditionRounds(lock, lock::isLocked);

        @Actor
        public void waiter() {
            rounds.runWaiter(SignalOrTimeoutExactlyOnce::awaitWithTimeout);
        }

        @Signal
        public void signaller() {
            rounds.runSignaller(condition -> {
                condition.signal();
                return null;
            }, SignalOrTimeoutExactlyOnce::stagger);
        }
    }
}
