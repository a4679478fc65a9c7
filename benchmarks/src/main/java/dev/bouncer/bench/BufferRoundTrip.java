package dev.bouncer.bench;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Question: what does one element's way through a queue cost on one thread, with nobody else
 * touching the queue: a timed {@code offer} followed by a timed {@code poll}, the calls
 * {@link BufferTransfer}'s producers and consumers make? This is the queue's own work, with its
 * cache lines staying in one core; {@code BufferTransfer} adds what two cores sharing them cost.
 *
 * <p>The queue holds {@link #HELD} elements throughout (put there at setup), so the offer never
 * finds it full and the poll never finds it empty, and neither waits; the element polled is the
 * oldest, so every slot of the ring is used in turn, as in a transfer.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Thread)
public class BufferRoundTrip {

    /** Elements the queue holds between round trips: a few, so that it is neither full nor empty. */
    public static final int HELD = 8;

    private static final Object ELEMENT = new Object();

    @Param({"BOUNCER", "JDK_ARRAY_BLOCKING_QUEUE", "JDK_LINKED_BLOCKING_QUEUE",
            "CONVERSANT_DISRUPTOR"})
    public BufferImpl impl;

    @Param({"1024"})
    public int capacity;

    private BlockingQueue<Object> queue;

    @Setup(Level.Trial)
    public void createQueue() {
        queue = impl.create(capacity);
        for (int i = 0; i < HELD; i++) {
            queue.add(ELEMENT);
        }
    }

    /** One timed offer and one timed poll, neither of which waits. */
    @Benchmark
    public Object offerThenPoll() throws InterruptedException {
        if (!queue.offer(ELEMENT, BufferTransfer.PATIENCE_MILLIS, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the queue was full: " + queue.size());
        }
        return queue.poll(BufferTransfer.PATIENCE_MILLIS, TimeUnit.MILLISECONDS);
    }
}
