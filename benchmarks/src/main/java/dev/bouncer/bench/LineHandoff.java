package dev.bouncer.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Control;

/**
 * Question: what does it cost, on this machine right now, to move one cache line from one core to
 * the other and back? No queue is involved: two threads take turns on one padded {@code volatile}
 * counter, each waiting (spinning) for the other's write before it writes, so every operation is one
 * round trip of the counter's line between the two threads' cores.
 *
 * <p>This is a yardstick, not a target. {@link BufferTransfer} pays for such transfers on every
 * element, and a virtual machine's cores may be near each other (a shared cache) or far apart,
 * depending on where the host placed them; run this beside {@code BufferTransfer} to tell which
 * case a run measured. Each thread's score is round trips per µs, so 1000 divided by it is the
 * round trip in ns.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Group)
public class LineHandoff {

    /** The line's other words: the counter alone on its line, whatever the object's placement. */
    long before1, before2, before3, before4, before5, before6, before7, before8;
    /** Even: the pinger's turn to write; odd: the ponger's. Written by the thread whose turn it is. */
    volatile long turn;
    long after1, after2, after3, after4, after5, after6, after7, after8;

    /** Waits for an even count, then makes it odd. Returns early when the iteration ends. */
    @Benchmark
    @Group("roundTrip")
    @GroupThreads(1)
    public long ping(Control control) {
        return pass(0, control);
    }

    /** Waits for an odd count, then makes it even. Returns early when the iteration ends. */
    @Benchmark
    @Group("roundTrip")
    @GroupThreads(1)
    public long pong(Control control) {
        return pass(1, control);
    }

    private long pass(long parity, Control control) {
        for (;;) {
            long seen = turn; // volatile read: waits for the other thread's write to arrive
            if ((seen & 1) == parity) {
                turn = seen + 1; // volatile write: the only writer while it is this thread's turn
                return seen;
            }
            if (control.stopMeasurement) { // the other thread may already have left the iteration
                return seen;
            }
            Thread.onSpinWait();
        }
    }
}
