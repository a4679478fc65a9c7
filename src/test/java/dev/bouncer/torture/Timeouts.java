package dev.bouncer.torture;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Timeouts drawn from the classes that break implementations (pitfalls.md #10): zero, one
 * nanosecond, negative (down to {@code Long.MIN_VALUE}), a few microseconds, and
 * {@code Long.MAX_VALUE} in a random unit. The last only where the caller knows a release is
 * guaranteed to come, since it waits for about 292 years.
 */
record Timeouts(long timeout, TimeUnit unit) {
    private static final TimeUnit[] UNITS = TimeUnit.values();

    static Timeouts draw(ThreadLocalRandom random, boolean foreverAllowed) {
        switch (random.nextInt(foreverAllowed ? 6 : 5)) {
            case 0:
                return new Timeouts(0L, anyUnit(random));
            case 1:
                return new Timeouts(1L, TimeUnit.NANOSECONDS);
            case 2:
                return new Timeouts(random.nextBoolean() ? Long.MIN_VALUE : -random.nextLong(1, 1000),
                        anyUnit(random));
            case 3:
                return new Timeouts(random.nextLong(1, 50), TimeUnit.MICROSECONDS);
            case 4:
                return new Timeouts(random.nextLong(1_000, 200_000), TimeUnit.NANOSECONDS);
            default:
                return new Timeouts(Long.MAX_VALUE, anyUnit(random));
        }
    }

    private static TimeUnit anyUnit(ThreadLocalRandom random) {
        return UNITS[random.nextInt(UNITS.length)];
    }
}
