package dev.bouncer.jcstress.buffer;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.bouncer.jcstress.Waiters;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/**
 * Property: {@code take} on an empty buffer waits until an element is put, then returns that
 * element, and it is counted as taken: afterwards the buffer is empty and has all its room.
 *
 * <p>Checks BB-I3 (an empty buffer has no items, so {@code take} blocks in
 * {@code items.acquire()}; {@code items + spaces == capacity} when quiet). The buffer (capacity 1)
 * starts empty. The actor calls {@code take()}; the signal notes that it has begun, puts 1, and
 * notes that the put returned. The actor checks that the put had begun and that it got 1, waits
 * for the put to return, and checks {@code size() == 0} and {@code remainingCapacity() == 1}.
 * A violated check throws: ERROR. A {@code take} that never returns: STALE.
 *
 * <p>Mutant caught: {@code buffer-take-ignores-empty} ({@code take} calls
 * {@code items.tryAcquire()} and ignores a refusal, then waits on the slot instead of the
 * semaphore): it still returns 1, but the item the put releases is never consumed, so
 * {@code size()} stays 1.
 *
 * <p>Run: {@code jcstress-tests/run quick -t TakeBlocksWhenEmpty}, or
 * {@code java -jar jcstress-tests/target/jcstress.jar -t TakeBlocksWhenEmpty}.
 */
public final class TakeBlocksWhenEmpty {
    private TakeBlocksWhenEmpty() {
    }

    /** The scenario, shared by both queues. */
    abstract static class Scenario {
        final BlockingQueue<Integer> buffer;
        volatile boolean putStarted;
        volatile boolean putReturned;

        Scenario(BlockingQueue<Integer> buffer) {
            this.buffer = buffer;
        }

        void takeFromEmpty() throws InterruptedException {
            int taken = buffer.take();
            Waiters.check(putStarted, "take returned on an empty buffer before any put");
            Waiters.check(taken == 1, "take returned " + taken);
            while (!putReturned) {
                Thread.onSpinWait();
            }
            Waiters.check(buffer.size() == 0 && buffer.remainingCapacity() == 1,
                    "after put and take: size " + buffer.size() + ", room " + buffer.remainingCapacity());
        }

        void putOne() throws InterruptedException {
            putStarted = true;
            buffer.put(1);
            putReturned = true;
        }
    }

    /** dev.bouncer.BoundedBuffer. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "take waited for the put, then took its element")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "take was never woken after the put")
    @Outcome(id = "ERROR", expect = FORBIDDEN, desc = "take returned before any put, got the wrong element, or miscounted")
    @Outcome(expect = FORBIDDEN, desc = "impossible result")
    @State
    public static class Ours extends Scenario {
        public Ours() {
            super(new dev.bouncer.BoundedBuffer<>(1));
        }

        @Actor
        public void consumer() throws InterruptedException {
            takeFromEmpty();
        }

        @Signal
        public void producer() throws InterruptedException {
            putOne();
        }
    }

    /** Baseline: java.util.concurrent.ArrayBlockingQueue. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "take waited for the put, then took its element")
    @Outcome(expect = FORBIDDEN, desc = "take never woken, returned early, or miscounted")
    @State
    public static class Jdk extends Scenario {
        public Jdk() {
            super(new ArrayBlockingQueue<>(1));
        }

        @Actor
        public void consumer() throws InterruptedException {
            takeFromEmpty();
        }

        @Signal
        public void producer() throws InterruptedException {
            putOne();
        }
    }
}
