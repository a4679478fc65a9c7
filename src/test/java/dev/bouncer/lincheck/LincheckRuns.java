package dev.bouncer.lincheck;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;

/**
 * The run sizes of every Lincheck test: small ones for {@code ./mvnw verify}, larger ones for the
 * release check, {@code ./mvnw verify -Dbouncer.lincheck=long} (docs/verification.md, "Lincheck").
 *
 * <p>Each test runs its scenarios with 3 and with 4 threads, in both of Lincheck's modes. The
 * model checker runs the threads one at a time and switches between them at shared-memory
 * accesses, so it explores interleavings systematically and needs no more cores than one; it
 * assumes sequential consistency. The stress mode runs the same scenarios on real threads.
 * Each scenario also gets one operation before and one after the parallel part.
 */
final class LincheckRuns {
    /** True for the release check's sizes. */
    static final boolean LONG = "long".equals(System.getProperty("bouncer.lincheck"));
    /**
     * Whether a failure is minimized before it is reported; on by default. The mutant runs turn
     * it off ({@code -Dbouncer.lincheck.minimize=false}): a mutant that makes operations hang
     * costs a stress timeout per scenario the minimizer tries.
     */
    static final boolean MINIMIZE = !"false".equals(System.getProperty("bouncer.lincheck.minimize"));

    private LincheckRuns() {
    }

    /** Model checking: {@code threads} threads of {@code actorsPerThread} operations each. */
    static ModelCheckingOptions modelChecking(int threads, int actorsPerThread) {
        return new ModelCheckingOptions()
                .threads(threads)
                .actorsPerThread(actorsPerThread)
                .actorsBefore(1)
                .actorsAfter(1)
                .iterations(LONG ? 20 : 6)
                .invocationsPerIteration(LONG ? 2_000 : 150)
                .minimizeFailedScenario(MINIMIZE);
    }

    /** Stress: {@code threads} threads of {@code actorsPerThread} operations each. */
    static StressOptions stress(int threads, int actorsPerThread) {
        return new StressOptions()
                .threads(threads)
                .actorsPerThread(actorsPerThread)
                .actorsBefore(1)
                .actorsAfter(1)
                .iterations(LONG ? 20 : 6)
                .invocationsPerIteration(LONG ? 5_000 : 300)
                .minimizeFailedScenario(MINIMIZE);
    }
}
