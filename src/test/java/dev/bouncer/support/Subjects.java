package dev.bouncer.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.Lock;
import java.util.function.BiPredicate;
import java.util.function.IntFunction;

/**
 * Every primitive the reliability tests run against, in one place, each under the name the soak
 * takes on its command line. The torture harness, the soak, the virtual-thread run, the blocker
 * diagnostics and the fault tests all take their subjects from here; each subject is made by its
 * family's twin ({@link SemaphoreTwin}, {@link LockTwin}, {@link QueueTwin}), so a new primitive is
 * covered everywhere by one line.
 *
 * <p>Each family has a list of bouncer subjects ({@code BOUNCER_*}) and a list of JDK subjects
 * ({@code JDK_*}): the JDK class, or a stand-in where the JDK has none. They are the baseline that
 * shows a failure is the primitive's and not the harness's.
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
            semaphore(SEMAPHORE, "semaphore-nonfair", n -> SemaphoreTwin.BOUNCER.create(n, false)),
            semaphore(SEMAPHORE, "semaphore-fair", n -> SemaphoreTwin.BOUNCER.create(n, true)));

    /** BoundedSemaphore in both modes, and BinarySemaphore. */
    public static final List<Subject<SemaphoreLike>> BOUNCER_BOUNDED_SEMAPHORES = List.of(
            semaphore(BOUNDED, "bounded-semaphore-nonfair", n -> SemaphoreTwin.bounded(n, n, false)),
            semaphore(BOUNDED, "bounded-semaphore-fair", n -> SemaphoreTwin.bounded(n, n, true)),
            semaphore(BOUNDED, "binary-semaphore-fair", n -> SemaphoreTwin.binary(true, true)));

    /** Mutex in both modes. */
    public static final List<Subject<Lock>> BOUNCER_LOCKS = List.of(
            lock("mutex-nonfair", LockTwin.BOUNCER, false),
            lock("mutex-fair", LockTwin.BOUNCER, true));

    /** BoundedBuffer in both modes. */
    public static final List<Subject<BlockingQueue<Long>>> BOUNCER_QUEUES = List.of(
            queue("bounded-buffer-nonfair", QueueTwin.BOUNCER, false),
            queue("bounded-buffer-fair", QueueTwin.BOUNCER, true));

    /** The JDK stand-in for the bounded semaphores, which have no JDK class. */
    public static final List<Subject<SemaphoreLike>> JDK_BOUNDED_SEMAPHORES = List.of(
            semaphore(BOUNDED, "jdk-bounded-standin-fair", n -> new JdkBoundedSemaphore(n, true)));
    public static final List<Subject<Lock>> JDK_LOCKS = List.of(
            lock("jdk-reentrantlock-nonfair", LockTwin.JDK, false));
    public static final List<Subject<BlockingQueue<Long>>> JDK_QUEUES = List.of(
            queue("jdk-arrayblockingqueue-nonfair", QueueTwin.JDK, false));

    /** The JDK semaphore: the reference for exception types, and a baseline for fault tests. */
    public static final List<Subject<SemaphoreLike>> JDK_SEMAPHORES = List.of(
            semaphore(SEMAPHORE, "jdk-semaphore-nonfair", n -> SemaphoreTwin.JDK.create(n, false)),
            semaphore(SEMAPHORE, "jdk-semaphore-fair", n -> SemaphoreTwin.JDK.create(n, true)));

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

    private static Subject<SemaphoreLike> semaphore(String family, String name,
            IntFunction<SemaphoreLike> create) {
        return new Subject<>(family, name, create, SemaphoreLike::isBlocker);
    }

    private static Subject<Lock> lock(String name, LockTwin twin, boolean fair) {
        return new Subject<>(LOCK, name, ignored -> twin.create(fair),
                (lock, blocker) -> ((LockLike) lock).isBlocker(blocker));
    }

    private static Subject<BlockingQueue<Long>> queue(String name, QueueTwin twin, boolean fair) {
        return new Subject<>(QUEUE, name, capacity -> twin.<Long>create(capacity, fair), twin::isBlocker);
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
