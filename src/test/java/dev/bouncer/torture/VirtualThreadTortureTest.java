package dev.bouncer.torture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bouncer.BoundedBuffer;
import dev.bouncer.Semaphore;
import dev.bouncer.support.Subjects;
import dev.bouncer.support.Threads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The torture on 100,000 virtual threads (JDK 21+; the library is built with {@code --release 17},
 * so virtual threads are reached through {@link Threads}), recorded with JFR: no carrier thread may
 * be pinned with a {@code dev.bouncer} frame on the virtual thread's stack.
 * {@code -Dbouncer.torture.virtualThreads=N} changes the crowd size. The JDK stand-ins get a tenth
 * of the crowd: they only keep the scenario exercised until the bouncer class is merged, and a
 * fair JDK semaphore or an ArrayBlockingQueue takes tens of seconds to drain 100,000 waiters here.
 */
class VirtualThreadTortureTest {
    private static final String PINNED = "jdk.VirtualThreadPinned";
    static final int THREADS = Integer.getInteger("bouncer.torture.virtualThreads", 100_000);

    @TempDir
    Path tempDir;

    /**
     * Initializes every class of {@code dev.bouncer} before anything is recorded. A virtual thread
     * that waits for another thread to finish a class's static initializer pins its carrier: the
     * JVM cannot unmount it there (JDK 25 included). That is the JVM's doing and happens once per
     * class: the first two virtual threads to queue at once can pin for a fraction of a
     * millisecond ("Waited for initialization of" a queue class "by another thread"). Initializing up front
     * leaves the recording to the waits that bouncer itself makes, and makes the test independent
     * of which tests ran before it.
     */
    @BeforeAll
    static void initializeLibraryClasses() throws Exception {
        // The tests run from the build's class directory (surefire), not from a jar.
        Path root = Path.of(Semaphore.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> names;
        try (Stream<Path> files = Files.list(root.resolve("dev/bouncer"))) {
            names = files.map(file -> file.getFileName().toString())
                    .filter(file -> file.endsWith(".class"))
                    .map(file -> "dev.bouncer." + file.substring(0, file.length() - ".class".length()))
                    .collect(Collectors.toList());
        }
        assertThat(names).as("classes found under " + root).contains("dev.bouncer.Semaphore",
                "dev.bouncer.QueuedSynchronizer", "dev.bouncer.BoundedBuffer");
        for (String name : names) {
            Class.forName(name, true, Semaphore.class.getClassLoader());
        }
    }

    @BeforeEach
    void needsVirtualThreads() {
        assumeTrue(Runtime.version().feature() >= 21 && Threads.virtualThreadsAvailable(),
                "virtual threads need JDK 21+");
    }

    static List<Subjects.Subject<?>> subjects() {
        return Subjects.tortured();
    }

    /** Every torture check holds with a crowd of virtual threads, and nothing pins a carrier. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void survivesTortureOnVirtualThreadsWithoutPinning(Subjects.Subject<?> subject) throws IOException {
        Duration duration = Duration.ofSeconds(Long.getLong("bouncer.torture.virtualSeconds", 2L));
        int threads = subject.name().startsWith("jdk-") ? THREADS / 10 : THREADS;
        Report[] report = new Report[1];
        List<RecordedEvent> pinned = recordPinning(
                () -> report[0] = Torture.run(subject, Torture.Config.virtual(duration, threads)));
        List<RecordedEvent> ours = involvingBouncer(pinned);
        System.out.println("JFR " + subject.name() + ": " + pinned.size() + " " + PINNED + " events, "
                + ours.size() + " with dev.bouncer frames");
        assertThat(report[0].failures()).as(report[0].line()).isEmpty();
        assertThat(ours).as("pinned carriers with dev.bouncer on the stack:\n" + describe(ours)).isEmpty();
    }

    /**
     * The buffer's slot handover on virtual threads does not starve the thread it waits for. 1,000
     * virtual producers put 1,000 distinct items each through a 16-slot buffer to 1,000 virtual
     * consumers, with no chaos at all. Handover waiters that only spun and yielded would stall
     * this within about a second on a machine with few carriers: waiters yielding on every carrier
     * keep the thread they wait for, runnable and about to publish, from ever running again.
     * Waiters park after a bounded number of yields, so every item must arrive exactly once within
     * the deadline.
     */
    @Test
    void bufferHandoverDoesNotStarveTheThreadItWaitsFor() {
        int pairs = 1_000;
        int perThread = 1_000;
        BoundedBuffer<Integer> buffer = new BoundedBuffer<>(16);
        AtomicIntegerArray received = new AtomicIntegerArray(pairs * perThread);
        AtomicLong taken = new AtomicLong();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < pairs; p++) {
            int first = p * perThread;
            threads.add(Threads.start("handover-producer-" + p, true, () -> {
                try {
                    for (int item = first; item < first + perThread; item++) {
                        buffer.put(item);
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
            threads.add(Threads.start("handover-consumer-" + p, true, () -> {
                try {
                    for (int i = 0; i < perThread; i++) {
                        received.incrementAndGet(buffer.take());
                        taken.incrementAndGet();
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
        }
        List<Thread> stuck = Threads.joinAll(threads, System.nanoTime() + TimeUnit.SECONDS.toNanos(60));
        assertThat(stuck).as(() -> taken.get() + " of " + pairs * perThread + " items taken; "
                + stuck.size() + " threads stuck:\n" + Threads.dump(stuck, 5)).isEmpty();
        assertThat(errors).isEmpty();
        for (int item = 0; item < received.length(); item++) {
            assertThat(received.get(item)).as("deliveries of item %d", item).isEqualTo(1);
        }
        assertThat(buffer).isEmpty();
    }

    /**
     * The pinning check can fail: a virtual thread that waits on a bouncer semaphore inside a class
     * initializer pins its carrier (the JVM cannot unmount it there), and the check sees it.
     */
    @Test
    void pinningCheckSeesAWaitInsideAClassInitializer() throws IOException {
        List<RecordedEvent> pinned = recordPinning(() -> {
            Thread thread = Threads.start("pins-in-clinit", true, WaitsInInitializer::touch);
            List<Thread> stuck = Threads.joinAll(List.of(thread), System.nanoTime() + 30_000_000_000L);
            assertThat(stuck).isEmpty();
            return null;
        });
        assertThat(involvingBouncer(pinned)).as("pinned events seen: " + pinned.size()).isNotEmpty();
    }

    /** Runs the action under a JFR recording of every pinned park (threshold 0) and returns them. */
    private List<RecordedEvent> recordPinning(Supplier<?> action) throws IOException {
        Path file = tempDir.resolve("pinning.jfr");
        try (Recording recording = new Recording()) {
            recording.enable(PINNED).withThreshold(Duration.ZERO).withStackTrace();
            recording.start();
            action.get();
            recording.stop();
            recording.dump(file);
        }
        return RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals(PINNED))
                .collect(Collectors.toList());
    }

    private static List<RecordedEvent> involvingBouncer(List<RecordedEvent> events) {
        return events.stream()
                .filter(e -> e.getStackTrace() != null && e.getStackTrace().getFrames().stream()
                        .anyMatch(VirtualThreadTortureTest::isBouncerFrame))
                .collect(Collectors.toList());
    }

    private static boolean isBouncerFrame(RecordedFrame frame) {
        return frame.getMethod() != null && frame.getMethod().getType().getName().startsWith("dev.bouncer.");
    }

    private static String describe(List<RecordedEvent> events) {
        return events.stream().limit(3).map(RecordedEvent::toString).collect(Collectors.joining("\n"));
    }

    /** Waits 50 ms on an empty bouncer semaphore while its class is being initialized. */
    static final class WaitsInInitializer {
        static final dev.bouncer.Semaphore EMPTY = new dev.bouncer.Semaphore(0);

        static {
            try {
                EMPTY.tryAcquire(1, 50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        static void touch() {
            // Initializes the class.
        }
    }
}
