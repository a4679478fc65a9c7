package dev.bouncer;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

import dev.bouncer.support.Attempt;
import dev.bouncer.support.Storm;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Overlapping timed waits that keep timing out must not pile up cancelled wait-queue nodes: at
 * any instant the queue holds the live waiters plus a small constant, however long the load
 * lasts. {@value #THREADS} threads make 1 ms timed tries on a primitive that no try can get, for
 * about {@value #LOAD_MILLIS} ms, and the test thread samples the number of linked nodes (the
 * package-private {@code linkedWaiterCount()} hook) all along.
 *
 * <p>The measurement is taken while the load runs because the end of the load hides the leak: when
 * the threads stop, the last one to give up trims every cancelled node behind it, so a count taken
 * afterwards is 0 even when the queue grew without bound meanwhile. That the count does return to
 * 0 is checked as well, afterwards.
 */
@Timeout(60)
class TimedOutWaitersStayBoundedTest {
    private static final int THREADS = 8;
    /** Nodes allowed beyond one per thread: appends and cancels in flight when a sample is read. */
    private static final int SLACK = 8;
    private static final long LOAD_MILLIS = 2_000;
    /**
     * The longest count that is taken as a snapshot. A count walks the queue while it changes, so
     * a walk that is descheduled half-way counts a thread's old node before its unlink and its new
     * node after its next append: a sum over the pause, not the queue at an instant. Such samples
     * are set aside (and counted). A pile of cancelled nodes still shows: it grows by several nodes
     * a millisecond, and a walk of a few hundred nodes takes far less than this.
     */
    private static final long SNAPSHOT_NANOS = 200_000;
    /** Snapshots each case must take, so that setting samples aside cannot leave none. */
    private static final int LEAST_SNAPSHOTS = 100;

    /** One 1 ms timed try; returns whether it got through. */
    interface TimedTry {
        boolean run() throws InterruptedException;
    }

    /**
     * A primitive that no try can get during the test: how to try it, how to count its nodes, and
     * how the test thread lets go of it at the end.
     */
    record Subject(TimedTry timedTry, IntSupplier linkedWaiterCount, Runnable letGo) {
        Subject(TimedTry timedTry, IntSupplier linkedWaiterCount) {
            this(timedTry, linkedWaiterCount, () -> {});
        }
    }

    /** The primitives under load, each set up so that every timed try times out. */
    enum Case {
        SEMAPHORE_NONFAIR {
            @Override
            Subject create() {
                return semaphore(false);
            }
        },
        SEMAPHORE_FAIR {
            @Override
            Subject create() {
                return semaphore(true);
            }
        },
        MUTEX_NONFAIR {
            @Override
            Subject create() {
                return heldMutex(false);
            }
        },
        MUTEX_FAIR {
            @Override
            Subject create() {
                return heldMutex(true);
            }
        },
        FULL_BUFFER_OFFER {
            @Override
            Subject create() {
                BoundedBuffer<String> buffer = new BoundedBuffer<>(1);
                buffer.add("full");
                return new Subject(() -> buffer.offer("more", 1, MILLISECONDS), buffer::linkedWaiterCount);
            }
        },
        EMPTY_BUFFER_POLL {
            @Override
            Subject create() {
                BoundedBuffer<String> buffer = new BoundedBuffer<>(1);
                return new Subject(() -> buffer.poll(1, MILLISECONDS) != null, buffer::linkedWaiterCount);
            }
        };

        abstract Subject create();

        private static Subject semaphore(boolean fair) {
            Semaphore s = new Semaphore(0, fair);
            return new Subject(() -> s.tryAcquire(1, 1, MILLISECONDS), s::linkedWaiterCount);
        }

        /** Held by the test thread until the end. */
        private static Subject heldMutex(boolean fair) {
            Mutex m = new Mutex(fair);
            m.lock();
            return new Subject(() -> m.tryLock(1, MILLISECONDS), m::linkedWaiterCount, m::unlock);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Case.class)
    void linkedNodesStayWithinLiveWaitersPlusAConstantWhileTimedTriesKeepTimingOut(Case c)
            throws Exception {
        Subject subject = c.create();
        LongAdder tries = new LongAdder();
        Storm storm = new Storm().add("timed-try", THREADS, random -> {
            tries.increment();
            if (subject.timedTry().run()) {
                throw new AssertionError("a timed try got through a primitive that nobody releases");
            }
        });
        int most = 0;
        int snapshots = 0;
        int setAside = 0;
        try {
            Attempt load = Attempt.run("load", () -> storm.runFor(LOAD_MILLIS));
            while (!load.isDone()) {
                long start = System.nanoTime();
                int linked = subject.linkedWaiterCount().getAsInt();
                if (System.nanoTime() - start <= SNAPSHOT_NANOS) {
                    most = Math.max(most, linked);
                    snapshots++;
                } else {
                    setAside++; // the walk was descheduled: not a snapshot
                }
                Thread.sleep(1); // the sampling period; the end of the load ends the loop
            }
            load.awaitResult(); // every thread stopped, and no try got through
        } finally {
            subject.letGo().run();
        }

        int mostSeen = most;
        int snapshotsTaken = snapshots;
        int samplesSetAside = setAside;
        assertSoftly(softly -> {
            softly.assertThat(snapshotsTaken)
                    .as("snapshots taken (%d slow walks set aside)", samplesSetAside)
                    .isGreaterThanOrEqualTo(LEAST_SNAPSHOTS);
            softly.assertThat(mostSeen)
                    .as("most linked nodes in %d snapshots while %d threads made timed tries"
                            + " (%d tries in all)", snapshotsTaken, THREADS, tries.sum())
                    .isLessThanOrEqualTo(THREADS + SLACK);
            softly.assertThat(subject.linkedWaiterCount().getAsInt())
                    .as("linked nodes once every try ended").isZero();
        });
    }
}
