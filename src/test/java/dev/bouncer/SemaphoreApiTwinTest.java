package dev.bouncer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Serializable;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.AbstractOwnableSynchronizer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Drop-in replacement, checked by reflection: every public or protected constructor and method of
 * {@link java.util.concurrent.Semaphore} has a twin in {@link dev.bouncer.Semaphore} with the same
 * name, parameter types, return type, modifiers and declared exceptions, and ours adds none but
 * the {@link PermitSource} methods and {@code Duration} overloads.
 */
class SemaphoreApiTwinTest {
    private static final Class<?> JDK = java.util.concurrent.Semaphore.class;
    private static final Class<?> OURS = dev.bouncer.Semaphore.class;

    /** The modifiers a caller or subclass can tell apart. */
    private static final int VISIBLE_MODIFIERS =
            Modifier.PUBLIC | Modifier.PROTECTED | Modifier.STATIC | Modifier.FINAL | Modifier.ABSTRACT;

    @Test
    void classIsPublicNonFinalSerializableWithTheJdkClassInterfaces() {
        assertThat(OURS.getModifiers() & VISIBLE_MODIFIERS).isEqualTo(JDK.getModifiers() & VISIBLE_MODIFIERS);
        assertThat(OURS.getInterfaces()).containsExactlyInAnyOrder(
                Stream.concat(Arrays.stream(JDK.getInterfaces()), Stream.of(PermitSource.class))
                        .toArray(Class<?>[]::new));
        assertThat(Serializable.class).isAssignableFrom(OURS);
    }

    /**
     * The documented differences in the type: ours extends the package-private engine that it
     * shares with Mutex, which is an AbstractOwnableSynchronizer (so that Mutex's waits are seen by
     * deadlock detection). All a caller or subclass can reach through it is that class's two
     * protected final owner accessors, which a semaphore never sets, and the engine's public final
     * accessors of the wait listener, which every primitive shares.
     */
    @Test
    void superclassesAddOnlyTheOwnerAccessorsAndTheWaitListener() {
        assertThat(JDK.getSuperclass()).isEqualTo(Object.class);
        assertThat(OURS.getSuperclass().getModifiers() & (Modifier.PUBLIC | Modifier.PROTECTED))
                .as("the engine is package-private").isZero();
        assertThat(OURS.getSuperclass().getSuperclass()).isEqualTo(AbstractOwnableSynchronizer.class);
        Set<String> inherited = new TreeSet<>();
        for (Class<?> c = OURS.getSuperclass(); c != Object.class; c = c.getSuperclass()) {
            inherited.addAll(signatures(c)); // a package-private class's public methods are reachable too
        }
        assertThat(inherited).containsExactlyInAnyOrder("<init>()",
                "getExclusiveOwnerThread()", "setExclusiveOwnerThread(java.lang.Thread)",
                "getWaitListener()", "setWaitListener(dev.bouncer.WaitListener)");
    }

    @Test
    void everyJdkConstructorHasATwin() throws NoSuchMethodException {
        for (Constructor<?> jdk : apiOf(JDK.getDeclaredConstructors())) {
            Constructor<?> ours = OURS.getDeclaredConstructor(jdk.getParameterTypes());
            assertSameShape(jdk, ours);
        }
    }

    @Test
    void everyJdkMethodHasATwin() {
        List<Method> jdkMethods = apiOf(JDK.getDeclaredMethods());
        assertThat(jdkMethods).as("the JDK API as this test sees it").hasSizeGreaterThanOrEqualTo(18);
        for (Method jdk : jdkMethods) {
            Method ours;
            try {
                ours = OURS.getDeclaredMethod(jdk.getName(), jdk.getParameterTypes());
            } catch (NoSuchMethodException e) {
                throw new AssertionError("no twin for " + jdk.toGenericString(), e);
            }
            assertSameShape(jdk, ours);
            assertThat(ours.getGenericReturnType()).as("return type of %s", signature(ours))
                    .isEqualTo(jdk.getGenericReturnType());
        }
    }

    /**
     * What ours adds beyond the JDK's API, all documented in docs/permits.md: the Duration
     * overloads, the PermitSource methods, the view as the JDK class, close, and leak detection.
     */
    private static final Set<String> BEYOND_THE_JDK = Set.of(
            "tryAcquire(java.time.Duration)", "tryAcquire(int,java.time.Duration)",
            "acquirePermit(int)", "acquirePermitUninterruptibly(int)", "tryAcquirePermit(int)",
            "tryAcquirePermit(int,long,java.util.concurrent.TimeUnit)", "asJdkSemaphore()",
            "close()", "isClosed()",
            "<init>(int,boolean,dev.bouncer.LeakDetection)", "permitHolders()");

    @Test
    void oursAddsNoPublicOrProtectedMembersButThePermitHandlesAndDurations() {
        Set<String> jdkApi = new TreeSet<>(signatures(JDK));
        jdkApi.addAll(BEYOND_THE_JDK);
        assertThat(signatures(OURS)).as("public and protected members beyond the JDK's")
                .isSubsetOf(jdkApi);
    }

    private static void assertSameShape(Executable jdk, Executable ours) {
        String what = signature(jdk);
        assertThat(ours.getModifiers() & VISIBLE_MODIFIERS).as("modifiers of %s", what)
                .isEqualTo(jdk.getModifiers() & VISIBLE_MODIFIERS);
        assertThat(ours.getExceptionTypes()).as("declared exceptions of %s", what)
                .containsExactlyInAnyOrder(jdk.getExceptionTypes());
        assertThat(ours.getGenericParameterTypes()).as("parameter types of %s", what)
                .containsExactly(jdk.getGenericParameterTypes());
    }

    /** Public and protected, as written in the source (no bridges or other synthetic members). */
    private static <E extends Executable> List<E> apiOf(E[] members) {
        return Arrays.stream(members)
                .filter(m -> (m.getModifiers() & (Modifier.PUBLIC | Modifier.PROTECTED)) != 0)
                .filter(m -> !m.isSynthetic())
                .collect(Collectors.toList());
    }

    private static Set<String> signatures(Class<?> type) {
        return Stream.concat(apiOf(type.getDeclaredConstructors()).stream(),
                        apiOf(type.getDeclaredMethods()).stream())
                .map(SemaphoreApiTwinTest::signature)
                .collect(Collectors.toSet());
    }

    /** Name and parameter types, with constructors named {@code <init>} so both classes compare. */
    private static String signature(Executable member) {
        String name = member instanceof Constructor ? "<init>" : member.getName();
        return name + Arrays.stream(member.getParameterTypes()).map(Class::getName)
                .collect(Collectors.joining(",", "(", ")"));
    }
}
