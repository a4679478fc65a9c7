package dev.bouncer.torture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bouncer.support.SemaphoreLike;
import dev.bouncer.support.Subjects;
import dev.bouncer.support.Threads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Millions of timed-out waits leave no garbage waiters behind (pitfalls.md #5): after them the heap,
 * measured after a full GC, has grown by less than {@link #HEAP_SLACK}, and the queue length is
 * back to the number of live waiters. Each case runs twice: on an idle primitive, and with one
 * untimed waiter parked in front of the timed-out ones (their nodes then sit behind a live node).
 * A leak of even one 32-byte node per call would show as about 64 MB.
 */
class TimedOutWaiterGarbageTest {
    private static final int THREADS = 2;
    private static final int CALLS_PER_THREAD = 1_000_000;
    private static final long HEAP_SLACK = 16L << 20;

    static List<Subjects.Subject<SemaphoreLike>> semaphores() {
        return Subjects.semaphores();
    }

    static List<Subjects.Subject<BlockingQueue<Long>>> queues() {
        return Subjects.queues();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("semaphores")
    void timedOutTryAcquiresLeaveNoWaiters(Subjects.Subject<SemaphoreLike> subject) throws Exception {
        SemaphoreLike semaphore = subject.create(1);
        int initial = semaphore.availablePermits();
        semaphore.acquireUninterruptibly(initial); // now empty: every timed try below times out
        TimedCall tryAcquire = () -> assertThat(semaphore.tryAcquire(1, 1, TimeUnit.NANOSECONDS)).isFalse();

        assertNoGarbage(subject.name() + " idle", tryAcquire, semaphore::getQueueLength, 0);

        Thread waiter = Threads.start("live-waiter", false, () -> semaphore.acquireUninterruptibly(1));
        assertThat(Threads.awaitCondition(() -> semaphore.getQueueLength() == 1,
                System.nanoTime() + TimeUnit.SECONDS.toNanos(10))).as("the live waiter queued").isTrue();
        assertNoGarbage(subject.name() + " behind a live waiter", tryAcquire, semaphore::getQueueLength, 1);
        semaphore.release(1);
        assertThat(Threads.joinAll(List.of(waiter), System.nanoTime() + TimeUnit.SECONDS.toNanos(10))).isEmpty();
        semaphore.release(1);
        semaphore.release(initial - 1);
        assertThat(semaphore.availablePermits()).isEqualTo(initial);
        assertThat(semaphore.hasQueuedThreads()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queues")
    void timedOutPollsLeaveNoWaiters(Subjects.Subject<BlockingQueue<Long>> subject) throws Exception {
        BlockingQueue<Long> queue = subject.create(4);
        TimedCall poll = () -> assertThat(queue.poll(1, TimeUnit.NANOSECONDS)).isNull();
        assertNoGarbage(subject.name() + " idle", poll, () -> 0, 0);

        Long[] taken = new Long[1];
        Thread taker = Threads.start("live-taker", false, () -> {
            try {
                taken[0] = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(Threads.awaitBlocked(taker, System.nanoTime() + TimeUnit.SECONDS.toNanos(10))).isTrue();
        assertNoGarbage(subject.name() + " behind a live taker", poll, () -> 0, 0);
        queue.put(7L);
        assertThat(Threads.joinAll(List.of(taker), System.nanoTime() + TimeUnit.SECONDS.toNanos(10))).isEmpty();
        assertThat(taken[0]).isEqualTo(7L);
        assertThat(queue).isEmpty();
    }

    /** The check itself can fail: a semaphore that keeps 48 bytes per timed-out call is caught. */
    @Test
    void leakingWaiterIsCaught() {
        List<byte[]> leaked = new ArrayList<>();
        TimedCall leaky = () -> {
            synchronized (leaked) {
                leaked.add(new byte[32]);
            }
        };
        assertThatThrownBy(() -> assertNoGarbage("leaky", leaky, () -> 0, 0))
                .isInstanceOf(AssertionError.class).hasMessageContaining("heap grew");
        assertThat(leaked).hasSize(THREADS * CALLS_PER_THREAD);
    }

    interface TimedCall {
        void call() throws Exception;
    }

    interface Count {
        int get();
    }

    /** Runs the call from several threads, then checks the heap and the live-waiter count. */
    static void assertNoGarbage(String what, TimedCall call, Count queueLength, int liveWaiters) {
        long before = usedHeapAfterGc();
        List<Throwable> errors = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            threads.add(Threads.start("timing-out-" + t, false, () -> {
                try {
                    for (int i = 0; i < CALLS_PER_THREAD; i++) {
                        call.call();
                    }
                } catch (Throwable e) {
                    synchronized (errors) {
                        errors.add(e);
                    }
                }
            }));
        }
        assertThat(Threads.joinAll(threads, System.nanoTime() + TimeUnit.SECONDS.toNanos(60))).isEmpty();
        assertThat(errors).isEmpty();
        long grown = usedHeapAfterGc() - before;
        System.out.printf("GARBAGE %s: %d timed-out calls, heap grew %d KB, queue length %d%n",
                what, (long) THREADS * CALLS_PER_THREAD, grown >> 10, queueLength.get());
        assertThat(grown).as(what + ": heap grew by " + (grown >> 10) + " KB").isLessThan(HEAP_SLACK);
        assertThat(queueLength.get()).as(what + ": queue length").isEqualTo(liveWaiters);
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
