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
 * <p>Checks Mutex I5 (the waiter's timeout and the signal both try the one CAS of
 * {@code WaitQueue.transfer}, CONDITION to TRANSFERRING; exactly one wins), I6 and E4. Each sample
 * runs {@link ConditionRounds#ROUNDS} races in lock step ({@link ConditionRounds}); the timeouts
 * cycle through 0, 1 µs and 20 µs, so the waiter's own transfer runs at once, after a short park,
 * or after a longer one, while the signaller spins on {@code tryLock} and signals the moment the
 * await releases the mutex. Whether the signal reached a waiter comes from {@link SignalProbe}
 * (test-only access to the result {@code signal()} does not return). A mismatch throws (ERROR); a
 * waiter that never returns, for instance because its node was appended twice, leaves the actor
 * STALE. The JDK baseline cannot say whether a signal was taken, so it checks only that every
 * round ends and the lock is free.
 *
 * <p>Mutant caught: {@code mutex-transfer-plain-write} (transfer reads CONDITION and then writes
 * TRANSFERRING with a plain store instead of a CAS): the signal and the timeout can both win, so
 * the signal is reported taken while the waiter reports a timeout, and the node is appended twice.
 *
 * <p>Run: {@code jcstress-tests/run quick}, or
 * {@code java -jar jcstress-tests/target/jcstress.jar -t SignalOrTimeoutExactlyOnce}.
 */
public final class SignalOrTimeoutExactlyOnce {
    private SignalOrTimeoutExactlyOnce() {
    }

    private static final long[] TIMEOUT_NANOS = {0L, 1_000L, 20_000L};

    static boolean awaitWithTimeout(Condition condition, int round) {
        try {
            return condition.await(TIMEOUT_NANOS[round % TIMEOUT_NANOS.length], TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            throw new IllegalStateException("nobody interrupts the waiter", e);
        }
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
            rounds.runSignaller(SignalProbe::signal, round -> { });
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
            }, round -> { });
        }
    }
}
