package dev.bouncer;

/**
 * Makes a {@link StackOverflowError} strike before a primitive changes shared state, rather than
 * in the middle of a change.
 *
 * <p>Once a thread has appended itself to a wait queue, or has released permits that a parked
 * thread is waiting for, it must be able to finish: cancel its node, or wake the next waiter. If the
 * stack runs out in between, a node is left LIVE with nobody behind it, or a wakeup is lost, and the
 * queue stops for good. {@link #ensure} is called just before such a step. It descends a fixed
 * number of frames, each holding live values, so that every method entry on the way down performs
 * the JVM's stack-overflow check (a "stack bang" of the frame plus the shadow zone) deeper than the
 * step that follows will reach. If the stack is that short, the error is thrown here, while nothing
 * has changed yet; otherwise the step that follows has the stack it needs.
 *
 * <p>This is a margin, not a proof: the JVM gives no way to reserve stack. The margin is
 * {@value #FRAMES} frames of eight live {@code long}s each, several times the depth of the deepest
 * step it guards (cancel, trim, signal, {@code LockSupport.unpark}), whether those run interpreted
 * or compiled. It is paid only on slow paths: before a thread queues, before a release whose first
 * waiter may be parked (which then pays for an unpark anyway), and once per BoundedBuffer
 * operation. {@code StackOverflowTest} checks it.
 */
final class StackHeadroom {
    /** How many frames {@link #ensure} descends. */
    static final int FRAMES = 16;

    private StackHeadroom() {
    }

    /** Throws StackOverflowError now if the stack would not last through the step that follows. */
    static void ensure() {
        if (descend(FRAMES, System.identityHashCode(Thread.currentThread())) == 0x5EED_5EED_5EEDL) {
            Thread.onSpinWait(); // never taken in practice; keeps the result alive for the JIT
        }
    }

    /** Recurses, keeping eight values live across each call so every frame occupies the stack. */
    private static long descend(int frames, long seed) {
        long a = seed * 0x9E37_79B9_7F4A_7C15L + 1;
        long b = a ^ (a >>> 29);
        long c = b * 31 + a;
        long d = c ^ (b << 7);
        long e = d + c;
        long f = e ^ (d >>> 11);
        long g = f * 17 + e;
        long h = g ^ (f << 5);
        long below = frames == 0 ? 0L : descend(frames - 1, h);
        return below + a + b + c + d + e + f + g + h;
    }
}
