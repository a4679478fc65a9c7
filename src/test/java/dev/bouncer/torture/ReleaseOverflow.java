package dev.bouncer.torture;

import dev.bouncer.Mutex;
import dev.bouncer.support.SemaphoreLike;
import dev.bouncer.support.Subjects;
import dev.bouncer.support.Threads;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.Lock;

/**
 * Runs in a forked JVM ({@link ReleaseOverflowTest}): a thread with a small stack recurses until it
 * overflows, taking and giving back the primitive in every frame, alone, on a primitive whose wait
 * queue exists but is empty. No waiter is parked, so no release reserves stack (QS-I8), and
 * the deepest point of each frame is inside the acquire or the release itself (which of the two is
 * varied by round). After each overflow the thread's own account (held only after an acquire
 * returned, not held only after a release returned) must match the primitive's exact state: a
 * release that threw released nothing.
 *
 * <p>Prints one {@code RELEASE-OVERFLOW} line, with where the overflows struck; exits 0 when every
 * round matched, 1 otherwise.
 */
public final class ReleaseOverflow {
    private static final int STACK_BYTES = 256 * 1024;

    private ReleaseOverflow() {
    }

    public static void main(String[] args) throws InterruptedException {
        Subjects.Subject<?> subject = Subjects.byName(args[0]);
        int rounds = Integer.parseInt(args[1]);
        Object primitive = subject.create(1);
        Frames frames = primitive instanceof Lock
                ? new LockFrames((Mutex) primitive)
                : new SemaphoreFrames((SemaphoreLike) primitive);
        frames.createEmptyQueue();

        Map<String, Integer> where = new TreeMap<>();
        int[] counts = new int[3]; // overflows, struck inside the primitive, mismatches
        Thread overflower = new Thread(null, () -> {
            for (int round = 0; round < rounds; round++) {
                frames.releaseDepth = round % 8;
                try {
                    frames.frame();
                } catch (StackOverflowError e) {
                    counts[0]++;
                    StackTraceElement[] stack = e.getStackTrace();
                    where.merge(Overflower.strikePoint(stack), 1, Integer::sum);
                    if (stack.length > 0 && stack[0].getClassName().startsWith("dev.bouncer.")
                            && !stack[0].getClassName().startsWith("dev.bouncer.torture.")) {
                        counts[1]++;
                    }
                }
                if (frames.held != frames.holdsNow()) {
                    counts[2]++;
                }
                frames.giveBack();
            }
        }, "overflower", STACK_BYTES);
        overflower.start();
        overflower.join();
        boolean ok = counts[0] == rounds && counts[2] == 0 && frames.free() && !frames.queued();
        System.out.printf("RELEASE-OVERFLOW primitive=%s rounds=%d overflows=%d inPrimitive=%d mismatches=%d"
                + " where=%s result=%s%n", subject.name(), rounds, counts[0], counts[1], counts[2], where,
                ok ? "OK" : "FAIL");
        System.exit(ok ? 0 : 1);
    }

    /**
     * One primitive behind the few operations the rig needs, and the account the overflowing thread
     * keeps in a plain field.
     */
    private abstract static class Frames {
        /**
         * Extra frames between the recursion and each release, varied by round. Whichever
         * operation reaches deepest in a frame is where the stack runs out; without this, the
         * acquire or the release would win every round by a few bytes, depending on the compiled
         * code, and the other would never be tested.
         */
        int releaseDepth;
        /** Held by this thread's own account: set after an acquire returned, cleared after a release did. */
        boolean held;

        /** Makes the wait queue exist (one waiter queues and is granted), then leaves it empty. */
        final void createEmptyQueue() throws InterruptedException {
            take();
            Thread waiter = Threads.start("waiter", false, () -> {
                take();
                give();
            });
            if (!Threads.awaitCondition(this::queued, System.nanoTime() + 10_000_000_000L)) {
                throw new AssertionError("the waiter did not queue within 10 s");
            }
            give();
            waiter.join();
        }

        /** Takes and gives back in this frame, then recurses, until the stack runs out. */
        final void frame() {
            if (takeInFrame()) {
                held = true; // plain field writes: they cannot overflow
                giveVia(releaseDepth);
                held = false;
            }
            frame();
        }

        private void giveVia(int extraFrames) {
            if (extraFrames == 0) {
                give();
            } else {
                giveVia(extraFrames - 1);
            }
        }

        /** Gives back what the round still holds, at a shallow depth. */
        final void giveBack() {
            if (holdsNow()) {
                give();
            }
            held = false;
        }

        /** An untimed, uninterruptible acquire. */
        abstract void take();

        /** The acquire each frame makes; true if it took the primitive. */
        abstract boolean takeInFrame();

        abstract void give();

        /** Whether this thread holds the primitive, exactly (it is alone once the queue exists). */
        abstract boolean holdsNow();

        /** Nobody holds the primitive. */
        abstract boolean free();

        abstract boolean queued();
    }

    private static final class LockFrames extends Frames {
        private final Mutex mutex;

        LockFrames(Mutex mutex) {
            this.mutex = mutex;
        }

        @Override
        void take() {
            mutex.lock();
        }

        @Override
        boolean takeInFrame() {
            mutex.lock();
            return true;
        }

        @Override
        void give() {
            mutex.unlock();
        }

        @Override
        boolean holdsNow() {
            return mutex.isHeldByCurrentThread();
        }

        @Override
        boolean free() {
            return !mutex.isLocked(); // also catches a mutex locked with no owner
        }

        @Override
        boolean queued() {
            return mutex.hasQueuedThreads();
        }
    }

    private static final class SemaphoreFrames extends Frames {
        private final SemaphoreLike semaphore;

        SemaphoreFrames(SemaphoreLike semaphore) {
            this.semaphore = semaphore;
        }

        @Override
        void take() {
            semaphore.acquireUninterruptibly(1);
        }

        @Override
        boolean takeInFrame() {
            return semaphore.tryAcquire(1);
        }

        @Override
        void give() {
            semaphore.release(1);
        }

        @Override
        boolean holdsNow() {
            return semaphore.availablePermits() == 0; // one permit, one thread
        }

        @Override
        boolean free() {
            return semaphore.availablePermits() == 1;
        }

        @Override
        boolean queued() {
            return semaphore.hasQueuedThreads();
        }
    }
}
