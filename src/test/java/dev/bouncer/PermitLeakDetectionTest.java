package dev.bouncer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bouncer.support.Attempt;
import dev.bouncer.support.Await;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The leak detector of permit handles (docs/permits.md, section 6): reports produced under a real
 * garbage collection, give-back, the holder listing, the levels and the system properties.
 */
class PermitLeakDetectionTest {
    /** How long a leak report may take: collections are asked for until then. */
    private static final long REPORT_DEADLINE_SECONDS = 30;

    /** Held strongly: JUL keeps loggers only weakly, and the handler must stay attached. */
    private static final Logger LEAK_LOG = Logger.getLogger(LeakDetection.LOGGER_NAME);

    private final BlockingQueue<LogRecord> reports = new LinkedBlockingQueue<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            reports.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void attach() {
        LEAK_LOG.addHandler(capture);
    }

    @AfterEach
    void detach() {
        LEAK_LOG.removeHandler(capture);
    }

    // ---- reports under GC ----

    @Test
    void anUnclosedHandleIsReportedWithItsAcquisitionSiteThreadAndTime() throws InterruptedException {
        Semaphore semaphore = new Semaphore(5, false, LeakDetection.everyPermit());
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS); // the detector keeps milliseconds
        leak(semaphore, 2);

        LogRecord report = awaitReport(semaphore);
        assertThat(report.getLevel()).isEqualTo(Level.SEVERE); // System.Logger's ERROR
        assertThat(report.getMessage())
                .startsWith("LEAK: a Permit of " + semaphore.getClass().getName() + "@")
                .contains("holding 2 permits", "thread \"" + Thread.currentThread().getName() + "\"",
                        "(id " + Thread.currentThread().getId() + ")", "the permits are lost");
        Instant acquiredAt = Instant.parse(report.getMessage().replaceAll(".*\\) at (\\S+);.*", "$1"));
        assertThat(acquiredAt).isBetween(before, Instant.now());
        StackTraceElement site = report.getThrown().getStackTrace()[0];
        assertThat(site.getClassName() + "." + site.getMethodName())
                .as("the first frame of the reported stack is the acquiring call")
                .isEqualTo(PermitLeakDetectionTest.class.getName() + ".leak");
        assertThat(semaphore.availablePermits()).as("not given back unless asked").isEqualTo(3);
        assertThat(semaphore.leakTracker().recordCount()).isZero();
    }

    /**
     * A setting without stacks (the sampled default) still reports thread, time and permits, says
     * how to get the stack, and lists holders with an empty site.
     */
    @Test
    void aSettingWithoutStacksReportsThreadAndTimeAndSaysHowToGetTheStack() throws InterruptedException {
        LeakDetection setting = LeakDetection.sampled(1);
        assertThat(setting.recordsStacks()).isFalse();
        Semaphore semaphore = new Semaphore(5, false, setting);
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (Permit held = semaphore.acquirePermit()) {
            assertThat(semaphore.permitHolders()).singleElement().satisfies(holder -> {
                assertThat(holder.threadName()).isEqualTo(Thread.currentThread().getName());
                assertThat(holder.acquisitionSite()).isEmpty();
            });
        }
        leak(semaphore, 2);

        LogRecord report = awaitReport(semaphore);
        assertThat(report.getMessage())
                .contains("holding 2 permits", "thread \"" + Thread.currentThread().getName() + "\"",
                        "the permits are lost", LeakDetection.STACKS_PROPERTY + "=true", "withStacks()")
                .doesNotContain("The stack trace shows");
        assertThat(report.getThrown()).as("no stack was recorded").isNull();
        Instant acquiredAt = Instant.parse(report.getMessage().replaceAll(".*\\) at (\\S+);.*", "$1"));
        assertThat(acquiredAt).as("the detector's clock: to within about a second, unless its thread is kept from running")
                .isBetween(before.minusSeconds(30), Instant.now());
    }

    @Test
    void stacksAreAPartOfTheSettingThatEachLevelDefaults() {
        assertThat(LeakDetection.sampled().recordsStacks()).isFalse();
        assertThat(LeakDetection.sampled(10).withStacks().recordsStacks()).isTrue();
        assertThat(LeakDetection.sampled(10).withStacks().givingBack())
                .isEqualTo(LeakDetection.sampled(10).givingBack().withStacks())
                .isNotEqualTo(LeakDetection.sampled(10).givingBack())
                .hasToString("LeakDetection[SAMPLED, 1 in 10, with stacks, giving back]");
        assertThat(LeakDetection.everyPermit().recordsStacks()).isTrue();
        assertThat(LeakDetection.everyPermit().withoutStacks())
                .hasToString("LeakDetection[EVERY_PERMIT, without stacks]")
                .isNotEqualTo(LeakDetection.everyPermit());
        assertThat(LeakDetection.disabled().withStacks()).isSameAs(LeakDetection.disabled());
        assertThat(LeakDetection.disabled().recordsStacks()).isFalse();
    }

    @Test
    void givingBackReleasesTheLeakedPermitsSoThatAWaiterProceeds() throws InterruptedException {
        Semaphore semaphore = new Semaphore(2, false, LeakDetection.everyPermit().givingBack());
        Permit[] held = {semaphore.acquirePermit(2)};
        Attempt waiter = Attempt.run("waiter", () -> semaphore.acquire(2));
        Await.until("the waiter is parked", () -> semaphore.getQueueLength() == 1 && Await.isParked(waiter.thread()));
        assertThat(held[0].isValid()).isTrue();
        held[0] = null; // leaked: the waiter now waits for permits that only the detector can give back

        LogRecord report = awaitReport(semaphore);
        assertThat(report.getMessage()).contains("the permits were given back");
        waiter.awaitResult(); // it got the two leaked permits
        assertThat(semaphore.availablePermits()).isZero();
    }

    @Test
    void givingBackKeepsTheBoundOfABoundedSemaphore() throws InterruptedException {
        BoundedSemaphore semaphore = new BoundedSemaphore(1, 1, false, LeakDetection.everyPermit().givingBack());
        leak(semaphore, 1);
        semaphore.release(); // an over-release fills the semaphore: the give-back would exceed the maximum

        LogRecord report = awaitReport(semaphore);
        assertThat(report.getMessage()).contains("giving the permits back failed, nothing was released",
                IllegalStateException.class.getName());
        assertThat(semaphore.availablePermits()).isEqualTo(1);
    }

    @Test
    void closedAndFailedHandlesNeverReportAndLeaksGiveBackOnce() throws InterruptedException {
        Semaphore semaphore = new Semaphore(1, true, LeakDetection.everyPermit().givingBack());
        for (int k = 0; k < 200; k++) {
            try (Permit permit = semaphore.acquirePermit()) {
                assertThat(semaphore.tryAcquirePermit()).as("a failed try").isEmpty();
                assertThat(semaphore.tryAcquirePermit(1, TimeUnit.MILLISECONDS)).as("a timed-out try").isEmpty();
            }
            semaphore.withPermit(() -> { });
        }
        Thread.currentThread().interrupt();
        assertThatThrownBy(semaphore::acquirePermit).isInstanceOf(InterruptedException.class);
        assertThat(semaphore.leakTracker().recordCount())
                .as("closed handles and failed acquires keep no record").isZero();

        for (int round = 1; round <= 2; round++) { // two rounds: two collections at least
            leak(semaphore, 1);
            LogRecord report = awaitReport(semaphore);
            assertThat(report.getMessage()).contains("the permits were given back");
            assertThat(semaphore.availablePermits()).as("round %d", round).isEqualTo(1);
        }
        assertThat(reports).as("no report but the two leaks").isEmpty();
    }

    // ---- the holder listing ----

    @Test
    void permitHoldersListsTheGrantedUnclosedHandlesWithThreadAndSite() throws Exception {
        Semaphore semaphore = new Semaphore(3, false, LeakDetection.everyPermit());
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS); // the detector keeps milliseconds
        Permit mine = semaphore.acquirePermit(1);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            Optional<Permit> permit = semaphore.tryAcquirePermit(2);
            held.countDown();
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            permit.orElseThrow().close();
        }, "holder-thread");
        holder.start();
        assertThat(held.await(Attempt.PATIENCE_SECONDS, TimeUnit.SECONDS)).isTrue();
        Attempt waiting = Attempt.call("waiting-thread", () -> semaphore.acquirePermit(1));
        Await.until("the third thread is parked",
                () -> semaphore.getQueueLength() == 1 && Await.isParked(waiting.thread()));

        List<PermitHolder> holders = semaphore.permitHolders();
        assertThat(holders).as("the waiting thread holds nothing yet").hasSize(2);
        PermitHolder theirs = holders.stream().filter(h -> h.threadId() == holder.getId()).findFirst().orElseThrow();
        PermitHolder ours = holders.stream().filter(h -> h != theirs).findFirst().orElseThrow();
        assertThat(theirs.threadName()).isEqualTo("holder-thread");
        assertThat(theirs.threadId()).isEqualTo(holder.getId());
        assertThat(theirs.permits()).isEqualTo(2);
        assertThat(ours.threadName()).isEqualTo(Thread.currentThread().getName());
        assertThat(ours.permits()).isEqualTo(1);
        assertThat(ours.acquiredAt()).isBetween(before, Instant.now());
        assertThat(ours.acquisitionSite().get(0).getMethodName())
                .isEqualTo("permitHoldersListsTheGrantedUnclosedHandlesWithThreadAndSite");
        assertThat(theirs.acquisitionSite().get(0).getClassName()).startsWith(PermitLeakDetectionTest.class.getName());
        assertThatThrownBy(() -> ours.acquisitionSite().clear()).isInstanceOf(UnsupportedOperationException.class);

        done.countDown();
        holder.join();
        mine.close();
        ((Permit) waiting.awaitResult()).close();
        assertThat(semaphore.permitHolders()).isEmpty();
        assertThat(semaphore.availablePermits()).isEqualTo(3);
    }

    // ---- levels, sampling, the default ----

    @Test
    void disabledTracksNothing() throws InterruptedException {
        Semaphore semaphore = new Semaphore(1, false, LeakDetection.disabled());
        assertThat(semaphore.leakTracker()).as("no detector object").isNull();
        try (Permit permit = semaphore.acquirePermit()) {
            assertThat(permit.getClass()).as("a plain handle").isEqualTo(SemaphorePermit.class);
            assertThat(semaphore.permitHolders()).isEmpty();
        }
        assertThat(LeakDetection.disabled().givingBack()).isEqualTo(LeakDetection.disabled());
    }

    @Test
    void aSampledDetectorTracksAboutOneHandleInTheInterval() throws InterruptedException {
        Semaphore semaphore = new Semaphore(4_000, false, LeakDetection.sampled(4));
        List<Permit> permits = new ArrayList<>();
        for (int k = 0; k < 4_000; k++) {
            permits.add(semaphore.acquirePermit());
        }
        assertThat(semaphore.permitHolders().size()).as("tracked of 4,000 at 1 in 4").isBetween(700, 1_300);
        permits.forEach(Permit::close);
        assertThat(semaphore.permitHolders()).isEmpty();
        assertThat(semaphore.leakTracker().recordCount()).isZero();

        Semaphore every = new Semaphore(100, false, LeakDetection.sampled(1));
        for (int k = 0; k < 100; k++) {
            permits.add(every.acquirePermit());
        }
        assertThat(every.permitHolders()).hasSize(100);
        permits.forEach(Permit::close);
        assertThatThrownBy(() -> LeakDetection.sampled(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void systemPropertiesDescribeTheSetting() {
        assertThat(LeakDetection.parse(null, "7", "true", "true")).isEqualTo(LeakDetection.disabled());
        assertThat(LeakDetection.parse("Sampled", null, null, null)).isEqualTo(LeakDetection.sampled(100));
        assertThat(LeakDetection.parse("sampled", " 7 ", "TRUE", null))
                .isEqualTo(LeakDetection.sampled(7).givingBack());
        assertThat(LeakDetection.parse("sampled", null, null, " True"))
                .isEqualTo(LeakDetection.sampled().withStacks());
        assertThat(LeakDetection.parse("all", null, "false", null)).isEqualTo(LeakDetection.everyPermit());
        assertThat(LeakDetection.parse("all", null, null, "false"))
                .isEqualTo(LeakDetection.everyPermit().withoutStacks());
        assertThatThrownBy(() -> LeakDetection.parse("paranoid", null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(LeakDetection.LEVEL_PROPERTY);
        assertThatThrownBy(() -> LeakDetection.parse("sampled", "0", null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(LeakDetection.INTERVAL_PROPERTY);
        assertThatThrownBy(() -> LeakDetection.parse("all", null, "yes", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(LeakDetection.GIVE_BACK_PROPERTY);
        assertThatThrownBy(() -> LeakDetection.parse("sampled", null, null, "1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(LeakDetection.STACKS_PROPERTY);

        String saved = System.getProperty(LeakDetection.LEVEL_PROPERTY);
        try {
            System.setProperty(LeakDetection.LEVEL_PROPERTY, "all");
            assertThat(LeakDetection.fromSystemProperties()).isEqualTo(LeakDetection.everyPermit());
        } finally {
            if (saved == null) {
                System.clearProperty(LeakDetection.LEVEL_PROPERTY);
            } else {
                System.setProperty(LeakDetection.LEVEL_PROPERTY, saved);
            }
        }
    }

    /**
     * The JDK-compatible constructors take the default from the system properties: a JVM of its
     * own, started with them, tracks every handle of a {@code new Semaphore(2)} and gives a leaked
     * one back; without them it tracks nothing.
     */
    @Test
    void theSystemPropertiesSetTheDefaultOfTheJdkConstructors() throws Exception {
        assertThat(runProbe("-D" + LeakDetection.LEVEL_PROPERTY + "=all",
                "-D" + LeakDetection.GIVE_BACK_PROPERTY + "=true"))
                .contains("setting LeakDetection[EVERY_PERMIT, with stacks, giving back]", "holders 1", "given back 2");
        assertThat(runProbe()).contains("setting LeakDetection[DISABLED]", "holders 0");
        assertThat(runProbe("-D" + LeakDetection.LEVEL_PROPERTY + "=nonsense"))
                .contains("setting LeakDetection[DISABLED]", "Permit leak detection is disabled");
    }

    /**
     * PM-I7: the detector's thread ends when idle, and the next tracked handle starts another; it
     * keeps no inheritable thread-local of the thread that started it alive.
     */
    @Test
    void theDetectorThreadEndsWhenIdleAndStartsAgainForTheNextTrackedHandle() throws Exception {
        assertThat(runProbe(DetectorIdleProbe.class)).contains(
                "before any tracked handle: detector false", "after a tracked handle: detector true",
                "the detector kept no inherited value: true (detector true)",
                "idle: detector false", "after a leak: detector true", "given back 2");
    }

    private static String runProbe(String... properties) throws IOException, InterruptedException {
        return runProbe(LeakDetectionProbe.class, properties);
    }

    private static String runProbe(Class<?> probe, String... properties) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.addAll(List.of(properties));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(probe.getName());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!exited) {
            process.destroyForcibly();
        }
        assertThat(exited).as("the probe exits: " + output).isTrue();
        assertThat(process.exitValue()).as("the probe's exit status: " + output).isZero();
        return output;
    }

    // ---- helpers ----

    /** Acquires permits and drops the handle; a method of its own, so that no frame keeps it. */
    private static void leak(Semaphore semaphore, int permits) throws InterruptedException {
        Permit permit = semaphore.acquirePermit(permits);
        assertThat(permit.isValid()).isTrue();
    }

    /** Asks for collections until the semaphore's leak report arrives, or fails at the deadline. */
    private LogRecord awaitReport(Semaphore semaphore) throws InterruptedException {
        String identity = "@" + Integer.toHexString(System.identityHashCode(semaphore)) + "[";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(REPORT_DEADLINE_SECONDS);
        while (System.nanoTime() - deadline < 0) {
            System.gc();
            LogRecord report = reports.poll(100, TimeUnit.MILLISECONDS);
            if (report != null && report.getMessage().contains(identity)) {
                return report;
            }
            assertThat(report).as("a report of another semaphore: another test leaked").isNull();
        }
        throw new AssertionError("no leak report within " + REPORT_DEADLINE_SECONDS + " s");
    }
}
