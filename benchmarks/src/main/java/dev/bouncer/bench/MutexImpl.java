package dev.bouncer.bench;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The locks a mutex benchmark compares, as the values of one enum {@code @Param}, so that every
 * run measures bouncer's {@link dev.bouncer.Mutex}, the JDK's {@link ReentrantLock} and the
 * built-in monitor side by side under the same harness.
 *
 * <p>A monitor cannot be entered in one method and exited in another, so every value is reached
 * through {@link Exclusive}, whose methods hold the lock for their whole body. JMH forks a fresh
 * JVM per parameter combination, so each call site sees one receiver class and the JIT inlines it
 * behind one type check, the same cost for every value.
 */
public enum MutexImpl {
    /** {@link dev.bouncer.Mutex}. */
    BOUNCER {
        @Override
        public Exclusive create(boolean fair) {
            return new LockExclusive(new dev.bouncer.Mutex(fair));
        }
    },
    /** {@link ReentrantLock}, the baseline. */
    JDK_REENTRANT_LOCK {
        @Override
        public Exclusive create(boolean fair) {
            return new LockExclusive(new ReentrantLock(fair));
        }
    },
    /** A {@code synchronized} block on a private object; the monitor has no fair mode. */
    SYNCHRONIZED {
        @Override
        public boolean hasFairMode() {
            return false;
        }

        @Override
        public Exclusive create(boolean fair) {
            if (fair) {
                throw new IllegalArgumentException("synchronized has no fair mode");
            }
            return new MonitorExclusive();
        }
    };

    /**
     * Whether {@code create(true, ...)} exists. The combinations without one are not measured:
     * {@code benchmarks/run} leaves them out with {@code -p}, and a benchmark run by hand
     * fails them at setup with a message that says so, instead of measuring the nonfair lock twice.
     */
    public boolean hasFairMode() {
        return true;
    }

    /** Creates a fresh, unlocked instance with the given fairness. */
    public abstract Exclusive create(boolean fair);

    /** The {@code -p} arguments that select every combination of impl and fairness that exists. */
    static String combinationsHelp() {
        return "run the fair combinations with -p impl=BOUNCER,JDK_REENTRANT_LOCK -p fair=false,true "
                + "and the monitor with -p impl=SYNCHRONIZED -p fair=false (as benchmarks/run does)";
    }

    /** The critical sections the benchmarks time; each holds the lock for its whole body. */
    public interface Exclusive {
        /** Locks and unlocks at once, with nothing in between. */
        void lockUnlock();

        /** Locks, burns {@code workTokens} of {@link Blackhole#consumeCPU}, unlocks. */
        void lockWorkUnlock(long workTokens);
    }

    /** Any {@link Lock}: {@link dev.bouncer.Mutex} or {@link ReentrantLock}. */
    private static final class LockExclusive implements Exclusive {
        private final Lock lock;

        LockExclusive(Lock lock) {
            this.lock = lock;
        }

        @Override
        public void lockUnlock() {
            lock.lock();
            lock.unlock();
        }

        @Override
        public void lockWorkUnlock(long workTokens) {
            lock.lock();
            try {
                Blackhole.consumeCPU(workTokens);
            } finally {
                lock.unlock();
            }
        }
    }

    /** The built-in monitor of an object that nothing else can see, so nothing else locks it. */
    private static final class MonitorExclusive implements Exclusive {
        private final Object monitor = new Object();

        @Override
        public void lockUnlock() {
            synchronized (monitor) {
                // Empty on purpose, as in the Lock version: entering and leaving is what is timed.
                // The monitor escapes into this object, so the JIT cannot elide the lock.
            }
        }

        @Override
        public void lockWorkUnlock(long workTokens) {
            synchronized (monitor) {
                Blackhole.consumeCPU(workTokens);
            }
        }
    }
}
