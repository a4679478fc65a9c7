package dev.bouncer;

import static dev.bouncer.support.TestThreads.awaitParkedOn;
import static dev.bouncer.support.TestThreads.start;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bouncer.WaitListener.Operation;
import dev.bouncer.WaitListener.Outcome;
import dev.bouncer.support.TestThreads.Worker;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@link WaitListener} hook: every acquisition is reported once, with the public primitive and
 * the operation, every wait with its outcome; and a listener that throws costs no permit, lock,
 * wakeup or element.
 */
@Timeout(60)
class WaitListenerTest {
    private static final long SHORT_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /** One report, as the listener heard it; waitedNanos is -1 where the method has none. */
    record Report(String kind, Object primitive, Operation operation, int permits, Outcome outcome,
            long waitedNanos) {
        /** The report without its duration, for comparing. */
        Report timeless() {
            return new Report(kind, primitive, operation, permits, outcome, -1L);
        }
    }

    /** Keeps every report in order. */
    static class Recorder implements WaitListener {
        final List<Report> reports = new CopyOnWriteArrayList<>();

        @Override
        public void acquired(Object primitive, Operation operation, int permits) {
            reports.add(new Report("acquired", primitive, operation, permits, null, -1L));
        }

        @Override
        public void waitStarted(Object primitive, Operation operation, int permits) {
            reports.add(new Report("waitStarted", primitive, operation, permits, null, -1L));
        }

        @Override
        public void waitEnded(Object primitive, Operation operation, int permits, Outcome outcome,
                long waitedNanos) {
            reports.add(new Report("waitEnded", primitive, operation, permits, outcome, waitedNanos));
        }

        List<Report> timeless() {
            return reports.stream().map(Report::timeless).toList();
        }
    }

    /** Throws from every method: what a broken listener does. */
    static final class Thrower implements WaitListener {
        private final Throwable thrown;

        Thrower(Throwable thrown) {
            this.thrown = thrown;
        }

        @Override
        public void acquired(Object primitive, Operation operation, int permits) {
            throwIt();
        }

        @Override
        public void waitStarted(Object primitive, Operation operation, int permits) {
            throwIt();
        }

        @Override
        public void waitEnded(Object primitive, Operation operation, int permits, Outcome outcome,
                long waitedNanos) {
            throwIt();
        }

        private void throwIt() {
            if (thrown instanceof RuntimeException e) {
                throw e;
            }
            throw (Error) thrown;
        }
    }

    private static Report acquired(Object p, Operation op, int permits) {
        return new Report("acquired", p, op, permits, null, -1L);
    }

    private static Report started(Object p, Operation op, int permits) {
        return new Report("waitStarted", p, op, permits, null, -1L);
    }

    private static Report ended(Object p, Operation op, int permits, Outcome outcome) {
        return new Report("waitEnded", p, op, permits, outcome, -1L);
    }

    @Test
    void noListenerByDefaultAndNullRemovesIt() {
        Semaphore semaphore = new Semaphore(1);
        Mutex mutex = new Mutex();
        BoundedBuffer<String> buffer = new BoundedBuffer<>(1);
        assertThat(semaphore.getWaitListener()).isNull();
        assertThat(mutex.getWaitListener()).isNull();
        assertThat(buffer.getWaitListener()).isNull();
        Recorder recorder = new Recorder();
        semaphore.setWaitListener(recorder);
        assertThat(semaphore.getWaitListener()).isSameAs(recorder);
        semaphore.setWaitListener(null);
        assertThat(semaphore.tryAcquire()).isTrue();
        assertThat(recorder.reports).as("nothing reported once removed").isEmpty();
    }

    /** Acquisitions that do not wait, each once; failed tries not at all. */
    @Test
    void semaphoreReportsEachAcquisitionThatDidNotWait() throws InterruptedException {
        Semaphore semaphore = new Semaphore(4);
        Recorder recorder = new Recorder();
        semaphore.setWaitListener(recorder);
        semaphore.acquire();
        semaphore.acquireUninterruptibly(2);
        assertThat(semaphore.tryAcquire()).isTrue();
        assertThat(semaphore.tryAcquire()).isFalse();
        assertThat(semaphore.tryAcquire(1, 0, TimeUnit.SECONDS)).isFalse();
        assertThat(recorder.timeless()).containsExactly(
                acquired(semaphore, Operation.ACQUIRE, 1),
                acquired(semaphore, Operation.ACQUIRE, 2),
                acquired(semaphore, Operation.ACQUIRE, 1));
    }

    @Test
    void semaphoreReportsWaitsWithEachOutcome() throws InterruptedException {
        BoundedSemaphore semaphore = new BoundedSemaphore(0, 2);
        Recorder recorder = new Recorder();
        semaphore.setWaitListener(recorder);

        assertThat(semaphore.tryAcquire(2, SHORT_NANOS, TimeUnit.NANOSECONDS)).isFalse();

        Worker interrupted = start("interrupted", () -> {
            try {
                semaphore.acquire();
                throw new AssertionError("acquired without a permit");
            } catch (InterruptedException expected) {
                // the outcome under test
            }
        });
        awaitParkedOn(interrupted, semaphore);
        interrupted.interrupt();
        interrupted.joinOk();

        Worker acquirer = start("acquirer", semaphore::acquire);
        awaitParkedOn(acquirer, semaphore);
        semaphore.release();
        acquirer.joinOk();

        assertThat(recorder.timeless()).containsExactly(
                started(semaphore, Operation.ACQUIRE, 2),
                ended(semaphore, Operation.ACQUIRE, 2, Outcome.TIMED_OUT),
                started(semaphore, Operation.ACQUIRE, 1),
                ended(semaphore, Operation.ACQUIRE, 1, Outcome.INTERRUPTED),
                started(semaphore, Operation.ACQUIRE, 1),
                ended(semaphore, Operation.ACQUIRE, 1, Outcome.ACQUIRED));
        assertThat(recorder.reports.get(1).waitedNanos())
                .as("a timed-out wait lasted at least its timeout").isGreaterThanOrEqualTo(SHORT_NANOS);
    }

    @Test
    void aWaitEndedByCloseIsReportedClosed() throws InterruptedException {
        Semaphore semaphore = new Semaphore(0);
        Recorder recorder = new Recorder();
        semaphore.setWaitListener(recorder);
        Worker waiter = start("waiter", () -> {
            try {
                semaphore.acquire(2);
                throw new AssertionError("acquired from a closed semaphore");
            } catch (SemaphoreClosedException expected) {
                // the outcome under test
            }
        });
        awaitParkedOn(waiter, semaphore);
        semaphore.close();
        waiter.joinOk();

        assertThat(recorder.timeless()).containsExactly(
                started(semaphore, Operation.ACQUIRE, 2),
                ended(semaphore, Operation.ACQUIRE, 2, Outcome.CLOSED));
    }

    @Test
    void mutexReportsLocksAndWaits() throws InterruptedException {
        Mutex mutex = new Mutex(true);
        Recorder recorder = new Recorder();
        mutex.setWaitListener(recorder);
        assertThat(mutex.tryLock()).isTrue();
        Worker timedOut = start("timed out", () -> assertThat(mutex.tryLock(SHORT_NANOS, TimeUnit.NANOSECONDS)).isFalse());
        timedOut.joinOk();
        Worker locker = start("locker", () -> {
            mutex.lock();
            mutex.unlock();
        });
        awaitParkedOn(locker, mutex);
        mutex.unlock();
        locker.joinOk();
        mutex.lock();
        mutex.unlock();

        assertThat(recorder.timeless()).containsExactly(
                acquired(mutex, Operation.ACQUIRE, 1),
                started(mutex, Operation.ACQUIRE, 1),
                ended(mutex, Operation.ACQUIRE, 1, Outcome.TIMED_OUT),
                started(mutex, Operation.ACQUIRE, 1),
                ended(mutex, Operation.ACQUIRE, 1, Outcome.ACQUIRED),
                acquired(mutex, Operation.ACQUIRE, 1));
    }

    /** The buffer reports as itself, never as a gate, with the side that acquired or waited. */
    @Test
    void bufferReportsAsItselfWithTheSide() throws InterruptedException {
        BoundedBuffer<String> buffer = new BoundedBuffer<>(1);
        Recorder recorder = new Recorder();
        buffer.setWaitListener(recorder);
        assertThat(buffer.getWaitListener()).isSameAs(recorder);

        Worker taker = start("taker", () -> assertThat(buffer.take()).isEqualTo("a"));
        awaitParkedOn(taker, buffer);
        buffer.put("a"); // acquired(PUT), then the taker's wait ends
        taker.joinOk();
        assertThat(buffer.offer("b")).isTrue();
        assertThat(buffer.offer("c", SHORT_NANOS, TimeUnit.NANOSECONDS)).isFalse();
        Worker putter = start("putter", () -> {
            try {
                buffer.put("d");
                throw new AssertionError("put into a full buffer");
            } catch (InterruptedException expected) {
                // the outcome under test
            }
        });
        awaitParkedOn(putter, buffer);
        putter.interrupt();
        putter.joinOk();
        assertThat(buffer.poll()).isEqualTo("b");

        // The put's report comes before its release of the element, which ends the taker's wait.
        assertThat(recorder.timeless()).containsExactly(
                started(buffer, Operation.TAKE, 1),
                acquired(buffer, Operation.PUT, 1),
                ended(buffer, Operation.TAKE, 1, Outcome.ACQUIRED),
                acquired(buffer, Operation.PUT, 1),
                started(buffer, Operation.PUT, 1),
                ended(buffer, Operation.PUT, 1, Outcome.TIMED_OUT),
                started(buffer, Operation.PUT, 1),
                ended(buffer, Operation.PUT, 1, Outcome.INTERRUPTED),
                acquired(buffer, Operation.TAKE, 1));
    }

    /**
     * A listener that throws, an exception or a StackOverflowError, from every method: each
     * operation completes as without a listener, and no permit, lock, wakeup or element is lost.
     */
    @Test
    void aThrowingListenerLosesNothing() throws InterruptedException {
        for (Throwable thrown : List.of(new IllegalStateException("listener"), new StackOverflowError())) {
            WaitListener thrower = new Thrower(thrown);

            Semaphore semaphore = new Semaphore(1);
            semaphore.setWaitListener(thrower);
            semaphore.acquire(); // reported without waiting: the report throws
            assertThat(semaphore.availablePermits()).isZero();
            assertThat(semaphore.tryAcquire(SHORT_NANOS, TimeUnit.NANOSECONDS)).isFalse();
            assertThat(semaphore.availablePermits()).isZero();
            Worker waiter = start("waiter", semaphore::acquire); // both of its reports throw
            awaitParkedOn(waiter, semaphore);
            semaphore.release();
            waiter.joinOk();
            assertThat(semaphore.availablePermits()).as("the waiter holds the one permit").isZero();
            semaphore.release();
            assertThat(semaphore.tryAcquire()).isTrue();
            semaphore.release();
            assertThat(semaphore.availablePermits()).isEqualTo(1);

            Mutex mutex = new Mutex();
            mutex.setWaitListener(thrower);
            mutex.lock();
            assertThat(mutex.isHeldByCurrentThread()).isTrue();
            Worker locker = start("locker", () -> {
                mutex.lock();
                assertThat(mutex.isHeldByCurrentThread()).isTrue();
                mutex.unlock();
            });
            awaitParkedOn(locker, mutex);
            mutex.unlock();
            locker.joinOk();
            assertThat(mutex.isLocked()).isFalse();

            BoundedBuffer<String> buffer = new BoundedBuffer<>(1);
            buffer.setWaitListener(thrower);
            Worker taker = start("taker", () -> assertThat(buffer.take()).isEqualTo("x"));
            awaitParkedOn(taker, buffer);
            buffer.put("x");
            taker.joinOk();
            assertThat(buffer.offer("y")).isTrue();
            assertThat(buffer.poll()).isEqualTo("y");
            assertThat(buffer.size()).isZero();
            assertThat(buffer.remainingCapacity()).isEqualTo(1);
        }
    }
}
