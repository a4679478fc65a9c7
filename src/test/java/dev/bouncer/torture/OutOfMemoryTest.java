package dev.bouncer.torture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bouncer.support.SemaphoreLike;
import dev.bouncer.support.Subjects;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An {@link OutOfMemoryError} thrown while threads contend leaves the semaphore consistent
 * (pitfalls.md #13). The fault needs a JVM of its own with a 32 MB heap, so this test forks
 * {@link OutOfMemoryContention} and checks its exit code and report line.
 */
class OutOfMemoryTest {
    @TempDir
    Path tempDir;

    static List<Subjects.Subject<SemaphoreLike>> subjects() {
        return Subjects.semaphores();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void outOfMemoryWhileContendingLeavesTheSemaphoreConsistent(Subjects.Subject<SemaphoreLike> subject)
            throws Exception {
        Fork fork = Fork.run(tempDir.resolve("fork.txt"), 90, List.of("-Xmx32m"), OutOfMemoryContention.class,
                subject.name());
        String text = fork.output();
        assertThat(fork.exited()).as("the fork finished within 90 s:\n" + text).isTrue();
        assertThat(text).contains("OOME-RESULT primitive=" + subject.name()).contains("result=OK");
        assertThat(fork.exitValue()).as(text).isZero();
        if (!subject.name().startsWith("jdk-")) {
            // The fault reached the primitive. (The JDK stand-in is exempt: since JDK 22 or so
            // AbstractQueuedSynchronizer retries a node allocation that fails, so no error escapes.)
            Matcher injected = Pattern.compile("oomesInCalls=(\\d+)").matcher(text);
            assertThat(injected.find() && Long.parseLong(injected.group(1)) > 0)
                    .as("errors thrown out of semaphore calls:\n" + text).isTrue();
        }
    }

    /**
     * QS-I12: the first hand-over to a parked waiter, made while the heap is full, returns and
     * wakes the waiter: no call site of the engine or the buffer is linked for the first time after
     * a give-back or a grant. Without the eager linking each of these fails on every run (the
     * release or put throws {@code OutOfMemoryError} with the count already changed, and the
     * waiter stays parked).
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"semaphore-fair", "semaphore-nonfair", "buffer"})
    void theFirstHandOverUnderAFullHeapWakesTheParkedWaiter(String kind) throws Exception {
        Fork fork = Fork.run(tempDir.resolve("handover.txt"), 60, List.of("-Xmx32m"), FullHeapHandover.class, kind);
        String text = fork.output();
        assertThat(fork.exited()).as("the fork finished within 60 s:\n" + text).isTrue();
        assertThat(text).contains("HANDOVER kind=" + kind).contains("result=OK");
        assertThat(fork.exitValue()).as(text).isZero();
    }
}
