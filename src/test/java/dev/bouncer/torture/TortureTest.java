package dev.bouncer.torture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bouncer.support.Subjects;
import java.time.Duration;
import java.util.List;
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
}
