package dev.bouncer;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** An implementation and a fairness setting: the four semaphores each scenario runs on. */
enum Variant {
    JDK_NONFAIR(Implementation.JDK, false),
    JDK_FAIR(Implementation.JDK, true),
    BOUNCER_NONFAIR(Implementation.BOUNCER, false),
    BOUNCER_FAIR(Implementation.BOUNCER, true);

    final Implementation implementation;
    final boolean fair;

    Variant(Implementation implementation, boolean fair) {
        this.implementation = implementation;
        this.fair = fair;
    }

    SemaphoreLike create(int permits) {
        return implementation.create(permits, fair);
    }

    /** Runs the test once per variant. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ParameterizedTest(name = "{0}")
    @EnumSource(Variant.class)
    @interface All {}

    /** Runs the test on the fair variants only. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Variant.class, names = {"JDK_FAIR", "BOUNCER_FAIR"})
    @interface Fair {}

    /** Runs the test on the nonfair variants only. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Variant.class, names = {"JDK_NONFAIR", "BOUNCER_NONFAIR"})
    @interface Nonfair {}
}
