package dev.bouncer.jcstress.buffer;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Property: when the sole consumer is shown an element by {@code peek}, its next {@code poll}
 * takes that very element; a traversal never shows an element that no consumer could take.
 *
 * <p>Checks BB-I8 and BB-E5: {@code peek} reads {@code takeIndex}, then {@code items}, and shows
 * the head only while {@code items} holds a permit, so the element shown was already released to
 * the gate and only a consumer can take that permit away. Capacity 2; the producer offers 1, then
 * 2; the consumer, up to {@link #ROUNDS} times, peeks and, if it was shown an element, polls, and
 * stops at the first poll that did not take what its peek showed. {@code r1} is the elements peek
 * showed, {@code r2} what the polls that followed took, as digits (0 for a poll that took nothing).
 *
 * <p>Mutant caught: {@code buffer-peek-shows-unreleased} ({@code peek} shows the head as soon as
 * its slot is published): the producer publishes the sequence before it releases
 * {@code items} (BB-E4), so a peek in between is shown the element and the poll, granted nothing,
 * returns {@code null}. The window is the few instructions between those two steps of the
 * producer; the consumer peeks in a short loop so that a peek can land inside either offer's
 * window, not only at its first try (see docs/verification.md for the measured rate).
 *
 * <p>Run: {@code jcstress-tests/run quick -t PollTakesWhatPeekShowed}, or
 * {@code java -jar jcstress-tests/target/jcstress.jar -t PollTakesWhatPeekShowed}.
 */
public final class PollTakesWhatPeekShowed {
    private PollTakesWhatPeekShowed() {
    }

    /** dev.bouncer.BoundedBuffer. */
    @JCStressTest
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "every peek came before any element could be taken; no poll")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "peek showed 1 and poll took 1; no later peek saw 2")
    @Outcome(id = "12, 12", expect = ACCEPTABLE, desc = "peek showed 1 and poll took 1, then peek showed 2 and poll took 2")
    @Outcome(id = {"1, 0", "12, 10"}, expect = FORBIDDEN, desc = "peek showed an element but poll took nothing: a traversal showed an element no consumer could take")
    @Outcome(id = {"1, 2", "12, 11"}, expect = FORBIDDEN, desc = "poll took a different element than peek showed")
    @Outcome(expect = FORBIDDEN, desc = "peek showed 2 before 1, or another impossible result")
    @State
    public static class Ours {
        final BlockingQueue<Integer> buffer = new dev.bouncer.BoundedBuffer<>(2);

        @Actor
        public void producer() {
            buffer.offer(1);
            buffer.offer(2);
        }

        @Actor
        public void consumer(II_Result r) {
            peekThenPoll(buffer, r);
        }
    }

    /** Baseline: java.util.concurrent.ArrayBlockingQueue. */
    @JCStressTest
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "every peek came before any element could be taken; no poll")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "peek showed 1 and poll took 1; no later peek saw 2")
    @Outcome(id = "12, 12", expect = ACCEPTABLE, desc = "peek showed 1 and poll took 1, then peek showed 2 and poll took 2")
    @Outcome(id = {"1, 0", "12, 10"}, expect = FORBIDDEN, desc = "peek showed an element but poll took nothing: a traversal showed an element no consumer could take")
    @Outcome(id = {"1, 2", "12, 11"}, expect = FORBIDDEN, desc = "poll took a different element than peek showed")
    @Outcome(expect = FORBIDDEN, desc = "peek showed 2 before 1, or another impossible result")
    @State
    public static class Jdk {
        final BlockingQueue<Integer> buffer = new ArrayBlockingQueue<>(2);

        @Actor
        public void producer() {
            buffer.offer(1);
            buffer.offer(2);
        }

        @Actor
        public void consumer(II_Result r) {
            peekThenPoll(buffer, r);
        }
    }

    /** Peeks and polls up to this many times, so that a peek can fall inside a producer's offer. */
    static final int ROUNDS = 8;

    /**
     * The sole consumer: up to {@link #ROUNDS} times, peeks and, if shown an element, polls. Stops
     * at the first poll that did not take what its peek showed, or once both elements are taken.
     * Records the elements shown ({@code r1}) and taken ({@code r2}) as digits, 0 for a poll that
     * took nothing.
     */
    static void peekThenPoll(BlockingQueue<Integer> buffer, II_Result r) {
        int shown = 0;
        int taken = 0;
        for (int round = 0; round < ROUNDS && taken != 12; round++) {
            Integer head = buffer.peek();
            if (head == null) {
                continue;
            }
            Integer polled = buffer.poll();
            shown = shown * 10 + head;
            taken = taken * 10 + Digits.of(polled);
            if (!head.equals(polled)) {
                break;
            }
        }
        r.r1 = shown;
        r.r2 = taken;
    }
}
