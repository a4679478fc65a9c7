package dev.bouncer.torture;

import dev.bouncer.support.SemaphoreLike;
import dev.bouncer.support.Subjects;
import dev.bouncer.support.Threads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs one torture scenario: starts the workers and the chaos thread, lets them run for the
 * configured time, stops them, joins them against a deadline (dumping any stuck thread), and runs
 * the scenario's final checks on the quiet primitive.
 */
public final class Torture {

    /**
     * How long, how many workers, on which kind of thread, and whether the run ends by closing the
     * primitive (a bouncer semaphore or buffer) while its workers still wait and hold.
     */
    public record Config(Duration duration, int threads, boolean virtual, Duration grace, boolean closeAtStop) {
        public Config(Duration duration, int threads, boolean virtual, Duration grace) {
            this(duration, threads, virtual, grace, false);
        }

        public static Config platform(Duration duration, int threads) {
            return new Config(duration, threads, false, Duration.ofSeconds(30));
        }

        public static Config virtual(Duration duration, int threads) {
            return new Config(duration, threads, true, Duration.ofSeconds(60));
        }

        /** This configuration, ending the run with the primitive's {@code close()}. */
        public Config closingAtStop() {
            return new Config(duration, threads, virtual, grace, true);
        }
    }

    /** Counters a worker owns; summed by the driver after the worker has been joined. */
    static final class Counters {
        long operations;
        long timeouts;
        long interruptsSeen;
        /** Successful lock calls (lock scenario). */
        long locks;
        /** Items this worker produced and consumed (lock and queue scenarios). */
        final Items.Ledger items = new Items.Ledger();
    }

    /** One primitive's workload and invariants. */
    abstract static class Scenario {
        final Report report;
        final List<Counters> counters = new ArrayList<>();
        private volatile boolean stopping;

        Scenario(Report report) {
            this.report = report;
        }

        /** The body of worker {@code index}; it loops until {@link #stopping()}. */
        abstract void work(int index, Counters counters);

        /** Checked by the chaos thread between injections, while the workers run. */
        void continuousCheck() {
        }

        /** Called once the workers are told to stop; lets blocked workers finish (poison, signal). */
        void afterStop(CountDownLatch finished, long deadlineNanos) throws InterruptedException {
        }

        /** Checked once every worker has finished and the primitive is quiet. */
        abstract void finalChecks();

        final boolean stopping() {
            return stopping;
        }
    }

    private Torture() {
    }

    /** Runs the subject's scenario, prints its report line, and returns the report. */
    @SuppressWarnings("unchecked")
    public static Report run(Subjects.Subject<?> subject, Config config) {
        Report report = new Report(subject.name() + (config.closeAtStop() ? "+close" : ""), config.threads(),
                config.virtual());
        Scenario scenario;
        switch (subject.family()) {
            case Subjects.SEMAPHORE:
            case Subjects.BOUNDED:
                scenario = new SemaphoreScenario(report,
                        ((Subjects.Subject<SemaphoreLike>) subject).create(permitsFor(config)), config.closeAtStop());
                break;
            case Subjects.LOCK:
                scenario = new LockScenario(report, ((Subjects.Subject<Lock>) subject).create(0));
                break;
            case Subjects.QUEUE:
                scenario = new QueueScenario(report,
                        ((Subjects.Subject<BlockingQueue<Long>>) subject).create(8), 8, config.threads(),
                        config.closeAtStop());
                break;
            default:
                throw new IllegalArgumentException(subject.family());
        }
        return drive(scenario, config);
    }

    /**
     * Few permits, so that threads really wait. Even a crowd of virtual threads gets only 3: two
     * carriers run a virtual thread until it blocks, so with many permits most of the crowd would
     * never start before the run ended.
     */
    static int permitsFor(Config config) {
        return 3;
    }

    /** Runs any scenario, including the deliberately broken ones of the harness's own tests. */
    static Report drive(Scenario scenario, Config config) {
        Report report = scenario.report;
        long start = System.nanoTime();
        CountDownLatch finished = new CountDownLatch(config.threads());
        List<Thread> workers = new ArrayList<>(config.threads());
        for (int i = 0; i < config.threads(); i++) {
            scenario.counters.add(new Counters());
        }
        for (int i = 0; i < config.threads(); i++) {
            int index = i;
            Counters counters = scenario.counters.get(i);
            workers.add(Threads.start("torture-" + report.primitive + "-" + i, config.virtual(), () -> {
                try {
                    scenario.work(index, counters);
                } catch (Throwable e) {
                    report.fail("worker " + index + " died: " + e);
                } finally {
                    finished.countDown();
                }
            }));
        }
        Chaos chaos = new Chaos(workers, scenario::continuousCheck);
        Thread chaosThread = Threads.start("torture-chaos", false, chaos);

        long runUntil = start + config.duration().toNanos();
        for (long left = runUntil - System.nanoTime(); left > 0; left = runUntil - System.nanoTime()) {
            LockSupport.parkNanos(Math.min(left, 50_000_000L)); // the run's length, not a handshake
        }
        scenario.stopping = true;
        long deadline = System.nanoTime() + config.grace().toNanos();
        try {
            scenario.afterStop(finished, deadline);
            finished.await(Math.max(0L, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Thread> stuck = Threads.joinAll(workers, deadline);
        chaos.stop();
        Threads.joinAll(List.of(chaosThread), System.nanoTime() + 10_000_000_000L);
        report.duration = Duration.ofNanos(System.nanoTime() - start);
        for (Counters c : scenario.counters) {
            report.operations += c.operations;
            report.timeouts += c.timeouts;
            report.interruptsSeen += c.interruptsSeen;
        }
        report.interruptsInjected = chaos.interrupts();
        report.unparksInjected = chaos.unparks();
        if (!stuck.isEmpty()) {
            report.fail(stuck.size() + " threads stuck " + config.grace().toSeconds()
                    + " s after the stop:\n" + Threads.dump(stuck, 5));
        } else {
            scenario.finalChecks();
        }
        System.out.println(report);
        return report;
    }
}
