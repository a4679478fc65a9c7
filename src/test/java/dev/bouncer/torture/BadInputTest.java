package dev.bouncer.torture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bouncer.LeakDetection;
import dev.bouncer.support.SemaphoreLike;
import dev.bouncer.support.SemaphoreTwin;
import dev.bouncer.support.Subjects;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Bad input, table-driven: every method called with every class of bad argument (negative, zero
 * where invalid, null unit, {@code Integer.MAX_VALUE}, sums that overflow, extreme timeouts and
 * units, a pending interrupt). Each row names the exception it expects; where the family has a JDK
 * reference the row is first run against it, so the table itself is checked against the JDK's
 * behaviour. Then the row runs against each subject, which must give the same outcome (exception
 * type or return value), the same interrupt status, the same state as the reference, and, when it
 * threw or returned false, the state it had before.
 *
 * <p>Rows call methods by name through reflection, so one row serves the JDK class and ours alike
 * (they share no interface), and {@link #everyMethodWithArgumentsHasARow} can prove the table
 * covers every public method. Add a family for another primitive in {@link #families()}.
 */
class BadInputTest {
    static final Class<? extends Throwable> IAE = IllegalArgumentException.class;
    static final Class<? extends Throwable> NPE = NullPointerException.class;
    static final Class<? extends Throwable> IE = InterruptedException.class;
    private static final Class<? extends Throwable> ERROR = Error.class;
    static final int MAX = Integer.MAX_VALUE;
    static final int MIN = Integer.MIN_VALUE;

    /** A primitive's rows, its subjects, its reference (or null) and how to read its state. */
    record Family(String name, Class<?> type, List<Subject> subjects, Subject reference,
            Class<?> referenceType, Function<Object, String> state, List<Row> rows) {
    }

    record Subject(String name, IntFunction<Object> create) {
    }

    /**
     * One call: set the primitive up with {@code setup} (what it means is the family's), optionally
     * interrupt the calling thread first, call, and expect {@code expected} (null: returns
     * normally). The method {@value #CONSTRUCTOR} calls the family's constructor with the
     * arguments. {@code differs} (null for most rows) says why this row deliberately does not match
     * the reference; such a row is then checked to differ from it, so the statement stays true.
     */
    record Row(String name, int setup, boolean interrupted, Class<? extends Throwable> expected,
            String method, Class<?>[] types, Object[] args, String differs) {
        @Override
        public String toString() {
            return name + " [setup " + setup + (interrupted ? ", interrupted" : "") + "]";
        }

        /** This row, stating how and why the primitive deliberately differs from the reference. */
        Row differs(String why) {
            return new Row(name, setup, interrupted, expected, method, types, args, why);
        }
    }

    /** The method name of a row that calls a constructor. */
    static final String CONSTRUCTOR = "new";
    /** An argument that stands for the primitive itself ({@code drainTo(this)}). */
    static final Object SELF = new Object() {
        @Override
        public String toString() {
            return "this";
        }
    };
    /** An argument that stands for a new, empty {@code ArrayList} (a drain target). */
    static final Object NEW_LIST = new Object() {
        @Override
        public String toString() {
            return "new ArrayList";
        }
    };

    /**
     * A lock and one of its conditions: the target of the condition rows, which call the
     * condition and read the state of the lock.
     */
    record Guarded(Object lock, Object condition) {
    }

    /** Every family of the table. BoundedSemaphore, Mutex and BoundedBuffer get theirs here. */
    static List<Family> families() {
        return List.of(semaphoreFamily(), BadInputFamilies.boundedSemaphore(),
                BadInputFamilies.binarySemaphore(), BadInputFamilies.mutex(), BadInputFamilies.mutexCondition(),
                BadInputFamilies.boundedBuffer());
    }

    static Family semaphoreFamily() {
        List<Subject> subjects = new ArrayList<>();
        for (Subjects.Subject<SemaphoreLike> s : Subjects.BOUNCER_SEMAPHORES) {
            subjects.add(new Subject(s.name(), s::create));
        }
        Subject reference = new Subject("java.util.concurrent.Semaphore",
                n -> SemaphoreTwin.JDK.create(n, false));
        Class<?>[] i = {int.class};
        Class<?>[] lu = {long.class, TimeUnit.class};
        Class<?>[] ilu = {int.class, long.class, TimeUnit.class};
        Class<?>[] none = {};
        TimeUnit s = TimeUnit.SECONDS;
        TimeUnit ns = TimeUnit.NANOSECONDS;
        TimeUnit days = TimeUnit.DAYS;
        List<Row> rows = List.of(
                // negative permit counts
                row("acquire(-1)", 3, IAE, "acquire", i, -1),
                row("acquire(MIN)", 3, IAE, "acquire", i, MIN),
                row("acquireUninterruptibly(-1)", 3, IAE, "acquireUninterruptibly", i, -1),
                row("tryAcquire(-1)", 3, IAE, "tryAcquire", i, -1),
                row("tryAcquire(-1, 1, SECONDS)", 3, IAE, "tryAcquire", ilu, -1, 1L, s),
                row("release(-1)", 3, IAE, "release", i, -1),
                row("release(MIN)", 3, IAE, "release", i, MIN),
                row("reducePermits(-1)", 3, IAE, "reducePermits", i, -1),
                // null unit, and which check comes first
                row("tryAcquire(1, null)", 3, NPE, "tryAcquire", lu, 1L, null),
                row("tryAcquire(MIN_VALUE, null)", 3, NPE, "tryAcquire", lu, Long.MIN_VALUE, null),
                row("tryAcquire(1, 1, null)", 3, NPE, "tryAcquire", ilu, 1, 1L, null),
                row("tryAcquire(-1, 1, null)", 3, IAE, "tryAcquire", ilu, -1, 1L, null),
                row("tryAcquire(0, 0, null)", 0, NPE, "tryAcquire", ilu, 0, 0L, null),
                // overflowing sums
                row("release() at MAX", MAX, ERROR, "release", none),
                row("release(1) at MAX", MAX, ERROR, "release", i, 1),
                row("release(2) at MAX-1", MAX - 1, ERROR, "release", i, 2),
                row("release(MAX) at 1", 1, ERROR, "release", i, MAX),
                row("reducePermits(2) at MIN+1", MIN + 1, ERROR, "reducePermits", i, 2),
                row("reducePermits(MAX) at -2", -2, ERROR, "reducePermits", i, MAX),
                // Integer.MAX_VALUE requests and extreme timeouts: no wait, no change
                row("tryAcquire(MAX)", 3, null, "tryAcquire", i, MAX),
                row("tryAcquire(MAX, MIN_VALUE, NANOSECONDS)", 3, null, "tryAcquire", ilu, MAX, Long.MIN_VALUE, ns),
                row("tryAcquire(MAX, 0, DAYS)", 3, null, "tryAcquire", ilu, MAX, 0L, days),
                row("tryAcquire(MAX, -1, DAYS)", 3, null, "tryAcquire", ilu, MAX, -1L, days),
                row("tryAcquire(MIN_VALUE, DAYS) at 0", 0, null, "tryAcquire", lu, Long.MIN_VALUE, days),
                row("tryAcquire(1, MAX_VALUE, DAYS)", 3, null, "tryAcquire", ilu, 1, Long.MAX_VALUE, days),
                row("tryAcquire(MAX_VALUE, NANOSECONDS)", 3, null, "tryAcquire", lu, Long.MAX_VALUE, ns),
                // zero permits on a negative count: valid, fails without waiting
                row("tryAcquire(0) at -5", -5, null, "tryAcquire", i, 0),
                row("tryAcquire(0, 0, SECONDS) at -5", -5, null, "tryAcquire", ilu, 0, 0L, s),
                row("acquire(0) at 0", 0, null, "acquire", i, 0),
                row("drainPermits() at MIN", MIN, null, "drainPermits", none),
                // a pending interrupt: thrown before anything, even with permits and no wait
                irow("acquire() interrupted", 3, IE, "acquire", none),
                irow("acquire(1) interrupted", 3, IE, "acquire", i, 1),
                irow("tryAcquire(0, SECONDS) interrupted", 3, IE, "tryAcquire", lu, 0L, s),
                irow("tryAcquire(1, MIN_VALUE, NANOSECONDS) interrupted", 3, IE, "tryAcquire", ilu, 1, Long.MIN_VALUE, ns),
                irow("tryAcquire(1, MAX_VALUE, DAYS) interrupted", 3, IE, "tryAcquire", ilu, 1, Long.MAX_VALUE, days),
                irow("acquire(-1) interrupted", 3, IAE, "acquire", i, -1),
                irow("tryAcquire(1, 1, null) interrupted", 3, NPE, "tryAcquire", ilu, 1, 1L, null),
                irow("tryAcquire(1) interrupted", 3, null, "tryAcquire", i, 1),
                irow("acquireUninterruptibly(1) interrupted", 3, null, "acquireUninterruptibly", i, 1),
                // beyond the JDK (no reference): Duration timeouts and permit handles, same checks
                row("tryAcquire(null Duration)", 3, NPE, "tryAcquire", new Class<?>[] {Duration.class}, (Object) null),
                row("tryAcquire(-1, 1 s)", 3, IAE, "tryAcquire", new Class<?>[] {int.class, Duration.class}, -1,
                        Duration.ofSeconds(1)),
                row("tryAcquire(1, null Duration)", 3, NPE, "tryAcquire", new Class<?>[] {int.class, Duration.class}, 1,
                        null),
                row("tryAcquire(MAX, most negative Duration)", 3, null, "tryAcquire", new Class<?>[] {int.class, Duration.class},
                        MAX, Duration.ofSeconds(Long.MIN_VALUE)),
                irow("tryAcquire(ZERO Duration) interrupted", 3, IE, "tryAcquire", new Class<?>[] {Duration.class},
                        Duration.ZERO),
                row("acquirePermit(-1)", 3, IAE, "acquirePermit", i, -1),
                irow("acquirePermit(1) interrupted", 3, IE, "acquirePermit", i, 1),
                row("acquirePermitUninterruptibly(-1)", 3, IAE, "acquirePermitUninterruptibly", i, -1),
                row("tryAcquirePermit(-1)", 3, IAE, "tryAcquirePermit", i, -1),
                row("tryAcquirePermit(MAX)", 3, null, "tryAcquirePermit", i, MAX),
                row("tryAcquirePermit(-1, 1, null)", 3, IAE, "tryAcquirePermit", ilu, -1, 1L, null),
                row("tryAcquirePermit(1, 1, null)", 3, NPE, "tryAcquirePermit", ilu, 1, 1L, null),
                row("tryAcquirePermit(MAX, MIN_VALUE, NANOSECONDS)", 3, null, "tryAcquirePermit", ilu, MAX,
                        Long.MIN_VALUE, ns),
                irow("tryAcquirePermit(1, 0, SECONDS) interrupted", 3, IE, "tryAcquirePermit", ilu, 1, 0L, s),
                // constructors: any count is valid, negative ones included
                row("new Semaphore(MIN)", 0, null, CONSTRUCTOR, i, MIN),
                row("new Semaphore(-1, true)", 0, null, CONSTRUCTOR, new Class<?>[] {int.class, boolean.class}, -1, true),
                row("new Semaphore(1, false, null)", 0, NPE, CONSTRUCTOR,
                        new Class<?>[] {int.class, boolean.class, LeakDetection.class}, 1, false, null));
        return new Family("semaphore", dev.bouncer.Semaphore.class, subjects, reference,
                java.util.concurrent.Semaphore.class, BadInputTest::semaphoreState, rows);
    }

    static Row row(String name, int setup, Class<? extends Throwable> expected, String method,
            Class<?>[] types, Object... args) {
        return new Row(name, setup, false, expected, method, types, args, null);
    }

    static Row irow(String name, int setup, Class<? extends Throwable> expected, String method,
            Class<?>[] types, Object... args) {
        return new Row(name, setup, true, expected, method, types, args, null);
    }

    static String semaphoreState(Object semaphore) {
        return "permits=" + invokeQuietly(semaphore, "availablePermits") + " queued="
                + invokeQuietly(semaphore, "getQueueLength");
    }

    @TestFactory
    Stream<DynamicTest> everyRowGivesTheReferenceOutcomeAndKeepsTheState() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Family family : families()) {
            for (Row row : family.rows()) {
                for (Subject subject : family.subjects()) {
                    tests.add(DynamicTest.dynamicTest(family.name() + " " + subject.name() + " " + row,
                            () -> check(family, subject, row)));
                }
            }
        }
        return tests.stream();
    }

    /**
     * The table is complete: each public or protected method and constructor that a family's class
     * declares and that takes arguments has at least one row.
     */
    @Test
    void everyMethodWithArgumentsHasARow() {
        for (Family family : families()) {
            List<Executable> declared = new ArrayList<>(Arrays.asList(family.type().getDeclaredMethods()));
            declared.addAll(Arrays.asList(family.type().getDeclaredConstructors()));
            for (Executable executable : declared) {
                int modifiers = executable.getModifiers();
                if (executable.getParameterCount() == 0 || executable.isSynthetic()
                        || !(Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers))) {
                    continue;
                }
                String name = executable instanceof Constructor ? CONSTRUCTOR : executable.getName();
                boolean covered = family.rows().stream().anyMatch(r -> r.method().equals(name)
                        && Arrays.equals(r.types(), executable.getParameterTypes()));
                assertThat(covered).as(family.name() + ": no row for " + executable).isTrue();
            }
        }
    }

    /**
     * The row's own expectation, then the reference: the same exception, value, state and
     * interrupt status, or, for a row that says it {@code differs}, a different outcome. A row
     * whose method or constructor the reference lacks ({@code tryRelease}, the bounded
     * constructors), or keeps out of reach (a protected method of a JDK class, such as
     * {@code ReentrantLock.getWaitingThreads}, which MutexMonitoringTest compares through a
     * subclass), has only its own expectation, and may not claim to differ.
     */
    private static void check(Family family, Subject subject, Row row) {
        Outcome actual = Outcome.of(subject, family.type(), row, family.state());
        assertThat(actual.thrownType()).as(row + " threw " + actual.thrown).isEqualTo(row.expected());
        Outcome reference = family.reference() == null ? null
                : Outcome.of(family.reference(), family.referenceType(), row, family.state());
        if (reference != null && (reference.thrown instanceof NoSuchMethodException
                || reference.thrown instanceof InaccessibleObjectException)) {
            assertThat(row.differs()).as("differs(...) on a row the reference cannot run").isNull();
        } else if (reference != null && row.differs() != null) {
            assertThat(reference.summary()).as("the reference, which this row says differs: " + row.differs())
                    .isNotEqualTo(actual.summary());
        } else if (reference != null) {
            assertThat(reference.thrownType()).as("the table's expectation, checked against the JDK")
                    .isEqualTo(row.expected());
            assertThat(actual.value).as("return value").isEqualTo(reference.value);
            assertThat(actual.after).as("state after, as the reference's").isEqualTo(reference.after);
            assertThat(actual.interruptedAfter).as("interrupt status after, as the reference's")
                    .isEqualTo(reference.interruptedAfter);
        }
        if (actual.failed()) {
            assertThat(actual.after).as("a failed call leaves the state unchanged").isEqualTo(actual.before);
        }
    }

    /** What one call did. */
    private static final class Outcome {
        String before;
        String after;
        Object value;
        /** Whether the method returns a value, so that null means "nothing" (poll). */
        boolean returnsValue;
        Throwable thrown;
        boolean interruptedAfter;

        Class<?> thrownType() {
            return thrown == null ? null : thrown.getClass();
        }

        /** Threw, returned false, or returned null where a value was due: nothing may have changed. */
        boolean failed() {
            return thrown != null || Boolean.FALSE.equals(value) || (returnsValue && value == null);
        }

        String summary() {
            return "threw " + thrownType() + ", returned " + value + ", state " + after;
        }

        static Outcome of(Subject subject, Class<?> type, Row row, Function<Object, String> state) {
            Object target = subject.create().apply(row.setup());
            Object callee = target instanceof Guarded guarded ? guarded.condition() : target;
            Object[] args = row.args().clone();
            for (int k = 0; k < args.length; k++) {
                args[k] = args[k] == SELF ? callee : args[k] == NEW_LIST ? new ArrayList<>() : args[k];
            }
            Outcome outcome = new Outcome();
            outcome.before = state.apply(target);
            Thread.interrupted();
            if (row.interrupted()) {
                Thread.currentThread().interrupt();
            }
            try {
                if (row.method().equals(CONSTRUCTOR)) {
                    outcome.value = state.apply(construct(type, row.types(), args));
                } else {
                    Method method = lookUp(callee, row.method(), row.types());
                    outcome.returnsValue = method.getReturnType() != void.class;
                    outcome.value = call(method, callee, args);
                }
            } catch (Throwable e) {
                outcome.thrown = e;
            }
            outcome.interruptedAfter = Thread.interrupted();
            outcome.after = state.apply(target);
            if ("awaitNanos".equals(row.method()) && outcome.value instanceof Long nanos) {
                outcome.value = "sign " + Long.signum(nanos); // the time left depends on the clock
            }
            return outcome;
        }
    }

    private static Object construct(Class<?> type, Class<?>[] types, Object[] args) throws Throwable {
        try {
            return type.getConstructor(types).newInstance(args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /**
     * Calls a method by name and returns its result, rethrowing what it threw. A protected method
     * is reached where the twins' subclasses make it public ({@code reducePermits}).
     */
    static Object invoke(Object target, String method, Class<?>[] types, Object... args) throws Throwable {
        return call(lookUp(target, method, types), target, args);
    }

    /**
     * The method to call: the public one, found through a public interface when the class is not
     * public (a Mutex condition, a twin's subclass), else the declared one made accessible.
     */
    private static Method lookUp(Object target, String method, Class<?>[] types) throws NoSuchMethodException {
        try {
            Method m = target.getClass().getMethod(method, types);
            if (Modifier.isPublic(m.getDeclaringClass().getModifiers())) {
                return m;
            }
            for (Class<?> api : target.getClass().getInterfaces()) {
                try {
                    return api.getMethod(method, types);
                } catch (NoSuchMethodException notThere) {
                    // look in the next interface
                }
            }
            return m;
        } catch (NoSuchMethodException notPublic) {
            Method m = target.getClass().getDeclaredMethod(method, types);
            m.setAccessible(true);
            return m;
        }
    }

    private static Object call(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    static Object invokeQuietly(Object target, String method) {
        try {
            return invoke(target, method, new Class<?>[0]);
        } catch (Throwable e) {
            return e;
        }
    }
}
