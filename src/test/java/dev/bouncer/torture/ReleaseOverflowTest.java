package dev.bouncer.torture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bouncer.support.Subjects;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A release or unlock that throws {@link StackOverflowError} has released nothing, also when no
 * waiter is parked and so the release reserved no stack (QS-I8). The failure it guards against:
 * {@code unlock()} releases the mutex, then overflows in its call to {@code signalNext()}, and
 * throws.
 *
 * <p>The rig is {@link ReleaseOverflow}, forked with {@code -XX:TieredStopAtLevel=1}. That is where
 * such a failure shows in every round whose release is the deepest point of the frame: in the
 * interpreter the deepest point is the acquire's VarHandle machinery (before anything changed),
 * fully optimized code inlines the small calls away, but code from the client compiler keeps them
 * as calls, so a call after the release store would be the deepest point of the release. A release
 * that called out after its store fails this rig for every subject. In the shared test JVM the
 * same window is hit only about once per run, while the classes warm up, so
 * {@link StackOverflowLockAndBufferTest} alone would catch it only now and then.
 */
class ReleaseOverflowTest {
    private static final int ROUNDS = 200;

    @TempDir
    Path tempDir;

    static List<Subjects.Subject<?>> subjects() {
        List<Subjects.Subject<?>> subjects = new ArrayList<>(Subjects.semaphores());
        subjects.addAll(Subjects.locks());
        return subjects;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void releaseThatOverflowsReleasedNothing(Subjects.Subject<?> subject) throws Exception {
        Fork fork = Fork.run(tempDir.resolve("fork.txt"), 60, List.of("-XX:TieredStopAtLevel=1"),
                ReleaseOverflow.class, subject.name(), Integer.toString(ROUNDS));
        String text = fork.output();
        assertThat(fork.exited()).as("the fork finished within 60 s:\n" + text).isTrue();
        assertThat(text).as("the fork's report").contains("RELEASE-OVERFLOW primitive=" + subject.name());
        assertThat(count(text, "overflows")).as("every round overflowed:\n" + text).isEqualTo(ROUNDS);
        assertThat(count(text, "mismatches"))
                .as("rounds where an acquire or release that threw had taken or released something:\n"
                        + text)
                .isZero();
        // The stack ran out inside the primitive, where the window is, not in the rig's own frame.
        assertThat(count(text, "inPrimitive")).as("overflows inside the primitive:\n" + text)
                .isGreaterThan(ROUNDS / 2);
        assertThat(text).contains("result=OK");
        assertThat(fork.exitValue()).as(text).isZero();
    }

    private static long count(String text, String name) {
        Matcher m = Pattern.compile(name + "=(\\d+)").matcher(text);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
