package dev.bouncer.torture;

import dev.bouncer.BinarySemaphore;
import dev.bouncer.BoundedBuffer;
import dev.bouncer.BoundedSemaphore;
import dev.bouncer.Mutex;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiPredicate;
import java.util.function.IntFunction;

/**
 * Every primitive the reliability tests run against, in one place. The torture harness, the soak,
 * the virtual-thread run, the blocker diagnostics and the fault tests all take their subjects from
 * here, so a new primitive is covered everywhere by one line.
 *
 * <h2>Adding the bouncer primitives at merge time</h2>
 * Each family has a list of bouncer subjects ({@code BOUNCER_*}) and a list of JDK stand-ins
 * ({@code JDK_*}) that keep the scenario exercised until the bouncer class exists. Add one line per
 * class and mode to the {@code BOUNCER_*} list of its family, for example:
 * <pre>{@code
 * // BOUNCER_BOUNDED_SEMAPHORES
 * bounded("bounded-semaphore-fair", n -> SemaphoreLike.of(new BoundedSemaphore(n, n, true), n)),
 * bounded("binary-semaphore-fair", n -> SemaphoreLike.of(new BinarySemaphore(true, true), 1)),
 * // BOUNCER_LOCKS
 * lock("mutex-fair", () -> new Mutex(true)),
 * // BOUNCER_QUEUES
 * queue("bounded-buffer-fair", capacity -> new BoundedBuffer<Long>(capacity, true)),
 * }</pre>
 * The helpers {@link #bounded}, {@link #lock} and {@link #queue} expect a bouncer primitive to park
 * its waiters with itself as the blocker; pass an explicit predicate to {@link Subject} if a class
 * documents another blocker. Whether the JDK stand-ins then stay in CI is a budget choice: they are
 * the baseline that shows a failure is the primitive's and not the harness's.
 */
public final class Subjects {

    /** A named way to build one primitive, and how to recognise it as a park blocker. */
    public record Subject<T>(String family, String name, IntFunction<T> create,
            BiPredicate<T, Object> isBlocker) {
        public T create(int sizeOrPermits) {
            return create.apply(sizeOrPermits);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    public static final String SEMAPHORE = "semaphore";
    public static final String BOUNDED = "bounded-semaphore";
    public static final String LOCK = "lock";
    public static final String QUEUE = "queue";

    /** dev.bouncer.Semaphore in both modes. */
    public static final List<Subject<SemaphoreLike>> BOUNCER_SEMAPHORES = List.of(
            semaphore("semaphore-nonfair", n -> SemaphoreLike.bouncer(n, false)),
            semaphore("semaphore-fair", n -> SemaphoreLike.bouncer(n, true)));

    /** BoundedSemaphore in both modes, and BinarySemaphore. */
    public static final List<Subject<SemaphoreLike>> BOUNCER_BOUNDED_SEMAPHORES = List.of(
            bounded("bounded-semaphore-nonfair",
                    n -> SemaphoreLike.of(new BoundedSemaphore(n, n, false), n)),
            bounded("bounded-semaphore-fair",
                    n -> SemaphoreLike.of(new BoundedSemaphore(n, n, true), n)),
            bounded("binary-semaphore-fair",
                    n -> SemaphoreLike.of(new BinarySemaphore(true, true), 1)));

    /** Mutex in both modes. */
    public static final List<Subject<Lock>> BOUNCER_LOCKS = List.of(
            lock("mutex-nonfair", () -> new Mutex(false)),
            lock("mutex-fair", () -> new Mutex(true)));

    /**
     * BoundedBuffer in both modes. Its threads wait in its private spaces or items semaphore, which
     * names the buffer as the park blocker: the blocker must be the queue itself.
     */
    public static final List<Subject<BlockingQueue<Long>>> BOUNCER_QUEUES = List.of(
            new Subject<>(QUEUE, "bounded-buffer-nonfair", c -> new BoundedBuffer<Long>(c, false),
                    (queue, blocker) -> blocker == queue),
            new Subject<>(QUEUE, "bounded-buffer-fair", c -> new BoundedBuffer<Long>(c, true),
                    (queue, blocker) -> blocker == queue));

    /** JDK stand-ins, so that every scenario runs before the bouncer class exists. */
    public static final List<Subject<SemaphoreLike>> JDK_BOUNDED_SEMAPHORES = List.of(
            new Subject<>(BOUNDED, "jdk-bounded-standin-fair", n -> SemaphoreLike.jdkBounded(n, true),
                    Subjects::isJdkSynchronizer));
    public static final List<Subject<Lock>> JDK_LOCKS = List.of(
            new Subject<>(LOCK, "jdk-reentrantlock-nonfair", n -> new ReentrantLock(false),
                    (lock, blocker) -> isJdkSynchronizer(blocker)));
    public static final List<Subject<BlockingQueue<Long>>> JDK_QUEUES = List.of(
            new Subject<>(QUEUE, "jdk-arrayblockingqueue-nonfair",
                    capacity -> new ArrayBlockingQueue<Long>(capacity, false),
                    (queue, blocker) -> isJdkSynchronizer(blocker)));

    /** The JDK semaphore: the reference for exception types, and a baseline for fault tests. */
    public static final List<Subject<SemaphoreLike>> JDK_SEMAPHORES = List.of(
            new Subject<>(SEMAPHORE, "jdk-semaphore-nonfair", n -> SemaphoreLike.jdk(n, false),
                    Subjects::isJdkSynchronizer),
            new Subject<>(SEMAPHORE, "jdk-semaphore-fair", n -> SemaphoreLike.jdk(n, true),
                    Subjects::isJdkSynchronizer));

    private Subjects() {
    }

    /** The bouncer semaphores and bounded semaphores; the JDK stand-ins are soak baselines only. */
    public static List<Subject<SemaphoreLike>> semaphores() {
        return concat(BOUNCER_SEMAPHORES, BOUNCER_BOUNDED_SEMAPHORES);
    }

    public static List<Subject<Lock>> locks() {
        return BOUNCER_LOCKS;
    }

    public static List<Subject<BlockingQueue<Long>>> queues() {
        return BOUNCER_QUEUES;
    }

    /** Every subject the torture runs in CI, in a stable order. */
    public static List<Subject<?>> tortured() {
        List<Subject<?>> all = new ArrayList<>(semaphores());
        all.addAll(locks());
        all.addAll(queues());
        return all;
    }

    /** What the soak accepts: the tortured subjects plus the JDK classes as baselines. */
    public static List<Subject<?>> all() {
        List<Subject<?>> all = new ArrayList<>(tortured());
        all.addAll(JDK_SEMAPHORES);
        all.addAll(JDK_BOUNDED_SEMAPHORES);
        all.addAll(JDK_LOCKS);
        all.addAll(JDK_QUEUES);
        return all;
    }

    public static Subject<?> byName(String name) {
        for (Subject<?> subject : all()) {
            if (subject.name().equals(name)) {
                return subject;
            }
        }
        throw new IllegalArgumentException("no primitive named " + name + "; known: " + all());
    }

    static Subject<SemaphoreLike> semaphore(String name, IntFunction<SemaphoreLike> create) {
        return new Subject<>(SEMAPHORE, name, create, (s, blocker) -> blocker == s.target());
    }

    static Subject<SemaphoreLike> bounded(String name, IntFunction<SemaphoreLike> create) {
        return new Subject<>(BOUNDED, name, create, (s, blocker) -> blocker == s.target());
    }

    static Subject<Lock> lock(String name, java.util.function.Supplier<Lock> create) {
        return new Subject<>(LOCK, name, ignored -> create.get(), (lock, blocker) -> blocker == lock);
    }

    static Subject<BlockingQueue<Long>> queue(String name, IntFunction<BlockingQueue<Long>> create) {
        return new Subject<>(QUEUE, name, create, (queue, blocker) -> blocker == queue);
    }

    /** JDK primitives park on their AbstractQueuedSynchronizer or one of its conditions. */
    private static boolean isJdkSynchronizer(Object ignored, Object blocker) {
        return isJdkSynchronizer(blocker);
    }

    private static boolean isJdkSynchronizer(Object blocker) {
        return blocker instanceof AbstractQueuedSynchronizer
                || blocker instanceof AbstractQueuedSynchronizer.ConditionObject;
    }

    @SafeVarargs
    private static <T> List<Subject<T>> concat(List<Subject<T>>... lists) {
        List<Subject<T>> all = new ArrayList<>();
        for (List<Subject<T>> list : lists) {
            all.addAll(list);
        }
        return List.copyOf(all);
    }
}
