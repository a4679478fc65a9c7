package dev.bouncer;

import java.util.concurrent.locks.Condition;

/**
 * Test-only access to what {@code Condition.signal()} does not tell its caller: whether the signal
 * reached a waiter. It lives in the jcstress module, in the library's package, so that the litmus
 * tests in {@code dev.bouncer.jcstress.mutex} can check that a signal is consumed exactly once
 * (MX-I5) without the library exporting anything. Never part of the published jar.
 */
public final class SignalProbe {
    private SignalProbe() {
    }

    /**
     * Signals like {@link Condition#signal()}; the caller must hold the condition's mutex.
     *
     * @param condition a condition of a {@link Mutex}
     * @return whether a waiter took the signal: that await will return as signalled
     */
    public static boolean signal(Condition condition) {
        return ((MutexCondition) condition).signalOne();
    }
}
