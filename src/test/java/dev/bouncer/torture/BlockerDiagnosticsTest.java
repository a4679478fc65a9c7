package dev.bouncer.torture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bouncer.support.SemaphoreLike;
import dev.bouncer.support.Subjects;
import dev.bouncer.support.Threads;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Diagnostics: a thread parked in any blocking method of any primitive shows that primitive as its
 * park blocker ({@link LockSupport#getBlocker}), which is what thread dumps and profilers print.
 * For bouncer classes the blocker must be the primitive itself; the JDK stand-ins park on their
 * internal synchronizer, which {@link Subjects.Subject#isBlocker} accepts for them.
 */
class BlockerDiagnosticsTest {
    private static final long SECONDS_10 = TimeUnit.SECONDS.toNanos(10);

    /** A blocking call, and what ends it. */
    private interface Blocking {
        void call() throws InterruptedException;
    }

    @TestFactory
    Stream<DynamicTest> everyBlockingMethodShowsItsPrimitiveAsBlocker() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Subjects.Subject<SemaphoreLike> subject : Subjects.semaphores()) {
            semaphoreCases(subject, tests);
        }
        for (Subjects.Subject<Lock> subject : Subjects.locks()) {
            lockCases(subject, tests);
        }
        for (Subjects.Subject<BlockingQueue<Long>> subject : Subjects.queues()) {
            queueCases(subject, tests);
        }
        return tests.stream();
    }

    private static void semaphoreCases(Subjects.Subject<SemaphoreLike> subject, List<DynamicTest> tests) {
        List<String> names = new ArrayList<>(List.of("acquire(1)", "acquireUninterruptibly(1)",
                "tryAcquire(1, 10, SECONDS)"));
        if (subject.create(1) instanceof dev.bouncer.Semaphore) {
            names.addAll(List.of("acquire()", "acquireUninterruptibly()", "tryAcquire(10, SECONDS)"));
        }
        for (String name : names) {
            tests.add(DynamicTest.dynamicTest(subject.name() + " " + name, () -> {
                SemaphoreLike semaphore = subject.create(1);
                semaphore.acquireUninterruptibly(semaphore.availablePermits());
                Blocking call = semaphoreCall(name, semaphore);
                checkBlocker(call, b -> subject.isBlocker().test(semaphore, b), () -> semaphore.release(1));
            }));
        }
    }

    private static Blocking semaphoreCall(String name, SemaphoreLike semaphore) {
        switch (name) {
            case "acquire(1)":
                return () -> semaphore.acquire(1);
            case "acquireUninterruptibly(1)":
                return () -> semaphore.acquireUninterruptibly(1);
            case "tryAcquire(1, 10, SECONDS)":
                return () -> assertThat(semaphore.tryAcquire(1, 10, TimeUnit.SECONDS)).isTrue();
            case "acquire()":
                return ((dev.bouncer.Semaphore) semaphore)::acquire;
            case "acquireUninterruptibly()":
                return ((dev.bouncer.Semaphore) semaphore)::acquireUninterruptibly;
            default:
                return () -> assertThat(((dev.bouncer.Semaphore) semaphore)
                        .tryAcquire(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static void lockCases(Subjects.Subject<Lock> subject, List<DynamicTest> tests) {
        for (String name : List.of("lock()", "lockInterruptibly()", "tryLock(10, SECONDS)")) {
            tests.add(DynamicTest.dynamicTest(subject.name() + " " + name, () -> {
                Lock lock = subject.create(0);
                lock.lock(); // held by this thread, so the caller blocks
                Blocking acquire = name.startsWith("lock()") ? lock::lock
                        : name.startsWith("lockInterruptibly") ? lock::lockInterruptibly
                        : () -> assertThat(lock.tryLock(10, TimeUnit.SECONDS)).isTrue();
                checkBlocker(() -> {
                    acquire.call();
                    lock.unlock();
                }, b -> subject.isBlocker().test(lock, b), lock::unlock);
            }));
        }
        for (String name : List.of("await()", "awaitUninterruptibly()", "awaitNanos(10 s)",
                "await(10, SECONDS)", "awaitUntil(+10 s)")) {
            tests.add(DynamicTest.dynamicTest(subject.name() + " condition " + name, () -> {
                Lock lock = subject.create(0);
                Condition condition = lock.newCondition();
                Blocking await = awaitCall(name, condition);
                checkBlocker(() -> {
                    lock.lock();
                    try {
                        await.call();
                    } finally {
                        lock.unlock();
                    }
                }, b -> b == condition || subject.isBlocker().test(lock, b), () -> {
                    lock.lock();
                    try {
                        condition.signalAll();
                    } finally {
                        lock.unlock();
                    }
                });
            }));
        }
    }

    private static Blocking awaitCall(String name, Condition condition) {
        switch (name) {
            case "await()":
                return condition::await;
            case "awaitUninterruptibly()":
                return condition::awaitUninterruptibly;
            case "awaitNanos(10 s)":
                return () -> condition.awaitNanos(SECONDS_10);
            case "await(10, SECONDS)":
                return () -> condition.await(10, TimeUnit.SECONDS);
            default:
                return () -> condition.awaitUntil(new Date(System.currentTimeMillis() + 10_000));
        }
    }

    private static void queueCases(Subjects.Subject<BlockingQueue<Long>> subject, List<DynamicTest> tests) {
        for (String name : List.of("put", "offer(e, 10, SECONDS)", "take", "poll(10, SECONDS)")) {
            tests.add(DynamicTest.dynamicTest(subject.name() + " " + name, () -> {
                BlockingQueue<Long> queue = subject.create(1);
                boolean producing = name.startsWith("put") || name.startsWith("offer");
                if (producing) {
                    queue.put(1L); // full, so the caller blocks
                }
                Blocking call;
                if (name.equals("put")) {
                    call = () -> queue.put(2L);
                } else if (producing) {
                    call = () -> assertThat(queue.offer(2L, 10, TimeUnit.SECONDS)).isTrue();
                } else if (name.equals("take")) {
                    call = queue::take;
                } else {
                    call = () -> assertThat(queue.poll(10, TimeUnit.SECONDS)).isNotNull();
                }
                checkBlocker(call, b -> subject.isBlocker().test(queue, b), producing ? queue::poll : () -> {
                    queue.offer(3L);
                });
            }));
        }
    }

    /** The first class of the library itself (package dev.bouncer) among c and its superclasses. */
    private static Class<?> libraryClass(Class<?> c) {
        for (; c != null; c = c.getSuperclass()) {
            if (c.getPackageName().equals("dev.bouncer")) {
                return c;
            }
        }
        return null;
    }

    /**
     * Starts the call in a thread, waits (with a deadline) until it is parked with some blocker,
     * checks that blocker, then ends the wait and joins the thread.
     */
    private static void checkBlocker(Blocking call, java.util.function.Predicate<Object> isExpected,
            Runnable unblock) {
        Throwable[] failure = new Throwable[1];
        Thread thread = Threads.start("blocked", false, () -> {
            try {
                call.call();
            } catch (Throwable e) {
                failure[0] = e;
            }
        });
        long deadline = System.nanoTime() + SECONDS_10;
        boolean parked = Threads.awaitCondition(() -> {
            Thread.State state = thread.getState();
            return (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING)
                    && LockSupport.getBlocker(thread) != null;
        }, deadline);
        Object blocker = LockSupport.getBlocker(thread);
        try {
            assertThat(parked).as("the thread parked with a blocker; state " + thread.getState()).isTrue();
            assertThat(isExpected.test(blocker)).as("blocker " + blocker).isTrue();
            Class<?> library = libraryClass(blocker.getClass());
            if (library != null) { // a bouncer primitive: the dump must name a class a user can look up
                assertThat(java.lang.reflect.Modifier.isPublic(library.getModifiers()))
                        .as("blocker class %s is public", library.getName()).isTrue();
            }
        } finally {
            unblock.run();
            assertThat(Threads.joinAll(List.of(thread), System.nanoTime() + SECONDS_10)).isEmpty();
        }
        assertThat(failure[0]).isNull();
    }
}
