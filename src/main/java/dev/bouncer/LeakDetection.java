package dev.bouncer;

import java.util.Locale;
import java.util.Objects;

/**
 * How a {@link Semaphore} watches its {@link Permit} handles for leaks: a handle that becomes
 * unreachable without having been closed. Off by default.
 *
 * <p>A tracked handle is remembered together with where it was acquired: the thread's name and
 * id, the time, the number of permits and, when the setting {@link #recordsStacks() records
 * stacks}, the stack trace of the acquiring call (and then the time to the millisecond; without a
 * stack, to within about a second, which is cheaper to read). If the garbage collector finds the handle
 * unreachable while it still holds its permits, the semaphore reports the leak through the
 * {@link System.Logger} named {@value #LOGGER_NAME}, at {@link System.Logger.Level#ERROR ERROR},
 * with the acquisition stack trace as the logged throwable when there is one. With {@link #givingBack()}, it also releases the leaked permits, through the same
 * {@code release(int)} a close would have used, so that an application that leaks permits slows
 * down instead of stalling. {@link Semaphore#permitHolders()} lists the tracked handles that are
 * held now.
 *
 * <p>There are three levels:
 * <ul>
 *   <li>{@link Level#DISABLED}: nothing is tracked, and a handle costs what it costs without a
 *       detector;</li>
 *   <li>{@link Level#SAMPLED}: one handle in {@link #samplingInterval()} on average, chosen at
 *       random, is tracked; a leak that happens often is reported soon, at a small cost;</li>
 *   <li>{@link Level#EVERY_PERMIT}: every handle is tracked, for tests and for debugging.</li>
 * </ul>
 *
 * <p>Capturing the acquiring call's stack is most of what a tracked handle costs: about a
 * microsecond, more in a deep stack, against a few hundred nanoseconds for the rest of the
 * record. So {@link #sampled()} records no stack (Netty documents its sampled "simple" level the
 * same way, as reporting whether a leak happened): its report names
 * the semaphore, the permits, the thread and the time, and says how to get the stack. Add
 * {@link #withStacks()} to a sampled setting to record the stack of every tracked handle, at
 * the cost of a stack capture for one handle in the interval. {@link #everyPermit()} records
 * stacks; {@link #withoutStacks()} turns that off.
 *
 * <p>A semaphore made by a constructor without a {@code LeakDetection} argument uses
 * {@link #defaultSetting()}, which the system properties {@value #LEVEL_PROPERTY}
 * ({@code disabled}, {@code sampled} or {@code all}), {@value #INTERVAL_PROPERTY} (a positive
 * integer, 100 if absent), {@value #GIVE_BACK_PROPERTY} ({@code true} or {@code false}) and
 * {@value #STACKS_PROPERTY} ({@code true} or {@code false}; by default {@code false} at
 * {@code sampled} and {@code true} at {@code all}) set, read once.
 *
 * <p>Only {@link Permit} handles are tracked. Permits taken with the plain {@code acquire} and
 * given back with {@code release} are never tracked, and those methods cost the same at every
 * level. A report comes some time after the leak, when a garbage collection has found the handle
 * unreachable and the detector's thread has run; a handle that is never collected is never
 * reported.
 *
 * <p>Instances are immutable and thread-safe; {@code equals} compares the level, the interval,
 * whether leaked permits are given back and whether stacks are recorded.
 *
 * <h2>Memory consistency effects</h2>
 * Giving leaked permits back is a release made by the detector's own thread: its actions prior to
 * the release
 * <a href="https://docs.oracle.com/javase/specs/jls/se17/html/jls-17.html#jls-17.4.5"><i>happen-before</i></a>
 * actions following a successful acquire of those permits in another thread. Nothing orders the
 * actions of the thread that leaked the handle before the give-back, so a thread that acquires
 * given-back permits must not rely on seeing what the leaking thread wrote. A handle listed by
 * {@link Semaphore#permitHolders()} had been granted its permits before the listing read it.
 */
public final class LeakDetection {

    /** The system property that chooses the default level: {@code disabled}, {@code sampled} or {@code all}. */
    public static final String LEVEL_PROPERTY = "dev.bouncer.leakDetection";
    /** The system property that sets the default sampling interval: one handle in this many is tracked. */
    public static final String INTERVAL_PROPERTY = "dev.bouncer.leakDetection.interval";
    /** The system property that says whether leaked permits are given back by default: {@code true} or {@code false}. */
    public static final String GIVE_BACK_PROPERTY = "dev.bouncer.leakDetection.giveBack";
    /** The system property that says whether tracked handles record their acquisition stack: {@code true} or {@code false}. */
    public static final String STACKS_PROPERTY = "dev.bouncer.leakDetection.stacks";
    /** The name of the {@link System.Logger} that leak reports go to. */
    public static final String LOGGER_NAME = "dev.bouncer.PermitLeak";
    /** The sampling interval of {@link #sampled()}: one handle in 100 is tracked. */
    public static final int DEFAULT_SAMPLING_INTERVAL = 100;

    /** How many handles a detector tracks. */
    public enum Level {
        /** No handle is tracked. */
        DISABLED,
        /** One handle in {@link LeakDetection#samplingInterval()}, chosen at random, is tracked. */
        SAMPLED,
        /** Every handle is tracked. */
        EVERY_PERMIT
    }

    private static final LeakDetection DISABLED = new LeakDetection(Level.DISABLED, 0, false, false);

    private final Level level;
    /** 0 when disabled, 1 for every permit, else one in this many. */
    private final int samplingInterval;
    private final boolean givesBack;
    /** Whether a tracked handle captures its acquisition stack; false when disabled. */
    private final boolean recordsStacks;

    private LeakDetection(Level level, int samplingInterval, boolean givesBack, boolean recordsStacks) {
        this.level = level;
        this.samplingInterval = samplingInterval;
        this.givesBack = givesBack;
        this.recordsStacks = recordsStacks;
    }

    /**
     * Returns the setting that tracks nothing.
     *
     * @return the disabled setting
     */
    public static LeakDetection disabled() {
        return DISABLED;
    }

    /**
     * Returns the setting that tracks one handle in {@value #DEFAULT_SAMPLING_INTERVAL}, chosen at
     * random, records no stacks and does not give leaked permits back.
     *
     * @return a sampled setting with the default interval
     */
    public static LeakDetection sampled() {
        return sampled(DEFAULT_SAMPLING_INTERVAL);
    }

    /**
     * Returns the setting that tracks one handle in {@code interval} on average, chosen at random
     * for each handle, records no stacks and does not give leaked permits back. An interval of 1
     * tracks every handle.
     *
     * @param interval the average number of handles per tracked handle
     * @return a sampled setting
     * @throws IllegalArgumentException if {@code interval} is less than 1
     */
    public static LeakDetection sampled(int interval) {
        if (interval < 1) {
            throw new IllegalArgumentException("sampling interval must be at least 1: " + interval);
        }
        return new LeakDetection(Level.SAMPLED, interval, false, false);
    }

    /**
     * Returns the setting that tracks every handle, records the stack of each acquiring call, and
     * does not give leaked permits back.
     *
     * @return the every-permit setting
     */
    public static LeakDetection everyPermit() {
        return new LeakDetection(Level.EVERY_PERMIT, 1, false, true);
    }

    /**
     * Returns this setting with leaked permits given back: when a tracked handle is found
     * unreachable while it still holds its permits, the semaphore releases them, once, with
     * {@code release(int)}, after reporting the leak. A {@link BoundedSemaphore} that already has
     * its maximum available rejects that release as it would reject a close; the report says so
     * and nothing is released. On the disabled setting this changes nothing.
     *
     * @return a setting equal to this one except that it gives leaked permits back
     */
    public LeakDetection givingBack() {
        if (level == Level.DISABLED) {
            return this;
        }
        return new LeakDetection(level, samplingInterval, true, recordsStacks);
    }

    /**
     * Returns this setting with the stack of each tracked handle's acquiring call recorded, for
     * the leak report and {@link PermitHolder#acquisitionSite()}. A stack capture costs about a
     * microsecond, more in a deep stack, for each tracked handle. On the disabled setting this
     * changes nothing.
     *
     * @return a setting equal to this one except that it records stacks
     */
    public LeakDetection withStacks() {
        if (level == Level.DISABLED) {
            return this;
        }
        return new LeakDetection(level, samplingInterval, givesBack, true);
    }

    /**
     * Returns this setting without stacks: a tracked handle keeps its thread, time and permits,
     * and a leak report says how to get the stack.
     *
     * @return a setting equal to this one except that it records no stacks
     */
    public LeakDetection withoutStacks() {
        if (!recordsStacks) {
            return this;
        }
        return new LeakDetection(level, samplingInterval, givesBack, false);
    }

    /**
     * Returns the level.
     *
     * @return the level
     */
    public Level level() {
        return level;
    }

    /**
     * Returns one in how many handles is tracked: 1 for {@link Level#EVERY_PERMIT}, 0 for
     * {@link Level#DISABLED}.
     *
     * @return the sampling interval
     */
    public int samplingInterval() {
        return samplingInterval;
    }

    /**
     * Returns whether leaked permits are given back.
     *
     * @return {@code true} if a leaked handle's permits are released after the report
     */
    public boolean givesBack() {
        return givesBack;
    }

    /**
     * Returns whether a tracked handle records the stack of its acquiring call: {@code false} for
     * {@link #disabled()} and, unless {@link #withStacks()} was called, for {@link #sampled()}.
     *
     * @return {@code true} if tracked handles capture their acquisition stack
     */
    public boolean recordsStacks() {
        return recordsStacks;
    }

    /**
     * Returns the setting of semaphores made without an explicit one: the system properties
     * {@value #LEVEL_PROPERTY}, {@value #INTERVAL_PROPERTY}, {@value #GIVE_BACK_PROPERTY} and
     * {@value #STACKS_PROPERTY} as
     * {@link #fromSystemProperties()} read them when this class was initialized. If they were
     * invalid then, the default is {@link #disabled()} and the problem was logged, once, at
     * {@code WARNING} to the logger {@value #LOGGER_NAME}.
     *
     * @return the default setting
     */
    public static LeakDetection defaultSetting() {
        return Default.SETTING;
    }

    /**
     * Reads the setting from the system properties now. {@value #LEVEL_PROPERTY} is
     * {@code disabled} (also when absent), {@code sampled} or {@code all}, in any case;
     * {@value #INTERVAL_PROPERTY} is the interval of {@code sampled} (a positive integer, default
     * {@value #DEFAULT_SAMPLING_INTERVAL}); {@value #GIVE_BACK_PROPERTY} is {@code true} or
     * {@code false} (default); {@value #STACKS_PROPERTY} is {@code true} or {@code false} (by
     * default {@code false} at {@code sampled}, {@code true} at {@code all}). With the level
     * {@code disabled} the others are not read.
     *
     * @return the setting the properties describe
     * @throws IllegalArgumentException if a property has a value other than those
     * @throws SecurityException if a security manager denies reading the properties
     */
    public static LeakDetection fromSystemProperties() {
        return parse(System.getProperty(LEVEL_PROPERTY), System.getProperty(INTERVAL_PROPERTY),
                System.getProperty(GIVE_BACK_PROPERTY), System.getProperty(STACKS_PROPERTY));
    }

    /** The setting that the four property values (each possibly null) describe. */
    static LeakDetection parse(String level, String interval, String giveBack, String stacks) {
        String name = level == null ? "disabled" : level.trim().toLowerCase(Locale.ROOT);
        LeakDetection setting;
        switch (name) {
            case "disabled":
                return DISABLED;
            case "sampled":
                setting = sampled(interval == null ? DEFAULT_SAMPLING_INTERVAL : parseInterval(interval));
                break;
            case "all":
                setting = everyPermit();
                break;
            default:
                throw new IllegalArgumentException(LEVEL_PROPERTY + " must be disabled, sampled or all: " + level);
        }
        if (parseBoolean(GIVE_BACK_PROPERTY, giveBack, false)) {
            setting = setting.givingBack();
        }
        return parseBoolean(STACKS_PROPERTY, stacks, setting.recordsStacks) ? setting.withStacks() : setting.withoutStacks();
    }

    private static int parseInterval(String interval) {
        try {
            int value = Integer.parseInt(interval.trim());
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the property's name
        }
        throw new IllegalArgumentException(INTERVAL_PROPERTY + " must be a positive integer: " + interval);
    }

    private static boolean parseBoolean(String property, String text, boolean absent) {
        if (text == null) {
            return absent;
        }
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.equals("true") || value.equals("false")) {
            return value.equals("true");
        }
        throw new IllegalArgumentException(property + " must be true or false: " + text);
    }

    /** Holds the default, read on first use, so that loading LeakDetection reads no property. */
    private static final class Default {
        static final LeakDetection SETTING = read();

        private static LeakDetection read() {
            try {
                return fromSystemProperties();
            } catch (RuntimeException invalid) {
                System.getLogger(LOGGER_NAME).log(System.Logger.Level.WARNING,
                        "Permit leak detection is disabled: " + invalid.getMessage(), invalid);
                return DISABLED;
            }
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LeakDetection that && level == that.level
                && samplingInterval == that.samplingInterval && givesBack == that.givesBack
                && recordsStacks == that.recordsStacks;
    }

    @Override
    public int hashCode() {
        return Objects.hash(level, samplingInterval, givesBack, recordsStacks);
    }

    /**
     * Returns the level, the interval of a sampled setting, whether stacks are recorded and whether
     * leaked permits are given back, as in
     * {@code LeakDetection[SAMPLED, 1 in 100, with stacks, giving back]}.
     *
     * @return a description of this setting
     */
    @Override
    public String toString() {
        return "LeakDetection[" + level + (level == Level.SAMPLED ? ", 1 in " + samplingInterval : "")
                + (level == Level.DISABLED ? "" : recordsStacks ? ", with stacks" : ", without stacks")
                + (givesBack ? ", giving back]" : "]");
    }
}
