package dev.bouncer;

/**
 * Makes a {@link StackOverflowError} strike before a primitive changes shared state, rather than
 * in the middle of a change.
 *
 * <p>Once a thread has appended itself to a wait queue, or has released permits that a parked
 * thread is waiting for, it must be able to finish: cancel its node, or wake the next waiter. If
 * the stack runs out in between, a node is left LIVE with nobody behind it, or a wakeup is lost,
 * and the queue stops for good. {@link #ensure} is called just before such a step. It makes the
 * JVM check, there, that the stack has room for frames well below the deepest the step will use.
 * If it has not, the error is thrown while nothing has changed yet; otherwise the step that
 * follows has the stack it needs.
 *
 * <p>How. Every method entry, interpreted or compiled, performs the JVM's stack-overflow check: it
 * touches the stack one frame plus a fixed shadow zone below its caller, and throws
 * {@code StackOverflowError} if that is past the usable end. What sets the depth checked is the
 * size of the frames on the way down, not the work done in them. So {@link #ensure} stacks
 * {@value #LINKS} pairs of frames, {@link #link} and {@link #spread}: each {@code link} passes
 * {@value #WIDTH} {@code long} arguments, which take an outgoing-argument area of about
 * {@value #WIDTH} &times; 8 bytes in its frame (and the interpreter's operand stack), and costs a
 * store each, with no arithmetic. The C2 compiler refuses a method that both receives and passes
 * that many arguments, hence the two methods. Neither may be inlined, which would fold frames
 * together: each holds a branch that never runs and whose bytecode is larger than the inlining
 * limit.
 *
 * <p>This is a margin, not a proof: the JVM gives no way to reserve stack. {@code HeadroomDepth}
 * in benchmarks/ measures it against a yardstick reservation (sixteen recursive frames of eight
 * live {@code long}s, several times the depth of the deepest step it guards: cancel, trim,
 * signal, {@code LockSupport.unpark}), and {@code benchmarks/run smoke} fails if it reaches
 * less deep, compiled by C2, by C1 alone or interpreted (docs/engine.md, section 7, has the
 * figures). It is paid only on slow paths: before a thread queues, before a release whose first
 * waiter may be parked (which then pays for an unpark anyway), and once per BoundedBuffer
 * operation. {@code StackOverflowTest} and {@code StackOverflowLockAndBufferTest} check what it
 * guards.
 */
final class StackHeadroom {
    /** How many times {@link #link} and {@link #spread} stack their two frames. */
    static final int LINKS = 5;
    /** How many {@code long} arguments each call of {@link #spread} passes, after the count. */
    static final int WIDTH = 47;

    /** The value every argument carries. */
    private static final long FILL = 1L;
    /** A value no argument carries: the branches it guards never run. */
    private static final long NEVER = 0x5EED_5EED_5EEDL;

    private StackHeadroom() {
    }

    /** Throws StackOverflowError now if the stack would not last through the step that follows. */
    static void ensure() {
        link(LINKS);
    }

    /**
     * A frame that holds {@link #spread}'s outgoing arguments. The branch that never runs only
     * makes the method too large to inline.
     */
    private static long link(int links) {
        if (links == (int) NEVER) { // never true
            long x = links;
            x = x * 2654435761L ^ (x >>> 1);
            x = x * 2654435763L ^ (x >>> 2);
            x = x * 2654435765L ^ (x >>> 3);
            x = x * 2654435767L ^ (x >>> 4);
            x = x * 2654435769L ^ (x >>> 5);
            x = x * 2654435771L ^ (x >>> 6);
            x = x * 2654435773L ^ (x >>> 7);
            x = x * 2654435775L ^ (x >>> 8);
            x = x * 2654435777L ^ (x >>> 9);
            x = x * 2654435779L ^ (x >>> 10);
            x = x * 2654435781L ^ (x >>> 11);
            x = x * 2654435783L ^ (x >>> 12);
            x = x * 2654435785L ^ (x >>> 13);
            x = x * 2654435787L ^ (x >>> 14);
            x = x * 2654435789L ^ (x >>> 15);
            x = x * 2654435791L ^ (x >>> 16);
            x = x * 2654435793L ^ (x >>> 17);
            x = x * 2654435795L ^ (x >>> 18);
            x = x * 2654435797L ^ (x >>> 19);
            x = x * 2654435799L ^ (x >>> 20);
            x = x * 2654435801L ^ (x >>> 21);
            x = x * 2654435803L ^ (x >>> 22);
            x = x * 2654435805L ^ (x >>> 23);
            x = x * 2654435807L ^ (x >>> 24);
            x = x * 2654435809L ^ (x >>> 25);
            x = x * 2654435811L ^ (x >>> 26);
            x = x * 2654435813L ^ (x >>> 27);
            x = x * 2654435815L ^ (x >>> 28);
            x = x * 2654435817L ^ (x >>> 29);
            x = x * 2654435819L ^ (x >>> 30);
            x = x * 2654435821L ^ (x >>> 31);
            x = x * 2654435823L ^ (x >>> 32);
            x = x * 2654435825L ^ (x >>> 33);
            x = x * 2654435827L ^ (x >>> 34);
            x = x * 2654435829L ^ (x >>> 35);
            x = x * 2654435831L ^ (x >>> 36);
            x = x * 2654435833L ^ (x >>> 37);
            x = x * 2654435835L ^ (x >>> 38);
            x = x * 2654435837L ^ (x >>> 39);
            x = x * 2654435839L ^ (x >>> 40);
            x = x * 2654435841L ^ (x >>> 41);
            x = x * 2654435843L ^ (x >>> 42);
            x = x * 2654435845L ^ (x >>> 43);
            x = x * 2654435847L ^ (x >>> 44);
            x = x * 2654435849L ^ (x >>> 45);
            x = x * 2654435851L ^ (x >>> 46);
            x = x * 2654435853L ^ (x >>> 47);
            x = x * 2654435855L ^ (x >>> 48);
            return x;
        }
        return spread(
                links, FILL, FILL, FILL, FILL, FILL, FILL, FILL, FILL, FILL, FILL, FILL,
                FILL, FILL, FILL, FILL, FILL, FILL, FILL, FILL, FILL, FILL, FILL, FILL,
                FILL, FILL, FILL, FILL, FILL, FILL, FILL, FILL, FILL, FILL, FILL, FILL,
                FILL, FILL, FILL, FILL, FILL, FILL, FILL, FILL, FILL, FILL, FILL, FILL);
    }

    /**
     * Takes the wide argument list, and stacks the next {@link #link} below it. Receiving and
     * passing a wide list in one method is more than the C2 compiler accepts, hence two methods.
     * The branch that never runs makes it too large to inline.
     */
    private static long spread(
            int links, long a0, long a1, long a2, long a3, long a4, long a5, long a6,
            long a7, long a8, long a9, long a10, long a11, long a12, long a13, long a14,
            long a15, long a16, long a17, long a18, long a19, long a20, long a21, long a22,
            long a23, long a24, long a25, long a26, long a27, long a28, long a29, long a30,
            long a31, long a32, long a33, long a34, long a35, long a36, long a37, long a38,
            long a39, long a40, long a41, long a42, long a43, long a44, long a45, long a46) {
        if (a0 == NEVER) { // never true
            return a0 * 3 + a1 * 5 + a2 * 7 + a3 * 9 + a4 * 11
                    + a5 * 13 + a6 * 15 + a7 * 17 + a8 * 19 + a9 * 21
                    + a10 * 23 + a11 * 25 + a12 * 27 + a13 * 29 + a14 * 31
                    + a15 * 33 + a16 * 35 + a17 * 37 + a18 * 39 + a19 * 41
                    + a20 * 43 + a21 * 45 + a22 * 47 + a23 * 49 + a24 * 51
                    + a25 * 53 + a26 * 55 + a27 * 57 + a28 * 59 + a29 * 61
                    + a30 * 63 + a31 * 65 + a32 * 67 + a33 * 69 + a34 * 71
                    + a35 * 73 + a36 * 75 + a37 * 77 + a38 * 79 + a39 * 81
                    + a40 * 83 + a41 * 85 + a42 * 87 + a43 * 89 + a44 * 91
                    + a45 * 93 + a46 * 95 + (a0 >>> 1) + (a1 >>> 2) + (a2 >>> 3)
                    + (a3 >>> 4) + (a4 >>> 5) + (a5 >>> 6) + (a6 >>> 7) + (a7 >>> 8)
                    + (a8 >>> 9) + (a9 >>> 10) + (a10 >>> 11) + (a11 >>> 12) + (a12 >>> 13)
                    + (a13 >>> 14) + (a14 >>> 15) + (a15 >>> 16) + (a16 >>> 17) + (a17 >>> 18)
                    + (a18 >>> 19) + (a19 >>> 20) + (a20 >>> 21) + (a21 >>> 22) + (a22 >>> 23)
                    + (a23 >>> 24) + (a24 >>> 25) + (a25 >>> 26) + (a26 >>> 27) + (a27 >>> 28)
                    + (a28 >>> 29) + (a29 >>> 30) + (a30 >>> 31) + (a31 >>> 32) + (a32 >>> 33)
                    + (a33 >>> 34) + (a34 >>> 35) + (a35 >>> 36) + (a36 >>> 37) + (a37 >>> 38)
                    + (a38 >>> 39) + (a39 >>> 40) + (a40 >>> 41) + (a41 >>> 42) + (a42 >>> 43)
                    + (a43 >>> 44) + (a44 >>> 45) + (a45 >>> 46) + (a46 >>> 47);
        }
        return links == 1 ? a0 : link(links - 1);
    }
}
