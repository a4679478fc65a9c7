package dev.bouncer.torture;

import dev.bouncer.Mutex;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.Lock;

/**
 * Runs in a forked JVM ({@link ReleaseOverflowTest}): a thread with a small stack recurses until it
 * overflows, taking and giving back the primitive in every frame, alone, on a primitive whose wait
 * queue exists but is empty. No waiter is parked, so no release reserves stack (WaitQueue I8), and
 * the deepest point of each frame is inside the acquire or the release itself (which of the two is
 * varied by round). After each overflow
 * the thread's own account (held only after an acquire returned, not held only after a release
 * returned) must match the primitive's exact state: a release that threw released nothing.
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
                frames.releaseDepth = round % 4;
                try {
                    frames.frame();
                } catch (StackOverflowError e) {
                    counts[0]++;
                    StackTraceElement top = e.getStackTrace().length == 0 ? null : e.getStackTrace()[0];
                    String point = top == null ? "?" : simpleName(top) + "." + top.getMethodName() + ":"
                            + top.getLineNumber();
                    where.merge(point, 1, Integer::sum);
                    if (top != null && top.getClassName().startsWith("dev.bouncer.")
                            && !top.getClassName().startsWith("dev.bouncer.torture.")) {
                        counts[1]++;
                    }
                }
                if (!frames.accountMatches()) {
                    counts[2]++;
                }
                frames.giveBack();
            }
        }, "overflower", STACK_BYTES);
        overflower.start();
        overflower.join();
        boolean ok = counts[0] == rounds && counts[2] == 0 && frames.quiet();
        System.out.printf("RELEASE-OVERFLOW primitive=%s rounds=%d overflows=%d inPrimitive=%d mismatches=%d"
                + " where=%s result=%s%n", subject.name(), rounds, counts[0], counts[1], counts[2], where,
                ok ? "OK" : "FAIL");
        System.exit(ok ? 0 : 1);
    }

    private static String simpleName(StackTraceElement frame) {
        String name = frame.getClassName();
        return name.substring(name.lastIndexOf('.') + 1);
    }

    /** One primitive's frame, and the account the overflowing thread keeps in plain fields. */
    private abstract static class Frames {
        /**
         * Extra frames between the recursion and each release, varied by round. Whichever
         * operation reaches deepest in a frame is where the stack runs out; without this, the
         * acquire or the release would win every round by a few bytes, depending on the compiled
         * code, and the other would never be tested.
         */
        int releaseDepth;

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

        /** An untimed, uninterruptible acquire, at a shallow depth. */
        abstract void take();

        abstract void give();

        abstract boolean queued();

        /** Takes and gives back in this frame, then recurses, until the stack runs out. */
        abstract void frame();

        abstract boolean accountMatches();

        /** Gives back what the round still holds, at a shallow depth. */
        abstract void giveBack();

        /** Free, nobody queued. */
        abstract boolean quiet();
    }

    private static final class LockFrames extends Frames {
        private final Mutex mutex;
        private boolean held;

        LockFrames(Mutex mutex) {
            this.mutex = mutex;
        }

        @Override
        void take() {
            mutex.lock();
        }

        @Override
        void give() {
            mutex.unlock();
        }

        @Override
        boolean queued() {
            return mutex.hasQueuedThreads();
        }

        @Override
        void frame() {
            mutex.lock();
            held = true; // plain field writes: they cannot overflow
            unlockVia(releaseDepth);
            held = false;
            frame();
        }

        private void unlockVia(int extraFrames) {
            if (extraFrames == 0) {
                mutex.unlock();
            } else {
                unlockVia(extraFrames - 1);
            }
        }

        @Override
        boolean accountMatches() {
            return held == mutex.isHeldByCurrentThread();
        }

        @Override
        void giveBack() {
            if (mutex.isHeldByCurrentThread()) {
                mutex.unlock();
            }
            held = false;
        }

        @Override
        boolean quiet() {
            return !mutex.isLocked() && !mutex.hasQueuedThreads();
        }
    }

    private static final class SemaphoreFrames extends Frames {
        private final SemaphoreLike semaphore;
        private int taken;

        SemaphoreFrames(SemaphoreLike semaphore) {
            this.semaphore = semaphore;
        }

        @Override
        void take() {
            semaphore.acquireUninterruptibly(1);
        }

        @Override
        void give() {
            semaphore.release(1);
        }

        @Override
        boolean queued() {
            return semaphore.hasQueuedThreads();
        }

        @Override
        void frame() {
            if (semaphore.tryAcquire(1)) {
                taken = 1;
                releaseVia(releaseDepth);
                taken = 0;
            }
            frame();
        }

        private void releaseVia(int extraFrames) {
            if (extraFrames == 0) {
                semaphore.release(1);
            } else {
                releaseVia(extraFrames - 1);
            }
        }

        @Override
        boolean accountMatches() {
            return semaphore.availablePermits() == 1 - taken;
        }

        @Override
        void giveBack() {
            if (semaphore.availablePermits() == 0) {
                semaphore.release(1);
            }
            taken = 0;
        }

        @Override
        boolean quiet() {
            return semaphore.availablePermits() == 1 && !semaphore.hasQueuedThreads();
        }
    }
}
