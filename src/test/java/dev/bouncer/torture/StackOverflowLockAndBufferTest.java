package dev.bouncer.torture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bouncer.Mutex;
import dev.bouncer.support.Subjects;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A {@link StackOverflowError} that strikes inside a {@link Mutex} (and its condition) or a
 * {@link dev.bouncer.BoundedBuffer} leaves it consistent and the other threads running (pitfalls.md #13;
 * QS-I8, BB-I9). The rig is {@link Overflower}, as for the semaphores in
 * {@link StackOverflowTest}.
 *
 * <p>The contract checked: an operation that throws {@code StackOverflowError} has taken or given
 * nothing. A lock, tryLock or lockInterruptibly that throws leaves the mutex not held by the caller;
 * an unlock that throws leaves it held; an await or signal that throws leaves it held, with no node
 * of the caller left behind on the condition or in the queue. A put or offer that throws has not
 * added its element; a take or poll that throws has removed none.
 *
 * <p>Once the JIT has inlined the primitives, overflows strike almost only in the first
 * {@code StackHeadroom} reservation of each call; interpreted frames are where a second, deeper
 * reservation can fail. {@code ./mvnw test -Dtest='StackOverflow*' -DargLine=-Xint} makes every call
 * a frame (it takes about a minute), which pins down a step that reserves too little.
 */
@Tag("stack-overflow")
class StackOverflowLockAndBufferTest {
    private static final int ROUNDS = 30; // CI cost: each round is one full overflow, with parking
    private static final int CAPACITY = 2;

    static List<Subjects.Subject<Lock>> locks() {
        return Subjects.BOUNCER_LOCKS;
    }

    static List<Subjects.Subject<BlockingQueue<Long>>> queues() {
        return Subjects.BOUNCER_QUEUES;
    }

    /**
     * The overflower locks, tries, unlocks, awaits and signals in its frames while three helpers
     * lock it untimed (one signals the condition, one awaits it briefly), so it is contended and
     * its condition has waiters. Accounting: the overflower's own idea of whether it holds the
     * mutex (set only after an acquire or await returned, cleared only after unlock returned) must
     * match {@link Mutex#isHeldByCurrentThread()}, which is exact, at the end of every round.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("locks")
    void overflowInsideTheMutexLeavesItConsistent(Subjects.Subject<Lock> subject) {
        Mutex mutex = (Mutex) subject.create(0);
        Condition condition = mutex.newCondition();
        AtomicInteger exclusionViolations = new AtomicInteger();
        MutexOverflower overflower = new MutexOverflower(mutex, condition, exclusionViolations);
        Runnable signaller = () -> helperStep(mutex, overflower, condition::signal);
        Runnable plain = () -> helperStep(mutex, overflower, () -> { });
        Runnable waiter = () -> helperStep(mutex, overflower, () -> {
            overflower.leave();
            try {
                condition.awaitNanos(20_000L); // timed: nobody owes it a signal
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            overflower.enter();
        });
        Overflower.Result result = Overflower.drive(overflower, List.of(signaller, plain, waiter));
        String state = "locked=" + mutex.isLocked() + " queueLength=" + mutex.getQueueLength();
        System.out.printf("SOE %s: %s heldMismatches=%d exclusionViolations=%d %s%n", subject.name(),
                result.summary(), overflower.heldMismatches, exclusionViolations.get(), state);

        result.assertRanAndNothingStuck(ROUNDS, state);
        assertThat(overflower.heldMismatches)
                .as("rounds where an operation that threw had taken or released the mutex; they struck at %s"
                        + " (%s)", overflower.mismatchStrikes, result.summary()).isZero();
        assertThat(exclusionViolations.get()).as("two threads inside the mutex at once").isZero();
        assertThat(mutex.isLocked()).as("isLocked() when quiet").isFalse();
        assertThat(mutex.getQueueLength()).as("getQueueLength() when quiet").isZero();
        assertThat(mutex.hasQueuedThreads()).as("hasQueuedThreads() when quiet").isFalse();
        mutex.lock();
        condition.signalAll(); // a node an overflow left on the condition would be queued now
        mutex.unlock();
        assertThat(mutex.getQueueLength()).as("getQueueLength() after signalAll when quiet").isZero();
        assertThat(tryLockNow(mutex)).as("fair tryLock(0) when quiet").isTrue();
        mutex.unlock();
    }

    /** One helper step: lock untimed (a lost wakeup or a dead node leaves it stuck), act, unlock. */
    private static void helperStep(Mutex mutex, MutexOverflower overflower, Runnable inside) {
        mutex.lock();
        overflower.enter();
        inside.run();
        overflower.leave();
        mutex.unlock();
        Thread.yield(); // a nonfair mutex would otherwise starve the queued overflower
    }

    private static boolean tryLockNow(Mutex mutex) {
        try {
            return mutex.tryLock(0, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Locks, tries, unlocks, awaits and signals in its frames. */
    private static final class MutexOverflower extends Overflower {
        private final Mutex mutex;
        private final Condition condition;
        private final AtomicInteger exclusionViolations;
        /** Who is inside the mutex by the threads' own account; a mutual-exclusion check. */
        private volatile Thread occupant;
        private Thread self;
        /** Whether this thread holds the mutex by its own account (plain: updating it cannot overflow). */
        private boolean held;
        int heldMismatches;
        /** Where the overflow struck in each round that mismatched. */
        final List<String> mismatchStrikes = new ArrayList<>();

        MutexOverflower(Mutex mutex, Condition condition, AtomicInteger exclusionViolations) {
            super(ROUNDS);
            this.mutex = mutex;
            this.condition = condition;
            this.exclusionViolations = exclusionViolations;
        }

        /** A helper's enter: nobody else may be inside. */
        void enter() {
            if (occupant != null) {
                exclusionViolations.incrementAndGet();
            }
            occupant = Thread.currentThread();
        }

        void leave() {
            occupant = null;
        }

        @Override
        void step(int choice) throws InterruptedException {
            if (self == null) {
                self = Thread.currentThread();
            }
            if (held) {
                if (choice <= 3) {
                    occupant = null;
                    mutex.unlock();
                    held = false;
                } else if (choice == 4) {
                    occupant = null;
                    condition.awaitNanos(1_000L); // returns holding the mutex (MX-I6)
                    overflowerEnters();
                } else if (choice == 5) {
                    occupant = null;
                    condition.await(); // the signaller helper wakes it
                    overflowerEnters();
                } else if (choice == 6) {
                    condition.signal(); // the waiter helper may be on the condition
                }
                return;
            }
            boolean acquired;
            if (choice <= 2) {
                mutex.lock(); // parks behind the helpers, deep in the stack
                acquired = true;
            } else if (choice == 3) {
                acquired = mutex.tryLock();
            } else if (choice <= 5) {
                acquired = mutex.tryLock(1, TimeUnit.NANOSECONDS); // queues and cancels
            } else if (choice == 6) {
                mutex.lockInterruptibly();
                acquired = true;
            } else {
                acquired = mutex.tryLock(50, TimeUnit.MICROSECONDS);
            }
            if (acquired) {
                held = true;
                overflowerEnters();
            }
        }

        /** The overflower's enter: a field write and a read, no call (see Overflower). */
        private void overflowerEnters() {
            if (occupant != null) {
                exclusionViolations.incrementAndGet(); // a call, but only on a violation
            }
            occupant = self;
        }

        @Override
        void endRound() {
            if (held != mutex.isHeldByCurrentThread()) {
                heldMismatches++;
                mismatchStrikes.add((held ? "held, not by the mutex: " : "not held, held by the mutex: ")
                        + lastStrike);
            }
            if (mutex.isHeldByCurrentThread()) {
                occupant = null;
                mutex.unlock();
            }
            held = false;
        }
    }

    /**
     * The overflower puts, offers, takes and polls unique ids in its frames on a buffer of
     * capacity 2, while three helpers each put an id and take one, untimed, so the buffer is full
     * and producers park. Exactly-once delivery by ids: every id taken or left in the buffer must
     * have been added by a put or offer that returned (true), and be delivered once; every such id
     * must be delivered. So a put that threw and still added, or a take that threw and still
     * removed, shows up as an id that should not exist, or a lost one.
     *
     * <p>Why nobody waits for ever: every thread holds at most one of its own ids in the buffer
     * (helpers take right after they put; the overflower puts only while it has none in there and
     * takes one back at the end of a round), so a take always has an element coming, and a put
     * blocks only while some other thread is about to take.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("queues")
    void overflowInsideTheBufferLosesAndDuplicatesNothing(Subjects.Subject<BlockingQueue<Long>> subject) {
        BlockingQueue<Long> buffer = subject.create(CAPACITY);
        Set<Long> added = ConcurrentHashMap.newKeySet();
        Set<Long> delivered = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        AtomicLong ids = new AtomicLong();
        BufferOverflower overflower = new BufferOverflower(buffer, ids, added, delivered, duplicates);
        Runnable helper = () -> {
            Long id = ids.incrementAndGet();
            try {
                buffer.put(id); // untimed: a lost wakeup leaves it stuck
                added.add(id);
                Long e = buffer.take();
                if (!delivered.add(e)) {
                    duplicates.incrementAndGet();
                }
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        };
        Overflower.Result result = Overflower.drive(overflower, List.of(helper, helper, helper));
        int sizeWhenQuiet = buffer.size();
        int remainingWhenQuiet = buffer.remainingCapacity();
        int left = 0;
        for (Long e = buffer.poll(); e != null; e = buffer.poll()) {
            left++;
            if (!delivered.add(e)) {
                duplicates.incrementAndGet();
            }
        }
        Set<Long> phantom = ConcurrentHashMap.newKeySet();
        phantom.addAll(delivered);
        phantom.removeAll(added);
        Set<Long> lost = ConcurrentHashMap.newKeySet();
        lost.addAll(added);
        lost.removeAll(delivered);
        String state = "size=" + sizeWhenQuiet + " remaining=" + remainingWhenQuiet + " left=" + left;
        System.out.printf("SOE %s: %s added=%d delivered=%d duplicates=%d phantom=%d lost=%d %s%n",
                subject.name(), result.summary(), added.size(), delivered.size(), duplicates.get(),
                phantom.size(), lost.size(), state);

        result.assertRanAndNothingStuck(ROUNDS, state);
        assertThat(duplicates.get()).as("ids delivered twice").isZero();
        assertThat(phantom).as("ids delivered that no put which returned had added").isEmpty();
        assertThat(lost).as("ids added and never delivered").isEmpty();
        assertThat(sizeWhenQuiet + remainingWhenQuiet).as("size + remainingCapacity when quiet")
                .isEqualTo(CAPACITY);
        assertThat(sizeWhenQuiet).as("size() when quiet, as the elements polled").isEqualTo(left);
        assertThat(buffer.remainingCapacity()).as("remainingCapacity() when drained").isEqualTo(CAPACITY);
        assertThat(buffer.offer(-1L)).as("offer when drained").isTrue();
        assertThat(buffer.poll()).as("poll after it").isEqualTo(-1L);
    }

    /** Puts and takes ids in its frames, recording them in arrays (no call after the operation). */
    private static final class BufferOverflower extends Overflower {
        private final BlockingQueue<Long> buffer;
        private final AtomicLong ids;
        private final Set<Long> added;
        private final Set<Long> delivered;
        private final AtomicInteger duplicates;
        /** This round's ids that a put or offer added, and the elements a take or poll removed. */
        private final Object[] roundAdded = new Object[1 << 16];
        private final Object[] roundTaken = new Object[1 << 16];
        private int addedCount;
        private int takenCount;
        /** How many of its own ids this thread has in the buffer: 0 or 1. */
        private int inBuffer;

        BufferOverflower(BlockingQueue<Long> buffer, AtomicLong ids, Set<Long> added, Set<Long> delivered,
                AtomicInteger duplicates) {
            super(ROUNDS);
            this.buffer = buffer;
            this.ids = ids;
            this.added = added;
            this.delivered = delivered;
            this.duplicates = duplicates;
        }

        @Override
        void step(int choice) throws InterruptedException {
            if (inBuffer == 0) {
                Long id = ids.incrementAndGet(); // calls, but before the operation
                if (choice <= 3) {
                    buffer.put(id); // parks while the helpers fill the buffer
                } else if (choice <= 5) {
                    if (!buffer.offer(id, 1, TimeUnit.NANOSECONDS)) { // queues and cancels
                        return;
                    }
                } else if (choice == 6) {
                    if (!buffer.offer(id)) {
                        return;
                    }
                } else {
                    return;
                }
                roundAdded[addedCount++] = id;
                inBuffer = 1;
                return;
            }
            Object e;
            if (choice <= 3) {
                e = buffer.take();
            } else if (choice <= 5) {
                e = buffer.poll(1, TimeUnit.NANOSECONDS);
            } else if (choice == 6) {
                e = buffer.poll();
            } else {
                return;
            }
            if (e != null) {
                roundTaken[takenCount++] = e;
                inBuffer = 0;
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        void endRound() {
            try {
                if (inBuffer == 1) {
                    roundTaken[takenCount++] = buffer.take(); // some element is coming (see the test)
                    inBuffer = 0;
                }
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            for (int i = 0; i < addedCount; i++) {
                added.add((Long) roundAdded[i]);
            }
            for (int i = 0; i < takenCount; i++) {
                if (!delivered.add((Long) roundTaken[i])) {
                    duplicates.incrementAndGet();
                }
            }
            addedCount = 0;
            takenCount = 0;
        }
    }
}
