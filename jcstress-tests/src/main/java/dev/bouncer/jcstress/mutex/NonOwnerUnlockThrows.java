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
 * Property: an {@code unlock} by a thread that does not hold the mutex always throws
 * {@code IllegalMonitorStateException} and changes nothing, even while the owner is locking and
 * unlocking at the same moment: the owner's own unlock succeeds, and the mutex ends unlocked, never
 * released twice nor released from under its owner.
 *
 * <p>Checks MX-I2 (only the holder writes the owner, so a thread reads itself there exactly
 * while it holds the mutex, although the field is plain) and MX-I3 (a failed ownership check throws
 * before any write). The owner locks and unlocks; the intruder unlocks once. Result: {@code r1} is
 * 1 when the owner's unlock threw, {@code r2} is 1 when the intruder's unlock threw, {@code r3} is
 * 1 when the mutex is locked afterwards.
 *
 * <p>Mutant caught: {@code mutex-unlock-checks-locked-not-owner} (unlock checks only that the
 * mutex is locked, the binary-semaphore mistake): an intruder that comes while the owner holds the
 * mutex releases it, and the owner's unlock then throws.
 *
 * <p>Run: {@code jcstress-tests/run quick}, or
 * {@code java -jar jcstress-tests/target/jcstress.jar -t NonOwnerUnlockThrows}.
 */
public final class NonOwnerUnlockThrows {
    private NonOwnerUnlockThrows() {
    }

    /** 1 if unlock threw IllegalMonitorStateException, 0 if it returned. */
    static int unlockThrew(Lock lock) {
        try {
            lock.unlock();
            return 0;
        } catch (IllegalMonitorStateException e) {
            return 1;
        }
    }

    /** dev.bouncer.Mutex. */
    @JCStressTest
    @Outcome(id = "0, 1, 0", expect = ACCEPTABLE, desc = "the owner unlocked, the intruder was refused, the mutex is free")
    @Outcome(id = "1, 0, 0", expect = FORBIDDEN, desc = "the intruder released the owner's mutex; the owner's unlock then threw")
    @Outcome(id = "0, 0, 0", expect = FORBIDDEN, desc = "released twice: the intruder's unlock was accepted too")
    @Outcome(expect = FORBIDDEN, desc = "ownership check broken, or the mutex left locked")
    @State
    public static class Ours {
        final dev.bouncer.Mutex mutex = new dev.bouncer.Mutex();

        @Actor
        public void owner(III_Result r) {
            mutex.lock();
            r.r1 = unlockThrew(mutex);
        }

        @Actor
        public void intruder(III_Result r) {
            r.r2 = unlockThrew(mutex);
        }

        @Arbiter
        public void lockedAfterwards(III_Result r) {
            r.r3 = mutex.isLocked() ? 1 : 0;
        }
    }

    /** Baseline: java.util.concurrent.locks.ReentrantLock. */
    @JCStressTest
    @Outcome(id = "0, 1, 0", expect = ACCEPTABLE, desc = "the owner unlocked, the intruder was refused, the lock is free")
    @Outcome(expect = FORBIDDEN, desc = "ownership check broken, or the lock left locked")
    @State
    public static class Jdk {
        final ReentrantLock lock = new ReentrantLock();

        @Actor
        public void owner(III_Result r) {
            lock.lock();
            r.r1 = unlockThrew(lock);
        }

        @Actor
        public void intruder(III_Result r) {
            r.r2 = unlockThrew(lock);
        }

        @Arbiter
        public void lockedAfterwards(III_Result r) {
            r.r3 = lock.isLocked() ? 1 : 0;
        }
    }
}
