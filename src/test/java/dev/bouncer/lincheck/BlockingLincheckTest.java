package dev.bouncer.lincheck;

import static dev.bouncer.lincheck.Scenarios.actor;
import static dev.bouncer.lincheck.Scenarios.parallel;

import dev.bouncer.BoundedBuffer;
import dev.bouncer.Mutex;
import dev.bouncer.Semaphore;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.Condition;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The blocking operations, as far as Lincheck can check them: {@code Semaphore.acquire(n)},
 * {@code Mutex.lock()}, {@code Condition.await()} and {@code signal()}, and
 * {@code BoundedBuffer.put} and {@code take} (at capacity 1, where producers and consumers take
 * turns, and at capacity 2, where two producers or two consumers claim slots at once).
 *
 * <p>Lincheck checks only histories in which every operation finishes: an execution in which an
 * operation can never return is reported as a hang, a failure. (Linearizability of operations
 * that stay blocked is defined only for Kotlin suspending functions, which these are not.) So the
 * blocking operations cannot be drawn at random, as a thread could wait forever for a release
 * that the scenario does not hold. Each scenario here is written by hand so that every wait can
 * end: as many permits, elements or signals are released as are waited for. In a
 * specification, an operation that would block throws, so no linearization may place it where
 * it would wait.
 *
 * <p>The model checker switches threads at {@code park} and {@code unpark} and away from spin
 * loops, so it explores the wait queue's interleavings and finds a wrong grant or a handover that
 * can never finish. It lets {@code park} return without an {@code unpark}, as the JDK allows, so
 * a lost wake-up is not a hang there; the stress runs, on real threads, catch those.
 */
@Tag("lincheck")
class BlockingLincheckTest {

    /** A semaphore that starts with no permits. */
    abstract static class SemaphoreOperations {
        private final Semaphore semaphore = new Semaphore(0, fair());

        abstract boolean fair();

        @Operation(blocking = true)
        public void acquire(int permits) throws InterruptedException {
            semaphore.acquire(permits);
        }

        @Operation
        public void release(int permits) {
            semaphore.release(permits);
        }

        @Operation
        public int availablePermits() {
            return semaphore.availablePermits();
        }
    }

    public static final class NonfairSemaphore extends SemaphoreOperations {
        @Override
        boolean fair() {
            return false;
        }
    }

    public static final class FairSemaphore extends SemaphoreOperations {
        @Override
        boolean fair() {
            return true;
        }
    }

    /** The specification of the semaphores: no permits at first, no ceiling. */
    public static final class NoPermits extends PermitCounter {
        public NoPermits() {
            super(0, Integer.MAX_VALUE);
        }
    }

    /**
     * A mutex guarding a plain counter, and a condition on which threads wait for tokens that
     * other threads add under the mutex.
     */
    abstract static class MutexOperations {
        private final Mutex mutex = new Mutex(fair());
        private final Condition tokenAdded = mutex.newCondition();
        private int count; // guarded by mutex
        private int tokens; // guarded by mutex

        abstract boolean fair();

        /** Returns the count before this increment. */
        @Operation(blocking = true)
        public int increment() {
            mutex.lock();
            try {
                return count++;
            } finally {
                mutex.unlock();
            }
        }

        @Operation(blocking = true)
        public void takeToken() throws InterruptedException {
            mutex.lock();
            try {
                while (tokens == 0) {
                    tokenAdded.await();
                }
                tokens--;
            } finally {
                mutex.unlock();
            }
        }

        @Operation(blocking = true)
        public void addToken() {
            mutex.lock();
            try {
                tokens++;
                tokenAdded.signal();
            } finally {
                mutex.unlock();
            }
        }
    }

    public static final class NonfairMutex extends MutexOperations {
        @Override
        boolean fair() {
            return false;
        }
    }

    public static final class FairMutex extends MutexOperations {
        @Override
        boolean fair() {
            return true;
        }
    }

    /** The specification of the mutex operations: a counter and a token count. */
    public static final class CounterAndTokens {
        private int count;
        private int tokens;

        public int increment() {
            return count++;
        }

        public void takeToken() {
            if (tokens == 0) {
                throw new IllegalStateException("would wait");
            }
            tokens--;
        }

        public void addToken() {
            tokens++;
        }
    }

    /** A buffer's put, take and size. */
    abstract static class BufferOperations {
        private final BoundedBuffer<Integer> buffer = new BoundedBuffer<>(capacity());

        abstract int capacity();

        @Operation(blocking = true)
        public void put(int element) throws InterruptedException {
            buffer.put(element);
        }

        @Operation(blocking = true)
        public Integer take() throws InterruptedException {
            return buffer.take();
        }

        @Operation
        public int size() {
            return buffer.size();
        }
    }

    /** Capacity 1: a second put waits for a take, so producers and consumers take turns. */
    public static final class BufferOfOne extends BufferOperations {
        @Override
        int capacity() {
            return 1;
        }
    }

    /** Capacity 2: two producers, or two consumers, can claim slots at the same time. */
    public static final class BufferOfTwo extends BufferOperations {
        @Override
        int capacity() {
            return 2;
        }
    }

    /** The specification of the buffers: a queue with a capacity; a put or take that would wait throws. */
    public abstract static class WaitingQueue {
        private final ArrayDeque<Integer> queue = new ArrayDeque<>();
        private final int capacity;

        WaitingQueue(int capacity) {
            this.capacity = capacity;
        }

        public void put(int element) {
            if (queue.size() == capacity) {
                throw new IllegalStateException("would wait");
            }
            queue.addLast(element);
        }

        public Integer take() {
            if (queue.isEmpty()) {
                throw new IllegalStateException("would wait");
            }
            return queue.pollFirst();
        }

        public int size() {
            return queue.size();
        }
    }

    public static final class QueueOfOne extends WaitingQueue {
        public QueueOfOne() {
            super(1);
        }
    }

    public static final class QueueOfTwo extends WaitingQueue {
        public QueueOfTwo() {
            super(2);
        }
    }

    /** acquire(2) and acquire(1) parked, released by 1 then 2: both wake (a release passes on what the first waiter leaves). */
    private static ExecutionScenario mixedRequests(Class<?> type) {
        return parallel(List.of(
                List.of(actor(type, "acquire", 2)),
                List.of(actor(type, "acquire", 1)),
                List.of(actor(type, "release", 1), actor(type, "release", 2), actor(type, "availablePermits"))));
    }

    /** Three waiters of 1 and one release of 2 racing one of 1: all three wake. */
    private static ExecutionScenario racingReleases(Class<?> type) {
        return parallel(List.of(
                List.of(actor(type, "acquire", 1)),
                List.of(actor(type, "acquire", 1)),
                List.of(actor(type, "acquire", 1), actor(type, "availablePermits")),
                List.of(actor(type, "release", 2), actor(type, "release", 1))));
    }

    /** Three threads increment under the mutex, two wait for tokens that the third adds. */
    private static ExecutionScenario lockersAndWaiters(Class<?> type) {
        return parallel(List.of(
                List.of(actor(type, "increment"), actor(type, "takeToken")),
                List.of(actor(type, "takeToken"), actor(type, "increment")),
                List.of(actor(type, "addToken"), actor(type, "increment"), actor(type, "addToken"))));
    }

    /** Four threads on the same mutex: three lock, one waits on the condition twice. */
    private static ExecutionScenario fourOnOneMutex(Class<?> type) {
        return parallel(List.of(
                List.of(actor(type, "takeToken"), actor(type, "takeToken")),
                List.of(actor(type, "increment"), actor(type, "addToken")),
                List.of(actor(type, "addToken"), actor(type, "increment")),
                List.of(actor(type, "increment"))));
    }

    /** Two producers and a consumer; then the size, which must be 0. */
    private static ExecutionScenario producersAndConsumer(Class<?> type) {
        return Scenarios.parallelThen(List.of(
                List.of(actor(type, "put", 1), actor(type, "put", 2)),
                List.of(actor(type, "put", 3)),
                List.of(actor(type, "take"), actor(type, "take"), actor(type, "take"))),
                List.of(actor(type, "size")));
    }

    /** Two producers and two consumers; then the size, which must be 0. */
    private static ExecutionScenario twoAndTwo(Class<?> type) {
        return Scenarios.parallelThen(List.of(
                List.of(actor(type, "put", 1), actor(type, "take")),
                List.of(actor(type, "put", 2)),
                List.of(actor(type, "put", 3), actor(type, "take")),
                List.of(actor(type, "take"))),
                List.of(actor(type, "size")));
    }

    private static ModelCheckingOptions modelChecking(ExecutionScenario scenario, Class<?> specification) {
        return new ModelCheckingOptions()
                .iterations(0)
                .invocationsPerIteration(LincheckRuns.LONG ? 10_000 : 800)
                .addCustomScenario(scenario)
                .minimizeFailedScenario(LincheckRuns.MINIMIZE)
                .sequentialSpecification(specification);
    }

    private static StressOptions stress(ExecutionScenario scenario, Class<?> specification) {
        return new StressOptions()
                .iterations(0)
                .invocationsPerIteration(LincheckRuns.LONG ? 50_000 : 2_000)
                .addCustomScenario(scenario)
                .minimizeFailedScenario(LincheckRuns.MINIMIZE)
                .sequentialSpecification(specification);
    }

    @Test
    void semaphoreMixedRequestsModelChecking() {
        modelChecking(mixedRequests(NonfairSemaphore.class), NoPermits.class).check(NonfairSemaphore.class);
        modelChecking(mixedRequests(FairSemaphore.class), NoPermits.class).check(FairSemaphore.class);
    }

    @Test
    void semaphoreRacingReleasesFourThreads() {
        modelChecking(racingReleases(NonfairSemaphore.class), NoPermits.class).check(NonfairSemaphore.class);
        modelChecking(racingReleases(FairSemaphore.class), NoPermits.class).check(FairSemaphore.class);
        stress(racingReleases(FairSemaphore.class), NoPermits.class).check(FairSemaphore.class);
    }

    @Test
    void mutexLockAndConditionModelChecking() {
        modelChecking(lockersAndWaiters(NonfairMutex.class), CounterAndTokens.class).check(NonfairMutex.class);
        modelChecking(lockersAndWaiters(FairMutex.class), CounterAndTokens.class).check(FairMutex.class);
    }

    @Test
    void mutexFourThreads() {
        modelChecking(fourOnOneMutex(NonfairMutex.class), CounterAndTokens.class).check(NonfairMutex.class);
        stress(fourOnOneMutex(FairMutex.class), CounterAndTokens.class).check(FairMutex.class);
    }

    @Test
    void bufferPutTakeModelChecking() {
        modelChecking(producersAndConsumer(BufferOfOne.class), QueueOfOne.class).check(BufferOfOne.class);
    }

    @Test
    void bufferPutTakeFourThreads() {
        modelChecking(twoAndTwo(BufferOfTwo.class), QueueOfTwo.class).check(BufferOfTwo.class);
        stress(twoAndTwo(BufferOfOne.class), QueueOfOne.class).check(BufferOfOne.class);
    }
}
