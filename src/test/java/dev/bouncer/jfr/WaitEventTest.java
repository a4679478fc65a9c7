package dev.bouncer.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bouncer.BoundedBuffer;
import dev.bouncer.Mutex;
import dev.bouncer.Semaphore;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.SettingDescriptor;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code dev.bouncer.Wait} Flight Recorder event: a recording that enables it gets one event
 * per long wait, with the primitive, the request, the fairness, the outcome and the queue length;
 * and the library works in a runtime that has no {@code jdk.jfr} module at all.
 */
@Timeout(120)
class WaitEventTest {
    private static final String EVENT = "dev.bouncer.Wait";
    /** Longer than the threshold the recording sets, so each provoked wait is written. */
    private static final long HOLD_MILLIS = 60;

    @TempDir
    Path dir;

    @Test
    void recordsEachLongWaitWithItsPrimitiveRequestFairnessOutcomeAndQueueLength() throws Exception {
        Mutex mutex = new Mutex(true);
        Semaphore semaphore = new Semaphore(0, true);
        Semaphore interruptible = new Semaphore(0);
        BoundedBuffer<String> buffer = new BoundedBuffer<>(1);
        Path file = dir.resolve("waits.jfr");
        try (Recording recording = new Recording()) {
            recording.enable(EVENT).withThreshold(Duration.ofMillis(10)).withStackTrace();
            recording.start();

            // Two threads queue on a held fair mutex, one after the other, and both acquire it.
            mutex.lock();
            Thread first = start("first", () -> lockAndUnlock(mutex));
            waitUntil("first queued", () -> mutex.getQueueLength() == 1 && parked(first));
            Thread second = start("second", () -> lockAndUnlock(mutex));
            waitUntil("second queued", () -> mutex.getQueueLength() == 2 && parked(second));
            Thread.sleep(HOLD_MILLIS); // makes the waits longer than the threshold
            mutex.unlock();
            join(first, second);

            // A timed acquire of two permits that runs out.
            assertThat(semaphore.tryAcquire(2, HOLD_MILLIS, TimeUnit.MILLISECONDS)).isFalse();

            // An acquire that is interrupted.
            Thread interrupted = start("interrupted", () -> {
                try {
                    interruptible.acquire();
                } catch (InterruptedException expected) {
                    return;
                }
                throw new AssertionError("acquired without a permit");
            });
            waitUntil("interrupted queued", () -> interruptible.getQueueLength() == 1 && parked(interrupted));
            Thread.sleep(HOLD_MILLIS);
            interrupted.interrupt();
            join(interrupted);

            // An acquire that the semaphore's close ends.
            Semaphore closing = new Semaphore(0);
            Thread closed = start("closed", () -> {
                try {
                    closing.acquire();
                } catch (dev.bouncer.SemaphoreClosedException expected) {
                    return;
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                throw new AssertionError("acquired from a closed semaphore");
            });
            waitUntil("closed queued", () -> closing.getQueueLength() == 1 && parked(closed));
            Thread.sleep(HOLD_MILLIS);
            closing.close();
            join(closed);

            // A take from an empty buffer, which a put ends.
            Thread taker = start("taker", () -> {
                try {
                    assertThat(buffer.take()).isEqualTo("x");
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
            waitUntil("taker parked", () -> parked(taker));
            Thread.sleep(HOLD_MILLIS);
            buffer.put("x");
            join(taker);

            recording.stop();
            recording.dump(file);
        }

        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals(EVENT))
                .collect(Collectors.toList());
        RecordedEvent firstWait = byThread(events, "first");
        assertThat(firstWait.getClass("primitiveClass").getName()).isEqualTo(Mutex.class.getName());
        assertThat(firstWait.getString("primitive"))
                .isEqualTo(Mutex.class.getName() + "@" + Integer.toHexString(System.identityHashCode(mutex)));
        assertThat(firstWait.getInt("permits")).isEqualTo(1);
        assertThat(firstWait.getBoolean("fair")).isTrue();
        assertThat(firstWait.getString("outcome")).isEqualTo("acquired");
        assertThat(firstWait.getInt("queueLength")).isZero();
        assertThat(firstWait.getDuration()).isGreaterThanOrEqualTo(Duration.ofMillis(HOLD_MILLIS));
        assertThat(firstWait.getStackTrace()).isNotNull();

        RecordedEvent secondWait = byThread(events, "second");
        assertThat(secondWait.getInt("queueLength")).isEqualTo(1);
        assertThat(secondWait.getString("outcome")).isEqualTo("acquired");

        RecordedEvent timedOut = byThread(events, Thread.currentThread().getName());
        assertThat(timedOut.getClass("primitiveClass").getName()).isEqualTo(Semaphore.class.getName());
        assertThat(timedOut.getInt("permits")).isEqualTo(2);
        assertThat(timedOut.getBoolean("fair")).isTrue();
        assertThat(timedOut.getString("outcome")).isEqualTo("timed out");

        RecordedEvent interruptedWait = byThread(events, "interrupted");
        assertThat(interruptedWait.getBoolean("fair")).isFalse();
        assertThat(interruptedWait.getString("outcome")).isEqualTo("interrupted");

        assertThat(byThread(events, "closed").getString("outcome")).isEqualTo("closed");

        RecordedEvent take = byThread(events, "taker");
        assertThat(take.getClass("primitiveClass").getName())
                .as("a buffer's waiter names the buffer, not its internal gate")
                .isEqualTo(BoundedBuffer.class.getName());
        assertThat(take.getString("outcome")).isEqualTo("acquired");
    }

    @Test
    void isEnabledByDefaultWithTheThresholdOfThreadPark() throws Exception {
        Semaphore s = new Semaphore(0);
        assertThat(s.tryAcquire(1, 1, TimeUnit.MILLISECONDS)).isFalse(); // registers the event type
        Optional<EventType> type = FlightRecorder.getFlightRecorder().getEventTypes().stream()
                .filter(t -> t.getName().equals(EVENT)).findFirst();
        assertThat(type).as("registered after a wait").isPresent();
        assertThat(setting(type.get(), "enabled")).isEqualTo("true");
        assertThat(setting(type.get(), "threshold")).isEqualTo("20 ms");
        assertThat(setting(type.get(), "stackTrace")).isEqualTo("true");
    }

    /**
     * In a runtime limited to java.base the library still waits, times out and wakes: the event
     * class is never loaded. Both as a class-path library and as the named module on the module
     * path.
     */
    @Test
    void worksWhereTheJfrModuleIsAbsent() throws Exception {
        Path classes = codeSource(Semaphore.class);
        Path testClasses = codeSource(WithoutFlightRecorder.class);
        String onClassPath = fork("class-path.txt", List.of("--limit-modules", "java.base",
                "-cp", classes + File.pathSeparator + testClasses));
        String onModulePath = fork("module-path.txt", List.of("--limit-modules", "java.base",
                "--module-path", classes.toString(), "--add-modules", "dev.bouncer",
                "-cp", testClasses.toString()));
        for (String output : List.of(onClassPath, onModulePath)) {
            assertThat(output).contains("jdk.jfr present: false").contains(WithoutFlightRecorder.DONE);
        }
        assertThat(onModulePath).contains("library module dev.bouncer");
        assertThat(onClassPath).contains("library unnamed module");
    }

    private String fork(String outputName, List<String> options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.add(WithoutFlightRecorder.class.getName());
        Path output = dir.resolve(outputName);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(exited).as("fork finished: %s", text).isTrue();
        assertThat(process.exitValue()).as("fork exit code: %s", text).isZero();
        return text;
    }

    private static Path codeSource(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static String setting(EventType type, String name) {
        return type.getSettingDescriptors().stream().filter(d -> d.getName().equals(name))
                .map(SettingDescriptor::getDefaultValue).findFirst().orElse(null);
    }

    private static RecordedEvent byThread(List<RecordedEvent> events, String thread) {
        List<RecordedEvent> found = events.stream()
                .filter(e -> e.getThread() != null && thread.equals(e.getThread().getJavaName()))
                .collect(Collectors.toList());
        assertThat(found).as("events of thread %s among %s", thread, events).hasSize(1);
        return found.get(0);
    }

    private static void lockAndUnlock(Mutex mutex) {
        mutex.lock();
        mutex.unlock();
    }

    private static boolean parked(Thread t) {
        Thread.State state = t.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }

    private static Thread start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.start();
        return t;
    }

    private static void join(Thread... threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(t.isAlive()).as("%s ended", t.getName()).isFalse();
        }
    }

    private static void waitUntil(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(1);
        }
    }
}
