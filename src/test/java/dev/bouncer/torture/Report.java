package dev.bouncer.torture;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The outcome of one torture run: counts for the report line, and every failed check. */
public final class Report {
    /** At most this many messages are kept of each kind (the text before the first colon). */
    private static final int MAX_PER_KIND = 3;

    final String primitive;
    final int threads;
    final boolean virtual;
    Duration duration = Duration.ZERO;
    long operations;
    long interruptsInjected;
    long interruptsSeen;
    long unparksInjected;
    long timeouts;
    /** Scenario-specific counts, such as items moved, printed after the standard ones. */
    String extra = "";
    private final List<String> failures = new ArrayList<>();
    private final Map<String, Integer> perKind = new HashMap<>();
    private int failureCount;

    Report(String primitive, int threads, boolean virtual) {
        this.primitive = primitive;
        this.threads = threads;
        this.virtual = virtual;
    }

    /**
     * Records a failed check; safe to call from any thread. Keeps the first few messages of each
     * kind, so that a flood of one kind does not hide another.
     */
    public synchronized void fail(String message) {
        failureCount++;
        int colon = message.indexOf(':');
        String kind = colon < 0 ? message : message.substring(0, colon);
        if (perKind.merge(kind, 1, Integer::sum) <= MAX_PER_KIND) {
            failures.add(message);
        }
    }

    /** Records a failure when the condition does not hold (for checks off the hot path). */
    public void check(boolean condition, String message) {
        if (!condition) {
            fail(message);
        }
    }

    public synchronized boolean ok() {
        return failureCount == 0;
    }

    public synchronized List<String> failures() {
        return List.copyOf(failures);
    }

    /** The one-line summary every run prints. */
    public synchronized String line() {
        return String.format(
                "TORTURE primitive=%s threads=%d%s duration=%.1fs ops=%d interrupts=%d (seen %d)"
                        + " unparks=%d timeouts=%d%s result=%s",
                primitive, threads, virtual ? " (virtual)" : "", duration.toMillis() / 1000.0,
                operations, interruptsInjected, interruptsSeen, unparksInjected, timeouts,
                extra.isEmpty() ? "" : " " + extra,
                failureCount == 0 ? "OK" : "FAILED (" + failureCount + " failed checks)");
    }

    @Override
    public synchronized String toString() {
        return failureCount == 0 ? line() : line() + "\n  " + String.join("\n  ", failures);
    }
}
