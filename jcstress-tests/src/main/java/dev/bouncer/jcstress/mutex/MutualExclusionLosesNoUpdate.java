package dev.bouncer.jcstress.mutex;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Property: two threads that each lock, increment a plain field and unlock are never inside the
 * critical section together, so no increment is lost.
 *
 * <p>Checks MX-I1 (LOCKED goes 0 to 1 only by a CAS, the only grant) and MX-E1 (the unlock's store
 * is seen by the next lock's CAS, together with the increment before it). Each locker records the
 * value it read before incrementing; the arbiter records the final value. Result: {@code r1},
 * {@code r2} the values the two lockers read, {@code r3} the final count.
 *
 * <p>Mutants caught: {@code mutex-tryacquire-plain-rmw} (lock reads LOCKED clear and then writes it
 * with a plain store instead of a CAS: both lockers get in) and {@code mutex-lock-ignores-held}
 * (the grant's CAS no longer checks the LOCKED bit). When both get in, both read 0 and one
 * increment is lost; or the second owner write overwrites the first, and one unlock throws
 * {@code IllegalMonitorStateException} (an ERROR, also forbidden).
 *
 * <p>Run: {@code jcstress-tests/run quick}, or
 * {@code java -jar jcstress-tests/target/jcstress.jar -t MutualExclusionLosesNoUpdate}.
 */
public final class MutualExclusionLosesNoUpdate {
    private MutualExclusionLosesNoUpdate() {
    }

    /** The critical section: returns the value read, stores it plus one. */
    static int increment(Lock lock, int[] counter) {
        lock.lock();
        try {
            int seen = counter[0];
            counter[0] = seen + 1;
            return seen;
        } finally {
            lock.unlock();
        }
    }

    /** dev.bouncer.Mutex. */
    @JCStressTest
    @Outcome(id = "0, 1, 2", expect = ACCEPTABLE, desc = "locker 1 first, then locker 2")
    @Outcome(id = "1, 0, 2", expect = ACCEPTABLE, desc = "locker 2 first, then locker 1")
    @Outcome(id = "0, 0, 1", expect = FORBIDDEN, desc = "both inside at once: one increment lost")
    @Outcome(expect = FORBIDDEN, desc = "impossible result")
    @State
    public static class Ours {
        final dev.bouncer.Mutex mutex = new dev.bouncer.Mutex();
        final int[] counter = new int[1]; // plain: only the mutex orders it

        @Actor
        public void locker1(III_Result r) {
            r.r1 = increment(mutex, counter);
        }

        @Actor
        public void locker2(III_Result r) {
            r.r2 = increment(mutex, counter);
        }

        @Arbiter
        public void total(III_Result r) {
            r.r3 = counter[0];
        }
    }

    /** Baseline: java.util.concurrent.locks.ReentrantLock. */
    @JCStressTest
    @Outcome(id = "0, 1, 2", expect = ACCEPTABLE, desc = "locker 1 first, then locker 2")
    @Outcome(id = "1, 0, 2", expect = ACCEPTABLE, desc = "locker 2 first, then locker 1")
    @Outcome(expect = FORBIDDEN, desc = "both inside at once, or impossible result")
    @State
    public static class Jdk {
        final ReentrantLock lock = new ReentrantLock();
        final int[] counter = new int[1];

        @Actor
        public void locker1(III_Result r) {
            r.r1 = increment(lock, counter);
        }

        @Actor
        public void locker2(III_Result r) {
            r.r2 = increment(lock, counter);
        }

        @Arbiter
        public void total(III_Result r) {
            r.r3 = counter[0];
        }
    }
}
