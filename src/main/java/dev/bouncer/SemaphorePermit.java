package dev.bouncer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The {@link Permit} a {@link Semaphore} hands out: n permits, given back by one
 * {@code release(n)} on the first close. A semaphore with leak detection hands out a subclass,
 * {@code LeakTracker.TrackedPermit}, for the handles it tracks.
 */
class SemaphorePermit implements Permit {
    /*
     * Implementation notes (the long form is docs/permits.md).
     *
     * State. `state` is HELD or CLOSED; only a CAS moves HELD -> CLOSED, and only the thread
     * whose CAS won moves it back, when its release threw.
     *
     *   close(): if (!CAS(state, HELD, CLOSED)) return      // another close won
     *            try { semaphore.release(permits) }
     *            catch (anything) { state = HELD; rethrow }  // nothing was released
     *
     * Invariants.
     *   PM-I1  The semaphore gets this handle's permits back at most once: a release is made only by
     *       the close whose CAS moved HELD -> CLOSED, and exactly one CAS succeeds per move.
     *   PM-I2  A handle exists only for permits that were granted: the acquiring method creates it
     *       before the grant (so an OutOfMemoryError comes before anything is taken) and returns
     *       it only after the grant succeeded.
     *   PM-I3  A close that throws released nothing (SEM-I3, BS-I2, and
     *       QS-I8 for a StackOverflowError), so moving back to HELD keeps PM-I1 and
     *       leaves the permits with the handle for a later close.
     *
     * Happens-before edges.
     *   PM-E1  The winning CAS, then release(n): SEM-E1 carries the closer's earlier
     *         actions to whoever acquires the permits.
     *
     * Progress. close() is wait-free apart from the release, which is lock-free.
     */

    private static final int HELD = 0;
    private static final int CLOSED = 1;

    private final Semaphore semaphore;
    private final int permits;
    /** HELD or CLOSED; moved HELD -> CLOSED only by CAS (PM-I1), back only by that CAS's winner (PM-I3). */
    private volatile int state;

    /** A handle on n permits that the caller is about to be granted (PM-I2). */
    SemaphorePermit(Semaphore semaphore, int permits) {
        Semaphore.requireNonNegative(permits);
        this.semaphore = semaphore;
        this.permits = permits;
    }

    @Override
    public int permits() {
        return permits;
    }

    @Override
    public boolean isValid() {
        return state == HELD; // a volatile read: after a close that returned, false
    }

    @Override
    public void close() {
        closeOnce();
    }

    /**
     * Gives the permits back if this call is the first close, and returns whether it was: true
     * when this call released them, false when another close had won (PM-I1). Throws what the
     * release threw, having released nothing (PM-I3).
     */
    final boolean closeOnce() {
        if (!casState(HELD, CLOSED)) { // PM-I1: only the first close gets past here
            return false;
        }
        boolean released = false;
        try {
            semaphore.release(permits); // PM-E1
            released = true;
        } finally {
            if (!released) {
                state = HELD; // PM-I3: the release threw and released nothing; the handle holds on
            }
        }
        return true;
    }

    /**
     * Called by the acquiring method when its acquire returned or threw: granted, right before it
     * returns this handle, where nothing may throw (PM-I2); or not, and this handle never held
     * anything. A tracked handle ends its record then (PM-I4).
     */
    void acquireEnded(boolean granted) {
    }

    @Override
    public String toString() {
        return super.toString() + "[" + permits + (permits == 1 ? " permit" : " permits")
                + (state == HELD ? ", held]" : ", closed]");
    }

    private boolean casState(int expected, int update) {
        return STATE.compareAndSet(this, expected, update);
    }

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(SemaphorePermit.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        // QS-I12: runs the CAS's call site once, on a handle of this initializer's own
        new SemaphorePermit(new Semaphore(0, false, LeakDetection.disabled()), 0).casState(HELD, HELD);
    }
}
