package dev.bouncer.jcstress.buffer;

import java.util.Queue;

/**
 * Encodes a short run of one-digit elements as one int, so that an outcome such as "took 2, then
 * 1" reads {@code 21}, and "nothing" reads {@code 0}. Elements are 1..9.
 */
final class Digits {
    private Digits() {
    }

    /** The elements a traversal sees, head first. {@code toArray} never waits or takes (BB-I6). */
    static int contents(Queue<Integer> queue) {
        int digits = 0;
        for (Object e : queue.toArray()) {
            digits = digits * 10 + (Integer) e;
        }
        return digits;
    }

    /** An element taken, or 0 for {@code null}. */
    static int of(Integer e) {
        return e == null ? 0 : e;
    }
}
