package dev.bouncer.torture;

import static dev.bouncer.torture.BadInputTest.CONSTRUCTOR;
import static dev.bouncer.torture.BadInputTest.IAE;
import static dev.bouncer.torture.BadInputTest.IE;
import static dev.bouncer.torture.BadInputTest.MAX;
import static dev.bouncer.torture.BadInputTest.MIN;
import static dev.bouncer.torture.BadInputTest.NEW_LIST;
import static dev.bouncer.torture.BadInputTest.NPE;
import static dev.bouncer.torture.BadInputTest.SELF;
import static dev.bouncer.torture.BadInputTest.irow;
import static dev.bouncer.torture.BadInputTest.row;

import dev.bouncer.BinarySemaphore;
import dev.bouncer.BoundedBuffer;
import dev.bouncer.BoundedSemaphore;
import dev.bouncer.LeakDetection;
import dev.bouncer.Mutex;
import dev.bouncer.WaitListener;
import java.time.Duration;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * The bad-input families of {@link BadInputTest} beyond the plain semaphore: BoundedSemaphore and
 * BinarySemaphore (against {@link java.util.concurrent.Semaphore} where the method is inherited),
 * Mutex and its condition (against {@link ReentrantLock}), and BoundedBuffer (against
 * {@link ArrayBlockingQueue}). A row whose outcome deliberately differs from the reference says so
 * with {@code differs(why)}; the test then checks that the reference really does differ.
 */
final class BadInputFamilies {
    private static final Class<? extends Throwable> ISE = IllegalStateException.class;
    private static final Class<? extends Throwable> IMSE = IllegalMonitorStateException.class;
    private static final Class<? extends Throwable> UOE = UnsupportedOperationException.class;
    private static final Class<?>[] NONE = {};
    private static final Class<?>[] I = {int.class};
    private static final Class<?>[] LU = {long.class, TimeUnit.class};
    private static final Class<?>[] DURATION = {Duration.class};
    private static final Class<?>[] ILU = {int.class, long.class, TimeUnit.class};
    private static final TimeUnit S = TimeUnit.SECONDS;
    private static final TimeUnit NS = TimeUnit.NANOSECONDS;
    private static final TimeUnit DAYS = TimeUnit.DAYS;
    /** The bound of the BoundedSemaphore subjects; setup is the initial count. */
    private static final int BOUND = 3;
    /** The capacity of the buffer subjects; setup is how many elements are put first. */
    private static final int CAPACITY = 3;
    private static final String NO_BOUND = "java.util.concurrent.Semaphore has no bound and accepts it";

    private BadInputFamilies() {
    }

    /** Setup: the initial permits, at most {@value #BOUND}, which is the bound. */
    static BadInputTest.Family boundedSemaphore() {
        List<BadInputTest.Row> rows = List.of(
                // inherited methods: as the JDK semaphore
                row("acquire(-1)", 3, IAE, "acquire", I, -1),
                row("tryAcquire(-1, 1, SECONDS)", 3, IAE, "tryAcquire", ILU, -1, 1L, S),
                row("tryAcquire(1, null)", 3, NPE, "tryAcquire", LU, 1L, null),
                row("tryAcquire(1, 1, null)", 0, NPE, "tryAcquire", ILU, 1, 1L, null),
                row("tryAcquire(MAX)", 3, null, "tryAcquire", I, MAX),
                row("tryAcquire(MAX, MIN_VALUE, NANOSECONDS)", 3, null, "tryAcquire", ILU, MAX, Long.MIN_VALUE, NS),
                row("tryAcquire(1, MAX_VALUE, DAYS)", 3, null, "tryAcquire", ILU, 1, Long.MAX_VALUE, DAYS),
                row("tryAcquire(0) at -5", -5, null, "tryAcquire", I, 0),
                row("drainPermits() at -5", -5, null, "drainPermits", NONE),
                irow("acquire(1) interrupted", 3, IE, "acquire", I, 1),
                irow("tryAcquire(1, 0, SECONDS) interrupted", 3, IE, "tryAcquire", ILU, 1, 0L, S),
                // release: the argument is checked first, then the bound
                row("release(-1)", 3, IAE, "release", I, -1),
                row("release(MIN) at 0", 0, IAE, "release", I, MIN),
                row("release(0) at the bound", 3, null, "release", I, 0),
                row("release(1) below the bound", 2, null, "release", I, 1),
                row("release(3) at -1", -1, null, "release", I, 3),
                row("release() at the bound", 3, ISE, "release", NONE).differs(NO_BOUND),
                row("release(1) at the bound", 3, ISE, "release", I, 1).differs(NO_BOUND),
                row("release(2) one below the bound", 2, ISE, "release", I, 2).differs(NO_BOUND),
                row("release(MAX) at 1", 1, ISE, "release", I, MAX)
                        .differs("java.util.concurrent.Semaphore throws Error: the count overflows"),
                row("tryRelease() at the bound", 3, null, "tryRelease", NONE),
                row("tryRelease() below the bound", 2, null, "tryRelease", NONE),
                // bounds
                row("new BoundedSemaphore(1, 0)", 0, IAE, CONSTRUCTOR, new Class<?>[] {int.class, int.class}, 1, 0),
                row("new BoundedSemaphore(0, MIN)", 0, IAE, CONSTRUCTOR, new Class<?>[] {int.class, int.class}, 0, MIN),
                row("new BoundedSemaphore(4, 3, true)", 0, IAE, CONSTRUCTOR,
                        new Class<?>[] {int.class, int.class, boolean.class}, 4, 3, true),
                row("new BoundedSemaphore(MIN, 1, false)", 0, null, CONSTRUCTOR,
                        new Class<?>[] {int.class, int.class, boolean.class}, MIN, 1, false),
                row("new BoundedSemaphore(MAX, MAX)", 0, null, CONSTRUCTOR, new Class<?>[] {int.class, int.class},
                        MAX, MAX),
                row("new BoundedSemaphore(4, 3, true, disabled)", 0, IAE, CONSTRUCTOR,
                        new Class<?>[] {int.class, int.class, boolean.class, LeakDetection.class}, 4, 3, true,
                        LeakDetection.disabled()),
                row("new BoundedSemaphore(1, 1, false, null)", 0, NPE, CONSTRUCTOR,
                        new Class<?>[] {int.class, int.class, boolean.class, LeakDetection.class}, 1, 1, false, null));
        return semaphoreFamily("bounded-semaphore", BoundedSemaphore.class,
                List.of(new BadInputTest.Subject("bounded-semaphore-nonfair", n -> new BoundedSemaphore(n, BOUND)),
                        new BadInputTest.Subject("bounded-semaphore-fair", n -> new BoundedSemaphore(n, BOUND, true))),
                rows);
    }

    /** Setup: 1 available, 0 not. */
    static BadInputTest.Family binarySemaphore() {
        List<BadInputTest.Row> rows = List.of(
                row("acquire(-1)", 1, IAE, "acquire", I, -1),
                row("tryAcquire(2)", 1, null, "tryAcquire", I, 2),
                row("tryAcquire(1, MIN_VALUE, NANOSECONDS) unavailable", 0, null, "tryAcquire", ILU, 1, Long.MIN_VALUE, NS),
                row("tryAcquire(1, null)", 0, NPE, "tryAcquire", LU, 1L, null),
                irow("acquire() interrupted", 1, IE, "acquire", NONE),
                row("release(-1)", 0, IAE, "release", I, -1),
                row("release() unavailable", 0, null, "release", NONE),
                row("release() available", 1, ISE, "release", NONE).differs(NO_BOUND),
                row("release(2) unavailable", 0, ISE, "release", I, 2).differs(NO_BOUND),
                row("tryRelease() available", 1, null, "tryRelease", NONE),
                row("new BinarySemaphore(true)", 0, null, CONSTRUCTOR, new Class<?>[] {boolean.class}, true),
                row("new BinarySemaphore(false, true)", 0, null, CONSTRUCTOR,
                        new Class<?>[] {boolean.class, boolean.class}, false, true));
        return semaphoreFamily("binary-semaphore", BinarySemaphore.class,
                List.of(new BadInputTest.Subject("binary-semaphore-nonfair", n -> new BinarySemaphore(n == 1)),
                        new BadInputTest.Subject("binary-semaphore-fair", n -> new BinarySemaphore(n == 1, true))),
                rows);
    }

    private static BadInputTest.Family semaphoreFamily(String name, Class<?> type, List<BadInputTest.Subject> subjects,
            List<BadInputTest.Row> rows) {
        BadInputTest.Subject reference = new BadInputTest.Subject("java.util.concurrent.Semaphore",
                n -> new java.util.concurrent.Semaphore(n));
        return new BadInputTest.Family(name, type, subjects, reference, java.util.concurrent.Semaphore.class,
                BadInputTest::semaphoreState, rows);
    }

    /** The parameter types of the monitoring methods that take a condition. */
    private static final Class<?>[] CONDITION = {Condition.class};

    /** Setup: 0 free, 1 held by the calling thread, 2 held by another thread (that has ended). */
    static BadInputTest.Family mutex() {
        String reenters = "ReentrantLock reenters (hold count 2); Mutex is not reentrant and throws";
        List<BadInputTest.Row> rows = List.of(
                row("tryLock(1, null)", 0, NPE, "tryLock", LU, 1L, null),
                row("tryLock(1, null) held by another", 2, NPE, "tryLock", LU, 1L, null),
                row("tryLock(1, null) held", 1, NPE, "tryLock", LU, 1L, null),
                row("tryLock(MIN_VALUE, NANOSECONDS)", 0, null, "tryLock", LU, Long.MIN_VALUE, NS),
                row("tryLock(MIN_VALUE, NANOSECONDS) held by another", 2, null, "tryLock", LU, Long.MIN_VALUE, NS),
                row("tryLock(-1, DAYS) held by another", 2, null, "tryLock", LU, -1L, DAYS),
                row("tryLock(0, DAYS) held by another", 2, null, "tryLock", LU, 0L, DAYS),
                row("tryLock(1, NANOSECONDS) held by another", 2, null, "tryLock", LU, 1L, NS),
                row("tryLock(MAX_VALUE, DAYS)", 0, null, "tryLock", LU, Long.MAX_VALUE, DAYS),
                row("tryLock(MAX_VALUE, NANOSECONDS)", 0, null, "tryLock", LU, Long.MAX_VALUE, NS),
                row("tryLock() held by another", 2, null, "tryLock", NONE),
                irow("tryLock(0, SECONDS) interrupted", 0, IE, "tryLock", LU, 0L, S),
                irow("tryLock(MAX_VALUE, DAYS) interrupted, held by another", 2, IE, "tryLock", LU, Long.MAX_VALUE, DAYS),
                irow("tryLock(1, null) interrupted", 0, NPE, "tryLock", LU, 1L, null),
                irow("lockInterruptibly() interrupted", 0, IE, "lockInterruptibly", NONE),
                irow("lock() interrupted", 0, null, "lock", NONE),
                irow("tryLock() interrupted", 0, null, "tryLock", NONE),
                // the interrupt is checked before ownership, as documented
                irow("tryLock(1, SECONDS) interrupted, held", 1, IE, "tryLock", LU, 1L, S),
                irow("lockInterruptibly() interrupted, held", 1, IE, "lockInterruptibly", NONE),
                row("unlock() free", 0, IMSE, "unlock", NONE),
                row("unlock() held by another", 2, IMSE, "unlock", NONE),
                row("unlock() held", 1, null, "unlock", NONE),
                row("hasQueuedThread(null)", 0, NPE, "hasQueuedThread", new Class<?>[] {Thread.class}, (Object) null),
                row("hasQueuedThread(null) held by another", 2, NPE, "hasQueuedThread", new Class<?>[] {Thread.class},
                        (Object) null),
                row("hasQueuedThread(current) held by another", 2, null, "hasQueuedThread",
                        new Class<?>[] {Thread.class}, Thread.currentThread()),
                row("hasWaiters(null) held", 1, NPE, "hasWaiters", CONDITION, (Object) null),
                row("hasWaiters(null) free", 0, NPE, "hasWaiters", CONDITION, (Object) null),
                row("getWaitQueueLength(null) held", 1, NPE, "getWaitQueueLength", CONDITION, (Object) null),
                row("getWaitQueueLength(null) free", 0, NPE, "getWaitQueueLength", CONDITION, (Object) null),
                row("getWaitingThreads(null) held", 1, NPE, "getWaitingThreads", CONDITION, (Object) null),
                // re-lock by the holder: a deliberate difference
                row("lock() held", 1, IMSE, "lock", NONE).differs(reenters),
                row("lockInterruptibly() held", 1, IMSE, "lockInterruptibly", NONE).differs(reenters),
                row("tryLock() held", 1, IMSE, "tryLock", NONE).differs(reenters),
                row("tryLock(0, SECONDS) held", 1, IMSE, "tryLock", LU, 0L, S).differs(reenters),
                row("tryLock(MIN_VALUE, NANOSECONDS) held", 1, IMSE, "tryLock", LU, Long.MIN_VALUE, NS).differs(reenters),
                // beyond the JDK (no reference): the Duration form, same checks as tryLock(long, TimeUnit)
                row("tryLock(null Duration)", 0, NPE, "tryLock", DURATION, (Object) null),
                row("tryLock(ZERO) held by another", 2, null, "tryLock", DURATION, Duration.ZERO),
                row("tryLock(most negative Duration) held by another", 2, null, "tryLock", DURATION,
                        Duration.ofSeconds(Long.MIN_VALUE)),
                row("tryLock(ZERO) held", 1, IMSE, "tryLock", DURATION, Duration.ZERO),
                irow("tryLock(longest Duration) interrupted, held by another", 2, IE, "tryLock", DURATION,
                        Duration.ofSeconds(Long.MAX_VALUE)),
                row("new Mutex(true)", 0, null, CONSTRUCTOR, new Class<?>[] {boolean.class}, true));
        return new BadInputTest.Family("mutex", Mutex.class, mutexSubjects(lock -> lock), new BadInputTest.Subject(
                "java.util.concurrent.locks.ReentrantLock", n -> lockedAs(new ReentrantLock(), n)),
                ReentrantLock.class, BadInputFamilies::lockState, rows);
    }

    /** Setup: 0 the lock is not held, 1 held by the calling thread. */
    static BadInputTest.Family mutexCondition() {
        Class<?>[] l = {long.class};
        Class<?>[] date = {Date.class};
        Date epoch = new Date(0L);
        List<BadInputTest.Row> rows = List.of(
                row("await() not held", 0, IMSE, "await", NONE),
                row("awaitUninterruptibly() not held", 0, IMSE, "awaitUninterruptibly", NONE),
                row("awaitNanos(1) not held", 0, IMSE, "awaitNanos", l, 1L),
                row("awaitNanos(MIN_VALUE) not held", 0, IMSE, "awaitNanos", l, Long.MIN_VALUE),
                row("await(1, SECONDS) not held", 0, IMSE, "await", LU, 1L, S),
                row("awaitUntil(epoch) not held", 0, IMSE, "awaitUntil", date, epoch),
                row("signal() not held", 0, IMSE, "signal", NONE),
                row("signalAll() not held", 0, IMSE, "signalAll", NONE),
                // the unit and the date are read before ownership is checked, in both
                row("await(1, null)", 1, NPE, "await", LU, 1L, null),
                row("await(1, null) not held", 0, NPE, "await", LU, 1L, null),
                row("awaitUntil(null)", 1, NPE, "awaitUntil", date, (Object) null),
                row("awaitUntil(null) not held", 0, NPE, "awaitUntil", date, (Object) null),
                // non-positive times: no wait, time out at once, still held
                row("awaitNanos(MIN_VALUE)", 1, null, "awaitNanos", l, Long.MIN_VALUE),
                row("awaitNanos(0)", 1, null, "awaitNanos", l, 0L),
                row("awaitNanos(-1)", 1, null, "awaitNanos", l, -1L),
                row("await(MIN_VALUE, NANOSECONDS)", 1, null, "await", LU, Long.MIN_VALUE, NS),
                row("await(0, DAYS)", 1, null, "await", LU, 0L, DAYS),
                row("await(-1, DAYS)", 1, null, "await", LU, -1L, DAYS),
                row("awaitUntil(epoch)", 1, null, "awaitUntil", date, epoch),
                row("awaitUntil(MIN_VALUE millis)", 1, null, "awaitUntil", date, new Date(Long.MIN_VALUE)),
                row("signal() with no waiters", 1, null, "signal", NONE),
                row("signalAll() with no waiters", 1, null, "signalAll", NONE),
                irow("await() interrupted", 1, IE, "await", NONE),
                irow("awaitNanos(MAX_VALUE) interrupted", 1, IE, "awaitNanos", l, Long.MAX_VALUE),
                irow("awaitNanos(MIN_VALUE) interrupted", 1, IE, "awaitNanos", l, Long.MIN_VALUE),
                irow("await(MAX_VALUE, DAYS) interrupted", 1, IE, "await", LU, Long.MAX_VALUE, DAYS),
                irow("awaitUntil(MAX_VALUE millis) interrupted", 1, IE, "awaitUntil", date, new Date(Long.MAX_VALUE)),
                irow("await(1, null) interrupted", 1, NPE, "await", LU, 1L, null),
                irow("await() interrupted, not held", 0, IMSE, "await", NONE).differs(
                        "ReentrantLock's condition checks the interrupt first (InterruptedException); Mutex's checks"
                                + " ownership first"));
        return new BadInputTest.Family("mutex-condition", java.util.concurrent.locks.Condition.class,
                mutexSubjects(lock -> new BadInputTest.Guarded(lock, lock.newCondition())),
                new BadInputTest.Subject("ReentrantLock.newCondition()", n -> {
                    ReentrantLock lock = lockedAs(new ReentrantLock(), n);
                    return new BadInputTest.Guarded(lock, lock.newCondition());
                }), null, target -> lockState(((BadInputTest.Guarded) target).lock()), rows);
    }

    private static List<BadInputTest.Subject> mutexSubjects(java.util.function.Function<Mutex, Object> target) {
        return List.of(new BadInputTest.Subject("mutex-nonfair", n -> target.apply(lockedAs(new Mutex(false), n))),
                new BadInputTest.Subject("mutex-fair", n -> target.apply(lockedAs(new Mutex(true), n))));
    }

    /** Locks as the setup says: 0 not, 1 by the calling thread, 2 by another thread that then ends. */
    private static <L extends Lock> L lockedAs(L lock, int setup) {
        if (setup == 1) {
            lock.lock();
        } else if (setup == 2) {
            Thread holder = new Thread(lock::lock, "holder");
            holder.start();
            try {
                holder.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        return lock;
    }

    private static String lockState(Object lock) {
        return "locked=" + BadInputTest.invokeQuietly(lock, "isLocked") + " heldByMe="
                + BadInputTest.invokeQuietly(lock, "isHeldByCurrentThread") + " queued="
                + BadInputTest.invokeQuietly(lock, "getQueueLength");
    }

    /** Setup: how many elements (1, 2, 3) are in a buffer of capacity {@value #CAPACITY}. */
    static BadInputTest.Family boundedBuffer() {
        Class<?>[] o = {Object.class};
        Class<?>[] olu = {Object.class, long.class, TimeUnit.class};
        Class<?>[] od = {Object.class, Duration.class};
        Class<?>[] c = {Collection.class};
        Class<?>[] ci = {Collection.class, int.class};
        Long e = 99L;
        String middle = "ArrayBlockingQueue removes from the middle; BoundedBuffer removes only at the head"
                + " (documented) and throws for any argument";
        List<BadInputTest.Row> rows = List.of(
                row("put(null)", 0, NPE, "put", o, (Object) null),
                row("put(null) full", 3, NPE, "put", o, (Object) null),
                row("offer(null)", 0, NPE, "offer", o, (Object) null),
                row("offer(null, 1, SECONDS)", 0, NPE, "offer", olu, null, 1L, S),
                row("offer(null, 1, null)", 0, NPE, "offer", olu, null, 1L, null),
                row("offer(e, 1, null)", 0, NPE, "offer", olu, e, 1L, null),
                row("offer(e, 1, null) full", 3, NPE, "offer", olu, e, 1L, null),
                row("offer(e, MIN_VALUE, NANOSECONDS) full", 3, null, "offer", olu, e, Long.MIN_VALUE, NS),
                row("offer(e, -1, DAYS) full", 3, null, "offer", olu, e, -1L, DAYS),
                row("offer(e, 1, NANOSECONDS) full", 3, null, "offer", olu, e, 1L, NS),
                row("offer(e, MIN_VALUE, NANOSECONDS)", 1, null, "offer", olu, e, Long.MIN_VALUE, NS),
                row("offer(e, MAX_VALUE, DAYS)", 2, null, "offer", olu, e, Long.MAX_VALUE, DAYS),
                row("offer(e) full", 3, null, "offer", o, e),
                row("add(null)", 0, NPE, "add", o, (Object) null),
                row("add(e) full", 3, ISE, "add", o, e),
                row("addAll(null)", 0, NPE, "addAll", c, (Object) null),
                row("addAll(this)", 1, IAE, "addAll", c, SELF),
                row("poll(1, null)", 1, NPE, "poll", LU, 1L, null),
                row("poll(1, null) empty", 0, NPE, "poll", LU, 1L, null),
                row("poll(MIN_VALUE, NANOSECONDS) empty", 0, null, "poll", LU, Long.MIN_VALUE, NS),
                row("poll(0, DAYS) empty", 0, null, "poll", LU, 0L, DAYS),
                row("poll(1, NANOSECONDS) empty", 0, null, "poll", LU, 1L, NS),
                row("poll(MAX_VALUE, DAYS)", 2, null, "poll", LU, Long.MAX_VALUE, DAYS),
                row("poll(MIN_VALUE, NANOSECONDS)", 1, null, "poll", LU, Long.MIN_VALUE, NS),
                // beyond the JDK (no reference): the Duration forms, same checks as the (long, TimeUnit) ones
                row("offer(null, 1 s)", 0, NPE, "offer", od, null, Duration.ofSeconds(1)),
                row("offer(e, null Duration)", 0, NPE, "offer", od, e, null),
                row("offer(e, ZERO) full", 3, null, "offer", od, e, Duration.ZERO),
                row("offer(e, most negative Duration) full", 3, null, "offer", od, e, Duration.ofSeconds(Long.MIN_VALUE)),
                row("poll(null Duration)", 1, NPE, "poll", DURATION, (Object) null),
                row("poll(ZERO) empty", 0, null, "poll", DURATION, Duration.ZERO),
                irow("poll(ZERO) interrupted", 2, IE, "poll", DURATION, Duration.ZERO),
                irow("offer(e, longest Duration) interrupted", 0, IE, "offer", od, e, Duration.ofSeconds(Long.MAX_VALUE)),
                irow("put(e) interrupted", 0, IE, "put", o, e),
                irow("put(null) interrupted", 0, NPE, "put", o, (Object) null),
                irow("offer(e, 0, SECONDS) interrupted", 0, IE, "offer", olu, e, 0L, S),
                irow("take() interrupted", 2, IE, "take", NONE),
                irow("poll(MIN_VALUE, NANOSECONDS) interrupted", 2, IE, "poll", LU, Long.MIN_VALUE, NS),
                irow("offer(e) interrupted", 0, null, "offer", o, e),
                irow("poll() interrupted", 1, null, "poll", NONE),
                row("drainTo(null)", 2, NPE, "drainTo", c, (Object) null),
                row("drainTo(this)", 2, IAE, "drainTo", c, SELF),
                row("drainTo(null, 1)", 2, NPE, "drainTo", ci, null, 1),
                row("drainTo(null, -1)", 2, NPE, "drainTo", ci, null, -1),
                row("drainTo(this, 1)", 2, IAE, "drainTo", ci, SELF, 1),
                row("drainTo(this, -1)", 2, IAE, "drainTo", ci, SELF, -1),
                row("drainTo(list, -1)", 2, null, "drainTo", ci, NEW_LIST, -1),
                row("drainTo(list, MIN)", 2, null, "drainTo", ci, NEW_LIST, MIN),
                row("drainTo(list, 0)", 2, null, "drainTo", ci, NEW_LIST, 0),
                row("drainTo(list, MAX)", 3, null, "drainTo", ci, NEW_LIST, MAX),
                row("drainTo(list)", 2, null, "drainTo", c, NEW_LIST),
                row("setWaitListener(null)", 2, null, "setWaitListener", new Class<?>[] {WaitListener.class},
                        (Object) null),
                row("contains(null)", 2, null, "contains", o, (Object) null),
                row("remove(e)", 2, UOE, "remove", o, 1L).differs(middle),
                row("remove(null)", 2, UOE, "remove", o, (Object) null).differs(middle),
                row("removeAll(list)", 2, UOE, "removeAll", c, NEW_LIST).differs(middle),
                row("removeAll(null)", 2, UOE, "removeAll", c, (Object) null).differs(middle),
                row("retainAll(list)", 2, UOE, "retainAll", c, NEW_LIST).differs(middle),
                row("retainAll(null)", 2, UOE, "retainAll", c, (Object) null).differs(middle),
                row("removeIf(null)", 2, UOE, "removeIf", new Class<?>[] {Predicate.class}, (Object) null)
                        .differs(middle),
                row("new BoundedBuffer(0)", 0, IAE, CONSTRUCTOR, I, 0),
                row("new BoundedBuffer(MIN)", 0, IAE, CONSTRUCTOR, I, MIN),
                row("new BoundedBuffer(-1, true)", 0, IAE, CONSTRUCTOR, new Class<?>[] {int.class, boolean.class},
                        -1, true),
                row("new BoundedBuffer(1, false)", 0, null, CONSTRUCTOR, new Class<?>[] {int.class, boolean.class},
                        1, false));
        return new BadInputTest.Family("bounded-buffer", BoundedBuffer.class,
                List.of(new BadInputTest.Subject("bounded-buffer-nonfair", filled(c1 -> new BoundedBuffer<>(c1))),
                        new BadInputTest.Subject("bounded-buffer-fair", filled(c1 -> new BoundedBuffer<>(c1, true)))),
                new BadInputTest.Subject("java.util.concurrent.ArrayBlockingQueue",
                        filled(c1 -> new ArrayBlockingQueue<>(c1))),
                ArrayBlockingQueue.class, BadInputFamilies::bufferState, rows);
    }

    private static IntFunction<Object> filled(IntFunction<BlockingQueue<Long>> create) {
        return n -> {
            BlockingQueue<Long> queue = create.apply(CAPACITY);
            for (long k = 1; k <= n; k++) {
                queue.add(k);
            }
            return queue;
        };
    }

    private static String bufferState(Object queue) {
        return "size=" + BadInputTest.invokeQuietly(queue, "size") + " remaining="
                + BadInputTest.invokeQuietly(queue, "remainingCapacity") + " elements=" + queue;
    }
}
