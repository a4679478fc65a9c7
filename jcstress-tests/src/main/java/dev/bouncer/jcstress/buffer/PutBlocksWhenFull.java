package dev.bouncer.jcstress.buffer;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.bouncer.jcstress.Waiters;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/**
 * Property: {@code put} into a full buffer does not return until a consumer has made room, and
 * then returns (it is woken).
 *
 * <p>Checks BB-I3 (a full buffer has no spaces left, so {@code put} blocks in
 * {@code spaces.acquire()}) and, through the wakeup, SEM-E2 on the {@code spaces} gate. The
 * buffer (capacity 2) holds 1, 2 when the sample starts. The actor calls {@code put(3)}; the
 * signal, which jcstress runs at least 1 ms after the actor started, notes that it has begun and
 * then takes. After {@code put} returns the actor checks that the signal had begun, waits for the
 * take to finish, and checks that it returned 1, that the buffer holds exactly [2, 3] and that it
 * has no room left. A violated check throws: ERROR. A {@code put} that never returns: STALE.
 *
 * <p>Capacity 2, not 1: with capacity 1 the sequence values "holds producer i's element" (i + 1)
 * and "free for producer i + 1" (i + capacity) coincide, so a producer that got past the semaphore
 * would not even wait for the slot, and the signal's take would then wait for ever on a slot its
 * element was overwritten in (a hung signal blocks the jcstress runner).
 *
 * <p>Mutant caught: {@code buffer-put-ignores-full} ({@code put} calls {@code spaces.tryAcquire()}
 * and ignores a refusal): it waits on the slot instead, so it returns after the take, but the
 * space the take releases is never consumed: {@code remainingCapacity()} is 1 on a full buffer.
 *
 * <p>Run: {@code jcstress-tests/run quick -t PutBlocksWhenFull}, or
 * {@code java -jar jcstress-tests/target/jcstress.jar -t PutBlocksWhenFull}.
 */
public final class PutBlocksWhenFull {
    private PutBlocksWhenFull() {
    }

    /** The scenario, shared by both queues. */
    abstract static class Scenario {
        final BlockingQueue<Integer> buffer;
        volatile boolean takeStarted;
        volatile int taken; // 0 until the signal's take returns

        Scenario(BlockingQueue<Integer> buffer) {
            this.buffer = buffer;
            buffer.add(1);
            buffer.add(2);
        }

        void putIntoFull() throws InterruptedException {
            buffer.put(3);
            Waiters.check(takeStarted, "put returned on a full buffer before any take");
            while (taken == 0) {
                Thread.onSpinWait();
            }
            Waiters.check(taken == 1, "the take got " + taken + ", not the element that was there");
            Waiters.check(Arrays.equals(buffer.toArray(), new Object[] {2, 3}),
                    "buffer holds " + Arrays.toString(buffer.toArray()) + ", not [2, 3]");
            Waiters.check(buffer.remainingCapacity() == 0,
                    "a full buffer reports room for " + buffer.remainingCapacity());
        }

        void takeOne() throws InterruptedException {
            takeStarted = true;
            taken = buffer.take();
        }
    }

    /** dev.bouncer.BoundedBuffer. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "put waited for the take, then completed")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "put was never woken after the take made room")
    @Outcome(id = "ERROR", expect = FORBIDDEN, desc = "put returned on a full buffer, or the contents are wrong")
    @Outcome(expect = FORBIDDEN, desc = "impossible result")
    @State
    public static class Ours extends Scenario {
        public Ours() {
            super(new dev.bouncer.BoundedBuffer<>(2));
        }

        @Actor
        public void producer() throws InterruptedException {
            putIntoFull();
        }

        @Signal
        public void consumer() throws InterruptedException {
            takeOne();
        }
    }

    /** Baseline: java.util.concurrent.ArrayBlockingQueue. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "put waited for the take, then completed")
    @Outcome(expect = FORBIDDEN, desc = "put never woken, returned on a full buffer, or wrong contents")
    @State
    public static class Jdk extends Scenario {
        public Jdk() {
            super(new ArrayBlockingQueue<>(2));
        }

        @Actor
        public void producer() throws InterruptedException {
            putIntoFull();
        }

        @Signal
        public void consumer() throws InterruptedException {
            takeOne();
        }
    }
}
