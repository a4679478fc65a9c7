package dev.bouncer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bouncer.support.TestThreads;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** BoundedSemaphore: the bound, its checks under concurrency, and the Semaphore API kept. */
@Timeout(20)
class BoundedSemaphoreTest {

    @Test
    void badBoundsAreRejected() {
        assertThatThrownBy(() -> new BoundedSemaphore(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BoundedSemaphore(-1, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BoundedSemaphore(3, 2, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3").hasMessageContaining("2");
    }

    @Test
    void negativeInitialPermitsAreAllowedAsForSemaphore() throws Exception {
        BoundedSemaphore s = new BoundedSemaphore(-1, 2);
        assertThat(s.availablePermits()).isEqualTo(-1);
        TestThreads.Worker acquirer = TestThreads.start("acquirer", s::acquire);
        acquirer.awaitBlocked();
        s.release(2); // -1 + 2 = 1 <= 2
        acquirer.joinOk();
        assertThat(s.availablePermits()).isZero();
    }

    @Test
    void releaseAtTheBoundThrowsAndChangesNothing() {
        BoundedSemaphore s = new BoundedSemaphore(2, 2);
        assertThat(s.getMaxPermits()).isEqualTo(2);
        assertThatThrownBy(s::release)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Cannot release 1 permit(s): 2 of at most 2 are available");
        assertThat(s.availablePermits()).isEqualTo(2);
        s.release(0); // releasing nothing is within any bound
        assertThat(s.availablePermits()).isEqualTo(2);
    }

    @Test
    void multiPermitReleaseIsAllOrNothing() {
        BoundedSemaphore s = new BoundedSemaphore(1, 4);
        assertThatThrownBy(() -> s.release(4)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> s.release(Integer.MAX_VALUE)).isInstanceOf(IllegalStateException.class);
        assertThat(s.availablePermits()).isEqualTo(1);
        s.release(3);
        assertThat(s.availablePermits()).isEqualTo(4);
        assertThatThrownBy(() -> s.release(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tryReleaseReportsTheBoundInsteadOfThrowing() {
        BoundedSemaphore s = new BoundedSemaphore(0, 1);
        assertThat(s.tryRelease()).isTrue();
        assertThat(s.tryRelease()).isFalse();
        assertThat(s.availablePermits()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void releaseWithinTheBoundWakesAWaiter(boolean fair) throws Exception {
        BoundedSemaphore s = new BoundedSemaphore(0, 1, fair);
        assertThat(s.isFair()).isEqualTo(fair);
        TestThreads.Worker acquirer = TestThreads.start("acquirer", s::acquire);
        acquirer.awaitBlocked();
        s.release();
        acquirer.joinOk();
        assertThat(s.availablePermits()).isZero();
    }

    @Test
    void drainAndReduceLowerTheCountButNotTheBound() {
        BoundedSemaphore s = new BoundedSemaphore(3, 3);
        assertThat(s.drainPermits()).isEqualTo(3);
        s.release(3); // the drained permits may come back
        assertThatThrownBy(s::release).isInstanceOf(IllegalStateException.class);
        s.reducePermits(2);
        assertThat(s.availablePermits()).isEqualTo(1);
        s.release(2); // documented: the bound stays at 3 after a reduction
        assertThat(s.availablePermits()).isEqualTo(3);
        assertThat(s.getMaxPermits()).isEqualTo(3);
    }

    /** BS-I1 under a race: with K permits missing, exactly K of many racing releases succeed. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void racingReleasesAtTheBoundSucceedExactlyAsOftenAsThereIsRoom(boolean fair) throws Exception {
        int threads = 8;
        int max = 5;
        int rounds = 300;
        BoundedSemaphore s = new BoundedSemaphore(0, max, fair);
        AtomicInteger succeeded = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        CyclicBarrier start = new CyclicBarrier(threads + 1);
        CyclicBarrier end = new CyclicBarrier(threads + 1);
        List<TestThreads.Worker> releasers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            boolean useTry = t % 2 == 0;
            releasers.add(TestThreads.start("releaser-" + t, () -> {
                for (int r = 0; r < rounds; r++) {
                    start.await();
                    if (useTry) {
                        (s.tryRelease() ? succeeded : rejected).incrementAndGet();
                    } else {
                        try {
                            s.release();
                            succeeded.incrementAndGet();
                        } catch (IllegalStateException expected) {
                            rejected.incrementAndGet();
                        }
                    }
                    end.await();
                }
            }));
        }
        for (int r = 0; r < rounds; r++) {
            start.await(10, TimeUnit.SECONDS);
            end.await(10, TimeUnit.SECONDS);
            assertThat(succeeded.getAndSet(0)).as("round %d", r).isEqualTo(max);
            assertThat(rejected.getAndSet(0)).isEqualTo(threads - max);
            assertThat(s.availablePermits()).isEqualTo(max);
            assertThat(s.drainPermits()).isEqualTo(max);
        }
        for (TestThreads.Worker t : releasers) {
            t.joinOk();
        }
    }

    /** BS-I1 under a mixed race: the count never exceeds the bound and is conserved. */
    @Test
    void mixedAcquiresAndReleasesKeepTheBoundAndConserveTheCount() throws Exception {
        int max = 3;
        BoundedSemaphore s = new BoundedSemaphore(max, max);
        AtomicLong net = new AtomicLong(); // successful releases minus acquires
        AtomicInteger overBound = new AtomicInteger();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        List<TestThreads.Worker> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(TestThreads.start("worker-" + t, () -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (System.nanoTime() - deadline < 0) {
                    int n = 1 + random.nextInt(2);
                    if (random.nextBoolean()) {
                        if (s.tryAcquire(n)) {
                            net.addAndGet(-n);
                        }
                    } else {
                        try {
                            s.release(n);
                            net.addAndGet(n);
                        } catch (IllegalStateException rejectedAtBound) {
                            // expected when the semaphore is (nearly) full
                        }
                    }
                    if (s.availablePermits() > max) {
                        overBound.incrementAndGet();
                    }
                }
            }));
        }
        for (TestThreads.Worker t : threads) {
            t.joinOk();
        }
        assertThat(overBound).hasValue(0);
        assertThat(s.availablePermits()).isEqualTo(max + net.get());
    }

    @Test
    void toStringShowsPermitsAndBound() {
        assertThat(new BoundedSemaphore(1, 4).toString()).endsWith("[Permits = 1, Max = 4]");
    }

    @Test
    void serializationKeepsCountBoundAndFairness() throws Exception {
        BoundedSemaphore s = roundTrip(new BoundedSemaphore(2, 5, true));
        assertThat(s.availablePermits()).isEqualTo(2);
        assertThat(s.getMaxPermits()).isEqualTo(5);
        assertThat(s.isFair()).isTrue();
        s.release(3);
        assertThatThrownBy(s::release).isInstanceOf(IllegalStateException.class);
    }

    /** The plain Semaphore keeps the JDK contract (pitfalls.md #11, #2) after the shared release hook. */
    @Test
    void plainSemaphoreStillAllowsOverReleaseButNotOverflow() {
        Semaphore plain = new Semaphore(1);
        plain.release(5);
        assertThat(plain.availablePermits()).isEqualTo(6);
        Semaphore nearlyFull = new Semaphore(Integer.MAX_VALUE - 1);
        assertThatThrownBy(() -> nearlyFull.release(2)).isInstanceOf(Error.class);
        assertThat(nearlyFull.availablePermits()).isEqualTo(Integer.MAX_VALUE - 1);
        nearlyFull.release(1);
        assertThat(nearlyFull.availablePermits()).isEqualTo(Integer.MAX_VALUE);
    }

    @SuppressWarnings("unchecked")
    static <T> T roundTrip(T object) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
