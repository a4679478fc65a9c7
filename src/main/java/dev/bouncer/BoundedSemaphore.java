package dev.bouncer;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;

/**
 * A counting semaphore whose available permits never exceed a fixed maximum. It has the whole
 * {@link Semaphore} API and behaves the same way, except that a release that would lift the number
 * of available permits above {@link #getMaxPermits()} is rejected with an
 * {@link IllegalStateException} and changes nothing.
 *
 * <p>A plain semaphore lets any thread release any number of permits, so a resource pool that
 * releases twice for one acquire slowly gains phantom capacity, and nothing reports it. A bounded
 * semaphore turns that bug into an exception at the release that caused it:
 *
 * <pre>{@code
 * BoundedSemaphore available = new BoundedSemaphore(10, 10, true);
 * available.acquire();
 * available.release();
 * available.release(); // IllegalStateException: the pool never lent an eleventh permit
 * }</pre>
 *
 * <p>The bound is on the permits <em>available</em>, not on the permits lent out: the semaphore does
 * not know who holds what. So {@link #drainPermits()} and {@link #reducePermits(int)} lower the count
 * without lowering the maximum, and later releases may bring the count back up to the maximum. A
 * subclass that retires {@code k} permits for good with {@code reducePermits(k)} gets a looser
 * check: an over-release of up to {@code k} permits is then no longer caught.
 *
 * <p>The initial count may be negative, as with {@link Semaphore}: releases must then occur before
 * any acquire is granted. It may not exceed the maximum.
 *
 * <p>{@link #tryRelease()} releases a permit only if that stays within the bound, and reports which
 * happened instead of throwing; signalling code that may post an event twice uses it (see
 * {@link BinarySemaphore}).
 *
 * <h2>Memory consistency effects</h2>
 * As for {@link Semaphore}: actions in a thread prior to a successful "release" method such as
 * {@code release()} or a {@code tryRelease()} that returns {@code true}
 * <a href="https://docs.oracle.com/javase/specs/jls/se17/html/jls-17.html#jls-17.4.5"><i>happen-before</i></a>
 * actions following a successful "acquire" method such as {@code acquire()} in another thread. A
 * rejected release (an exception, or {@code false}) writes nothing and creates no such edge.
 *
 * @see BinarySemaphore
 */
public class BoundedSemaphore extends Semaphore {
    /*
     * Implementation notes (the long form is docs/buffer.md).
     *
     * State. Semaphore's permit count, plus the final `maxPermits`. No state of its own changes.
     *
     *   release(n):  if (!giveBack(n)) throw IllegalStateException
     *   tryGiveBack (Semaphore): for (;;) { c = permits; if (c + n > ceiling()) fail; if (CAS(c, c + n)) ok }
     *
     * Invariants.
     *   BS-I1  permits <= maxPermits at every instant. It holds initially (checked by the
     *          constructor), acquires, reducePermits and drainPermits only lower the count or set
     *          it to 0 <= maxPermits, and a release adds only by a CAS whose expected value passed
     *          the bound check, so two racing releases cannot both pass on the same stale count.
     *   BS-I2  A rejected release changes nothing: it fails before any CAS.
     *
     * Happens-before edges. SEM-E1 and SEM-E2, unchanged: a successful release is the same CAS.
     *
     * Progress. As Semaphore: release and tryRelease are lock-free.
     */

    private static final long serialVersionUID = 3_874_559_218_604_127_203L;

    /** The most permits that may be available at once (BS-I1); at least 1. Serialized. */
    private final int maxPermits;

    /**
     * Creates a {@code BoundedSemaphore} with the given initial and maximum numbers of permits and
     * the nonfair fairness setting.
     *
     * @param initialPermits the initial number of permits available; may be negative, in which
     *     case releases must occur before any acquires will be granted
     * @param maxPermits the maximum number of permits that may be available at once
     * @throws IllegalArgumentException if {@code maxPermits < 1} or
     *     {@code initialPermits > maxPermits}
     */
    public BoundedSemaphore(int initialPermits, int maxPermits) {
        this(initialPermits, maxPermits, false);
    }

    /**
     * Creates a {@code BoundedSemaphore} with the given initial and maximum numbers of permits and
     * the given fairness setting.
     *
     * @param initialPermits the initial number of permits available; may be negative, in which
     *     case releases must occur before any acquires will be granted
     * @param maxPermits the maximum number of permits that may be available at once
     * @param fair {@code true} if this semaphore will guarantee first-in first-out granting of
     *     permits under contention, else {@code false}
     * @throws IllegalArgumentException if {@code maxPermits < 1} or
     *     {@code initialPermits > maxPermits}
     */
    public BoundedSemaphore(int initialPermits, int maxPermits, boolean fair) {
        this(initialPermits, maxPermits, fair, LeakDetection.defaultSetting());
    }

    /**
     * Creates a {@code BoundedSemaphore} with the given initial and maximum numbers of permits,
     * fairness setting and leak detection for its {@link Permit} handles, as
     * {@link Semaphore#Semaphore(int, boolean, LeakDetection)} describes. Leaked permits that are
     * given back are released like any other release: a give-back that would exceed the maximum
     * is refused and reported.
     *
     * @param initialPermits the initial number of permits available; may be negative, in which
     *     case releases must occur before any acquires will be granted
     * @param maxPermits the maximum number of permits that may be available at once
     * @param fair {@code true} if this semaphore will guarantee first-in first-out granting of
     *     permits under contention, else {@code false}
     * @param leakDetection which handles to watch for leaks, and whether leaked permits are given
     *     back
     * @throws IllegalArgumentException if {@code maxPermits < 1} or
     *     {@code initialPermits > maxPermits}
     * @throws NullPointerException if {@code leakDetection} is null
     */
    public BoundedSemaphore(int initialPermits, int maxPermits, boolean fair, LeakDetection leakDetection) {
        super(checkBounds(initialPermits, maxPermits), fair, leakDetection);
        this.maxPermits = maxPermits;
    }

    /**
     * Releases a permit, returning it to the semaphore, unless the semaphore already has its maximum
     * number of permits available.
     *
     * @throws IllegalStateException if {@link #getMaxPermits()} permits are already available;
     *     nothing changes
     */
    @Override
    public void release() {
        releaseBounded(1);
    }

    /**
     * Releases the given number of permits, returning them to the semaphore, unless that would make
     * more than {@link #getMaxPermits()} permits available. The permits are released all at once or
     * not at all.
     *
     * @param permits the number of permits to release
     * @throws IllegalArgumentException if {@code permits} is negative
     * @throws IllegalStateException if the release would make more than the maximum number of
     *     permits available; nothing changes
     */
    @Override
    public void release(int permits) {
        requireNonNegative(permits);
        releaseBounded(permits);
    }

    /**
     * Releases a permit if fewer than the maximum number of permits are available, and otherwise
     * does nothing. Unlike {@link #release()} it reports a release that would exceed the bound by
     * returning {@code false} rather than by throwing, for callers where that is expected, such as
     * posting an event that may already be posted.
     *
     * @return {@code true} if a permit was released, {@code false} if the maximum was already
     *     available (nothing changed)
     */
    public boolean tryRelease() {
        return giveBack(1); // BS-I1, BS-I2: the ceiling check is inside the CAS loop
    }

    /**
     * Returns the maximum number of permits that may be available at once, as given to the
     * constructor.
     *
     * @return the maximum number of available permits
     */
    public int getMaxPermits() {
        return maxPermits;
    }

    /**
     * Returns a string identifying this semaphore, as well as its state. The state, in brackets,
     * includes the String {@code "Permits ="} followed by the number of permits, and
     * {@code "Max ="} followed by the maximum.
     *
     * @return a string identifying this semaphore, as well as its state
     */
    @Override
    public String toString() {
        return super.toString().replace("]", ", Max = " + maxPermits + "]");
    }

    @Override
    final int ceiling() {
        return maxPermits; // BS-I1
    }

    private void releaseBounded(int n) {
        if (!giveBack(n)) { // BS-I1, BS-I2: rejected before any CAS
            throw new IllegalStateException("Cannot release " + n + " permit(s): "
                    + availablePermits() + " of at most " + maxPermits + " are available");
        }
    }

    private static int checkBounds(int initialPermits, int maxPermits) {
        if (maxPermits < 1) {
            throw new IllegalArgumentException("maxPermits must be at least 1: " + maxPermits);
        }
        if (initialPermits > maxPermits) {
            throw new IllegalArgumentException(
                    "initialPermits " + initialPermits + " exceeds maxPermits " + maxPermits);
        }
        return initialPermits;
    }

    /**
     * Rejects a stream that breaks BS-I1, which the constructor would have refused.
     *
     * @param in the stream
     * @throws IOException if the stream cannot be read, or breaks BS-I1
     *     ({@link InvalidObjectException})
     * @throws ClassNotFoundException if a class of the stream cannot be found
     */
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        if (maxPermits < 1 || getPermits() > maxPermits) {
            throw new InvalidObjectException(
                    "permits " + getPermits() + " and maxPermits " + maxPermits + " break the bound");
        }
    }
}
