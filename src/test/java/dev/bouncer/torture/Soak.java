package dev.bouncer.torture;

import dev.bouncer.support.Subjects;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The long-running form of the torture. Run it with
 * <pre>
 * ./mvnw -q test-compile exec:java -Dexec.mainClass=dev.bouncer.torture.Soak \
 *     -Dexec.args="--minutes 10 --primitive semaphore-fair"
 * </pre>
 * Options: {@code --minutes M} or {@code --seconds S} per primitive (default 1 minute),
 * {@code --primitive NAME} (repeatable; {@code all} for every subject in {@link Subjects}, the
 * default), {@code --threads N} (default 8), {@code --virtual} for virtual threads (JDK 21+),
 * {@code --close} to end each run by closing the semaphore or buffer while its workers still run
 * (bouncer semaphores then mix permit handles in; the JDK classes and locks ignore it).
 * Prints one report line per run and fails (non-zero exit) if any run failed.
 */
public final class Soak {
    private Soak() {
    }

    public static void main(String[] args) {
        Duration duration = Duration.ofMinutes(1);
        int threads = 8;
        boolean virtual = false;
        boolean close = false;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--minutes":
                    duration = Duration.ofMinutes(Long.parseLong(args[++i]));
                    break;
                case "--seconds":
                    duration = Duration.ofSeconds(Long.parseLong(args[++i]));
                    break;
                case "--primitive":
                    names.add(args[++i]);
                    break;
                case "--threads":
                    threads = Integer.parseInt(args[++i]);
                    break;
                case "--virtual":
                    virtual = true;
                    break;
                case "--close":
                    close = true;
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<Subjects.Subject<?>> subjects = new ArrayList<>();
        if (names.isEmpty() || names.contains("all")) {
            subjects.addAll(Subjects.all());
        } else {
            for (String name : names) {
                subjects.add(Subjects.byName(name));
            }
        }
        Torture.Config config = virtual ? Torture.Config.virtual(duration, threads)
                : Torture.Config.platform(duration, threads);
        if (close) {
            config = config.closingAtStop();
        }
        System.out.println("SOAK on " + System.getProperty("java.vm.name") + " " + Runtime.version()
                + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, " + duration + " per primitive");
        List<String> failed = new ArrayList<>();
        for (Subjects.Subject<?> subject : subjects) {
            Report report = Torture.run(subject, config);
            if (!report.ok()) {
                failed.add(subject.name());
            }
        }
        if (!failed.isEmpty()) {
            throw new IllegalStateException("soak failed for " + failed);
        }
    }
}
