package dev.bouncer.micrometer;

import dev.bouncer.WaitListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The listener a {@link BouncerMetrics} sets on its primitive: it moves the counters and timers of
 * every registry the binder was bound to. The meters are looked up once, at binding, and held in
 * arrays indexed by operation and outcome, so a report costs no registry lookup and allocates
 * nothing.
 */
final class MeterListener implements WaitListener {
    /** One set per bindTo; added rarely, read on every report. */
    private final List<Meters> bound = new CopyOnWriteArrayList<>();

    void add(Meters meters) {
        bound.add(meters);
    }

    @Override
    public void acquired(Object primitive, Operation operation, int permits) {
        for (Meters meters : bound) {
            meters.acquisitions[operation.ordinal()].increment();
        }
    }

    @Override
    public void waitStarted(Object primitive, Operation operation, int permits) {
        for (Meters meters : bound) {
            meters.waits[operation.ordinal()].increment();
        }
    }

    @Override
    public void waitEnded(Object primitive, Operation operation, int permits, Outcome outcome,
            long waitedNanos) {
        for (Meters meters : bound) {
            meters.waited[operation.ordinal()][outcome.ordinal()].record(waitedNanos, TimeUnit.NANOSECONDS);
            if (outcome == Outcome.ACQUIRED) {
                meters.acquisitions[operation.ordinal()].increment();
            }
        }
    }

    /** The counters and timers of one registry, for the operations the primitive has. */
    static final class Meters {
        /** By Operation.ordinal(); null for an operation the primitive does not have. */
        final Counter[] acquisitions = new Counter[Operation.values().length];
        final Counter[] waits = new Counter[Operation.values().length];
        /** By Operation.ordinal(), then Outcome.ordinal(). */
        final Timer[][] waited = new Timer[Operation.values().length][];

        Meters(MeterRegistry registry, Tags tags, List<Operation> operations) {
            for (Operation operation : operations) {
                Tags withOperation = tags.and("operation", tagValue(operation));
                int o = operation.ordinal();
                acquisitions[o] = Counter.builder(BouncerMetrics.ACQUISITIONS).tags(withOperation)
                        .description("Successful acquisitions, waited or not").register(registry);
                waits[o] = Counter.builder(BouncerMetrics.WAITS).tags(withOperation)
                        .description("Waits begun in the primitive's queue").register(registry);
                waited[o] = new Timer[Outcome.values().length];
                for (Outcome outcome : Outcome.values()) {
                    waited[o][outcome.ordinal()] = Timer.builder(BouncerMetrics.WAIT)
                            .tags(withOperation.and("outcome", tagValue(outcome)))
                            .description("Waits ended, by outcome, and how long they took")
                            .register(registry);
                }
            }
        }

        /** acquire, put, take; acquired, timed_out, interrupted. */
        private static String tagValue(Enum<?> value) {
            return value.name().toLowerCase(Locale.ROOT);
        }
    }
}
