package dev.bouncer.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A semaphore twin and a fairness setting: the four semaphores each contract scenario runs on. */
public enum Variant {
    JDK_NONFAIR(SemaphoreTwin.JDK, false),
    JDK_FAIR(SemaphoreTwin.JDK, true),
    BOUNCER_NONFAIR(SemaphoreTwin.BOUNCER, false),
    BOUNCER_FAIR(SemaphoreTwin.BOUNCER, true);

    public final SemaphoreTwin twin;
    public final boolean fair;

    Variant(SemaphoreTwin twin, boolean fair) {
        this.twin = twin;
        this.fair = fair;
    }

    public SemaphoreLike create(int permits) {
        return twin.create(permits, fair);
    }

    /** Runs the test once per variant. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ParameterizedTest(name = "{0}")
    @EnumSource(Variant.class)
    public @interface All {}

    /** Runs the test on the fair variants only. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Variant.class, names = {"JDK_FAIR", "BOUNCER_FAIR"})
    public @interface Fair {}

    /** Runs the test on the nonfair variants only. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Variant.class, names = {"JDK_NONFAIR", "BOUNCER_NONFAIR"})
    public @interface Nonfair {}
}
