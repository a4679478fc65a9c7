package dev.bouncer.jcstress.mutex;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Property: an unlock happens-before the next lock of the same mutex, so a thread that gets the
 * mutex sees every plain write its previous holder made under it, all or nothing.
 *
 * <p>Checks MX-E1 (the unlock's volatile store is read by the next acquiring CAS) and MX-I1. The
 * writer locks, writes two plain fields {@code x = 1} then {@code y = 1}, and unlocks; the reader
 * tries the mutex once and, if it got it, reads {@code x} and {@code y}. Result: {@code r1} is 1
 * when {@code tryLock} succeeded, {@code r2}, {@code r3} the values of {@code x} and {@code y}
 * (-1 when the try failed).
 *
 * <p><b>x86 cannot show the weak-memory form of this bug</b> (TSO keeps stores in order), so the
 * plain-store mutant {@code mutex-unlock-plain-write} runs only on weakly ordered hardware. Mutant
 * caught on x86: {@code mutex-lock-ignores-held} (the grant no longer checks the LOCKED bit), which
 * lets the reader in while the writer is between its two writes.
 *
 * <p>Run: {@code jcstress-tests/run quick}, or
 * {@code java -jar jcstress-tests/target/jcstress.jar -t LockSeesWritesBeforeUnlock}.
 */
public final class LockSeesWritesBeforeUnlock {
    private LockSeesWritesBeforeUnlock() {
    }

    /** Two plain fields written under the lock. */
    static final class Data {
        int x;
        int y;
    }

    static void write(Lock lock, Data data) {
        lock.lock();
        try {
            data.x = 1;
            data.y = 1;
        } finally {
            lock.unlock();
        }
    }

    static void tryRead(Lock lock, Data data, III_Result r) {
        if (lock.tryLock()) {
            try {
                r.r1 = 1;
                r.r2 = data.x;
                r.r3 = data.y;
            } finally {
                lock.unlock();
            }
        } else {
            r.r1 = 0;
            r.r2 = -1;
            r.r3 = -1;
        }
    }

    /** dev.bouncer.Mutex. */
    @JCStressTest
    @Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "the reader held the mutex first: saw neither write")
    @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "the reader came after the unlock: saw both writes")
    @Outcome(id = "0, -1, -1", expect = ACCEPTABLE, desc = "the writer held the mutex: the reader's try failed")
    @Outcome(id = "1, 1, 0", expect = FORBIDDEN, desc = "saw half the critical section: got in while the writer held it")
    @Outcome(id = "1, 0, 1", expect = FORBIDDEN, desc = "saw the second write without the first")
    @Outcome(expect = FORBIDDEN, desc = "impossible result")
    @State
    public static class Ours {
        final dev.bouncer.Mutex mutex = new dev.bouncer.Mutex();
        final Data data = new Data();

        @Actor
        public void writer() {
            write(mutex, data);
        }

        @Actor
        public void reader(III_Result r) {
            tryRead(mutex, data, r);
        }
    }

    /** Baseline: java.util.concurrent.locks.ReentrantLock. */
    @JCStressTest
    @Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "the reader held the lock first: saw neither write")
    @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "the reader came after the unlock: saw both writes")
    @Outcome(id = "0, -1, -1", expect = ACCEPTABLE, desc = "the writer held the lock: the reader's try failed")
    @Outcome(expect = FORBIDDEN, desc = "saw part of the critical section, or impossible result")
    @State
    public static class Jdk {
        final ReentrantLock lock = new ReentrantLock();
        final Data data = new Data();

        @Actor
        public void writer() {
            write(lock, data);
        }

        @Actor
        public void reader(III_Result r) {
            tryRead(lock, data, r);
        }
    }
}
