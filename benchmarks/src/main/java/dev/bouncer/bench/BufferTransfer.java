package dev.bouncer.bench;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Control;

/**
 * Question: how many elements per microsecond do P producers and P consumers move through one
 * bounded blocking queue, for bouncer's {@code BoundedBuffer}, {@code ArrayBlockingQueue},
 * {@code LinkedBlockingQueue} and Conversant's {@code DisruptorBlockingQueue} (an anchor: the
 * best-known {@code BlockingQueue} that beats {@code ArrayBlockingQueue}), with a roomy (1024)
 * and a tight (16) capacity?
 *
 * <p>One JMH group: producers loop inserting one shared element, consumers loop removing one.
 * The producer and consumer counts are JMH's {@code -tg} ({@code benchmarks/run} runs 1,1 then 2,2
 * then 8,8); the annotations say 1P1C. Each group has its own queue, created empty before every
 * iteration. The group's primary score is puts plus takes; the {@code take} secondary score is the
 * number of elements transferred end to end per microsecond, which is what the report compares.
 *
 * <p>Both sides wait the way {@code put} and {@code take} do, but with a deadline: a producer
 * calls {@code offer(e, PATIENCE_MILLIS)}, a consumer {@code poll(PATIENCE_MILLIS)}. Plain
 * {@code put}/{@code take} could deadlock at the end of an iteration: once the last producer has
 * stopped, a consumer still blocked in {@code take} on an empty queue would never return (and a
 * producer on a full queue likewise), and JMH would wait for it. A timed wait that runs out while
 * JMH measures (its {@link Control} says when) is counted as a failed try ({@code failedOffers},
 * {@code failedPolls}) and retried, so every counted operation is one real transfer; once JMH has
 * stopped measuring, a thread whose wait runs out simply returns. A failed try is a thread that
 * waited 10 ms, far longer than any handover, without getting its turn: on 2 cores mostly one
 * that was not scheduled, or that others barged past. Expect 0 or close to it.
 *
 * <p>Target: bouncer's transfers at 2P2C and 8P8C at least 1.5x the better of the two
 * JDK queues.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(3)
@State(Scope.Group)
public class BufferTransfer {

    /** How long one timed offer or poll waits before it counts as a failed try. */
    public static final long PATIENCE_MILLIS = 10;

    /** The one element every producer inserts; nothing allocates per transfer but the queue. */
    private static final Object ELEMENT = new Object();

    @Param({"BOUNCER", "JDK_ARRAY_BLOCKING_QUEUE", "JDK_LINKED_BLOCKING_QUEUE",
            "CONVERSANT_DISRUPTOR"})
    public BufferImpl impl;

    @Param({"1024", "16"})
    public int capacity;

    private BlockingQueue<Object> queue;

    @Setup(Level.Iteration)
    public void createQueue() {
        queue = impl.create(capacity);
    }

    /**
     * Timed waits that ran out while JMH was measuring, per iteration; each was retried. Ones that
     * run out before the measurement starts (while JMH waits for every thread of the group to
     * arrive) are retried uncounted; ones that run out after it has stopped are the normal way
     * out and are not counted either.
     */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class FailedTries {
        public long failedOffers;
        public long failedPolls;

        @Setup(Level.Iteration)
        public void reset() {
            failedOffers = 0;
            failedPolls = 0;
        }
    }

    @Benchmark
    @Group("transfer")
    @GroupThreads(1)
    public void put(Control control, FailedTries counters) throws InterruptedException {
        while (!queue.offer(ELEMENT, PATIENCE_MILLIS, TimeUnit.MILLISECONDS)) {
            if (control.stopMeasurement) {
                return; // the consumers may have stopped: leave rather than wait for them
            }
            if (control.startMeasurement) {
                counters.failedOffers++;
            }
        }
    }

    @Benchmark
    @Group("transfer")
    @GroupThreads(1)
    public Object take(Control control, FailedTries counters) throws InterruptedException {
        for (;;) {
            Object element = queue.poll(PATIENCE_MILLIS, TimeUnit.MILLISECONDS);
            if (element != null) {
                return element;
            }
            if (control.stopMeasurement) {
                return null; // the producers may have stopped: leave rather than wait for them
            }
            if (control.startMeasurement) {
                counters.failedPolls++;
            }
        }
    }
}
