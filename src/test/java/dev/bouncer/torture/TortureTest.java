package dev.bouncer.torture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bouncer.LeakDetection;
import dev.bouncer.Semaphore;
import dev.bouncer.support.SemaphoreLike;
import dev.bouncer.support.SemaphoreTwin;
import dev.bouncer.support.Subjects;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CI form of the torture: every subject in {@link Subjects} for a few seconds on a few
 * platform threads. Set {@code -Dbouncer.torture.seconds=N} for longer runs; {@link Soak} is the
 * long form.
 */
class TortureTest {
    static final Duration CI_DURATION = Duration.ofSeconds(Long.getLong("bouncer.torture.seconds", 4L));

    static List<Subjects.Subject<?>> subjects() {
        return Subjects.tortured();
    }

    /** Conservation, bound, exclusion, exactly-once and a quiet queue, under interrupts and unparks. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void survivesTorture(Subjects.Subject<?> subject) {
        Report report = Torture.run(subject, Torture.Config.platform(CI_DURATION, 6));
        assertThat(report.failures()).as(report.line()).isEmpty();
        assertThat(report.operations).as("the run did something").isPositive();
        assertThat(report.interruptsInjected + report.unparksInjected).as("chaos injected faults").isPositive();
    }

    static List<Subjects.Subject<?>> closableSubjects() {
        return Subjects.tortured().stream()
                .filter(s -> !Subjects.LOCK.equals(s.family()))
                .toList();
    }

    /**
     * The same, ended by {@code close()} while workers wait and hold (semaphores, with permit
     * handles in the mix) or while producers and consumers still run (buffers): waiters leave,
     * releases after the close count, and no permit or element is lost.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("closableSubjects")
    void survivesTortureEndedByClose(Subjects.Subject<?> subject) {
        Report report = Torture.run(subject, Torture.Config.platform(CI_DURATION, 6).closingAtStop());
        assertThat(report.failures()).as(report.line()).isEmpty();
        assertThat(report.operations).as("the run did something").isPositive();
    }

    static List<Subjects.Subject<SemaphoreLike>> trackedSemaphores() {
        return List.of(
                tracked(Subjects.SEMAPHORE, "semaphore-fair-tracking-half",
                        n -> new SemaphoreTwin.Bouncer(n, true, LeakDetection.sampled(2).givingBack())),
                tracked(Subjects.SEMAPHORE, "semaphore-nonfair-tracking-all-with-stacks",
                        n -> new SemaphoreTwin.Bouncer(n, false, LeakDetection.everyPermit().givingBack())),
                tracked(Subjects.BOUNDED, "bounded-semaphore-nonfair-tracking-all",
                        n -> SemaphoreTwin.bounded(n, n, false, LeakDetection.everyPermit().withoutStacks().givingBack())));
    }

    /**
     * The close-ended torture on semaphores whose leak detector tracks handles and gives leaked
     * permits back. Every handle the workers take is closed, so a record the detector took for a
     * leak (a close and the detector both ending one handle) would give its permits back a second
     * time, which the conservation check sees, or a bounded semaphore's bound would refuse, which
     * the run reports; and no tracked holder may be left once the run is over.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("trackedSemaphores")
    void survivesTortureWithTheLeakDetectorTracking(Subjects.Subject<SemaphoreLike> subject) {
        AtomicReference<SemaphoreLike> made = new AtomicReference<>();
        Subjects.Subject<SemaphoreLike> capturing = new Subjects.Subject<>(subject.family(), subject.name(),
                n -> {
                    SemaphoreLike semaphore = subject.create(n);
                    made.set(semaphore);
                    return semaphore;
                }, subject.isBlocker());
        Report report = Torture.run(capturing, Torture.Config.platform(CI_DURATION, 6).closingAtStop());
        assertThat(report.failures()).as(report.line()).isEmpty();
        assertThat(report.operations).as("the run did something").isPositive();
        assertThat(((Semaphore) made.get()).permitHolders()).as("tracked holders left after the run").isEmpty();
    }

    private static Subjects.Subject<SemaphoreLike> tracked(String family, String name,
            Function<Integer, SemaphoreLike> create) {
        return new Subjects.Subject<>(family, name, create::apply, SemaphoreLike::isBlocker);
    }
}
