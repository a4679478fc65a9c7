package dev.bouncer.jcstress.mutex;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Property: an unlock is ordered before every later volatile read of the unlocking thread. Two
 * threads that each lock and unlock their own mutex and then ask whether the other's is locked
 * cannot both find the other one still locked (store buffering, the Dekker pattern).
 *
 * <p>Checks MX-E2, on which the no-lost-wakeup argument rests: {@code release} stores
 * {@code state = 0} and then reads the queue, while an arriving waiter publishes itself in the
 * queue and then reads {@code state}. If the store could pass the read, each side could miss the
 * other, and the waiter would park on a free mutex. Here the same shape with public calls only:
 * each locker's unlock (the volatile store) is followed by {@code isLocked()} of the other mutex
 * (a volatile read). Each read comes after its own actor's lock (a CAS), so a read that returns
 * "locked" saw the other actor between its lock and its unlock. For both reads to do that, each
 * read would have to precede the other actor's unlock, which follows that actor's own read: a
 * cycle, impossible when the unlock is a volatile store (one synchronization order).
 * Result: {@code r1}, {@code r2} are 1 when that locker found the other mutex locked.
 *
 * <p>x86 can show this bug: TSO lets a load pass an earlier store through the store buffer.
 * Mutant caught: {@code mutex-unlock-without-fence} (the unlock store becomes {@code setRelease},
 * the bug docs/mutex.md discusses under MX-E2): both unlocks wait in their store buffers while both reads
 * see the other mutex locked.
 *
 * <p>Run: {@code jcstress-tests/run quick}, or
 * {@code java -jar jcstress-tests/target/jcstress.jar -t UnlockIsOrderedBeforeLaterReads}.
 */
public final class UnlockIsOrderedBeforeLaterReads {
    private UnlockIsOrderedBeforeLaterReads() {
    }

    static void lockAndUnlock(Lock mine) {
        mine.lock();
        mine.unlock();
    }

    /** dev.bouncer.Mutex. */
    @JCStressTest
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "each looked after the other's unlock, or before its lock")
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "locker 1 looked while locker 2 held its mutex")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "locker 2 looked while locker 1 held its mutex")
    @Outcome(id = "1, 1", expect = FORBIDDEN, desc = "store buffering: each read passed its own unlock")
    @Outcome(expect = FORBIDDEN, desc = "impossible result")
    @State
    public static class Ours {
        final dev.bouncer.Mutex mutex1 = new dev.bouncer.Mutex();
        final dev.bouncer.Mutex mutex2 = new dev.bouncer.Mutex();

        @Actor
        public void locker1(II_Result r) {
            lockAndUnlock(mutex1);
            r.r1 = mutex2.isLocked() ? 1 : 0;
        }

        @Actor
        public void locker2(II_Result r) {
            lockAndUnlock(mutex2);
            r.r2 = mutex1.isLocked() ? 1 : 0;
        }
    }

    /** Baseline: java.util.concurrent.locks.ReentrantLock. */
    @JCStressTest
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "each looked after the other's unlock, or before its lock")
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "locker 1 looked while locker 2 held its lock")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "locker 2 looked while locker 1 held its lock")
    @Outcome(expect = FORBIDDEN, desc = "store buffering, or impossible result")
    @State
    public static class Jdk {
        final ReentrantLock lock1 = new ReentrantLock();
        final ReentrantLock lock2 = new ReentrantLock();

        @Actor
        public void locker1(II_Result r) {
            lockAndUnlock(lock1);
            r.r1 = lock2.isLocked() ? 1 : 0;
        }

        @Actor
        public void locker2(II_Result r) {
            lockAndUnlock(lock2);
            r.r2 = lock1.isLocked() ? 1 : 0;
        }
    }
}
