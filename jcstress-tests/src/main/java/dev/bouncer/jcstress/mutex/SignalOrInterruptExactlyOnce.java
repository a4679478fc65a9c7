package dev.bouncer.jcstress.mutex;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.bouncer.SignalProbe;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/**
 * Property: when an interrupt and a {@code signal} reach an awaiting thread together, the signal is
 * consumed exactly once: either {@code await} returns normally (signalled; the interrupt status is
 * left set) and the signal reports that it reached a waiter, or {@code await} throws
 * {@code InterruptedException} and the signal reached nobody. The waiter holds the mutex either way.
 *
 * <p>Checks MX-I5 (the interrupted waiter and the signal both try the one CAS of
 * {@code QueuedSynchronizer.transfer}; exactly one wins), MX-I6, and the Condition contract for an interrupt
 * that loses to a signal. Interrupting needs a thread that jcstress does not reuse, hence
 * {@code Mode.Termination}. Each sample runs {@link ConditionRounds#ROUNDS} races in lock step
 * ({@link ConditionRounds}): the signaller interrupts the waiter, spins 0 to 60 µs (cycling in 4 µs
 * steps, to stagger the signal against the waiter's wakeup), then takes the mutex and signals. Whether the
 * signal reached a waiter comes from {@link SignalProbe}. A mismatch throws (ERROR); a waiter that
 * never returns leaves the actor STALE. The JDK baseline cannot say whether a signal was taken, so
 * it checks only that every round ends and the lock is free.
 *
 * <p>Mutant caught: {@code mutex-late-interrupt-throws} (an interrupt that lost to the signal still
 * makes await throw): the signal is consumed, yet the waiter reports an interrupt. Also
 * {@code mutex-transfer-plain-write} (transfer's CAS replaced by a read and a plain write, so the
 * signal and the interrupt can both move the node): every configuration of 5 runs, with the
 * signalling helper in parallel ({@code -af NONE} in {@code jcstress-tests/run}; bound to one CPU
 * it goes uncaught; docs/verification.md, "CPU binding").
 *
 * <p>Run: {@code jcstress-tests/run quick}, or
 * {@code java -jar jcstress-tests/target/jcstress.jar -t SignalOrInterruptExactlyOnce}.
 */
public final class SignalOrInterruptExactlyOnce {
    private SignalOrInterruptExactlyOnce() {
    }

    /** Signal delays after the interrupt: 0 to 60 µs in steps of 4 µs. */
    static long staggerNanos(int round) {
        return (round % 16) * 4_000L;
    }

    static boolean awaitUntilSignalledOrInterrupted(Condition condition, int round) {
        try {
            condition.await();
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    static void interruptThenStagger(ConditionRounds rounds, int round) {
        rounds.waiter.interrupt();
        ConditionRounds.spinNanos(staggerNanos(round));
    }

    /** dev.bouncer.Mutex. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "each round: signalled and the signal taken, or interrupted and the signal reached nobody")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "the waiter never returned from await (lost wakeup or corrupted queue)")
    @Outcome(id = "ERROR", expect = FORBIDDEN, desc = "signal and interrupt both won, or neither did")
    @Outcome(expect = FORBIDDEN, desc = "impossible result")
    @State
    public static class Ours {
        final dev.bouncer.Mutex mutex = new dev.bouncer.Mutex();
        final ConditionRounds rounds = new ConditionRounds(mutex, mutex::isLocked);

        @Actor
        public void waiter() {
            rounds.runWaiter(SignalOrInterruptExactlyOnce::awaitUntilSignalledOrInterrupted);
        }

        @Signal
        public void interruptAndSignal() {
            rounds.runSignaller(SignalProbe::signal, round -> interruptThenStagger(rounds, round));
        }
    }

    /** Baseline: java.util.concurrent.locks.ReentrantLock. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "every await returned, signalled or interrupted")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "the waiter never returned from await")
    @Outcome(expect = FORBIDDEN, desc = "the lock was left held, or impossible result")
    @State
    public static class Jdk {
        final ReentrantLock lock = new ReentrantLock();
        final ConditionRounds rounds = new ConditionRounds(lock, lock::isLocked);

        @Actor
        public void waiter() {
            rounds.runWaiter(SignalOrInterruptExactlyOnce::awaitUntilSignalledOrInterrupted);
        }

        @Signal
        public void interruptAndSignal() {
            rounds.runSignaller(condition -> {
                condition.signal();
                return null;
            }, round -> interruptThenStagger(rounds, round));
        }
    }
}
