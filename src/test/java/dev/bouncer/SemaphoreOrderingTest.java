package dev.bouncer;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bouncer.support.Attempt;
import dev.bouncer.support.Await;
import dev.bouncer.support.SemaphoreLike;
import dev.bouncer.support.Variant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Several threads waiting: who gets permits first. Fair mode is FIFO for arriving threads; in both
 * modes a queued thread is never overtaken by one queued after it, and a waiter that gives up
 * passes on the permits it was woken for (pitfalls.md #6, #8, #9).
 */
@Timeout(30)
class SemaphoreOrderingTest {

    @Variant.All
    void queuedThreadsAreGrantedPermitsInArrivalOrder(Variant v) throws Exception {
        SemaphoreLike s = v.create(0);
        ConcurrentLinkedQueue<String> granted = new ConcurrentLinkedQueue<>();
        List<String> arrived = new ArrayList<>();
        List<Attempt> waiters = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String name = "waiter-" + i;
            Attempt waiter = Attempt.run(name, () -> {
                s.acquire();
                granted.add(name);
            });
            Await.parkedIn(s, waiter); // arrival is the moment it is seen queued
            arrived.add(name);
            waiters.add(waiter);
        }
        for (int i = 1; i <= waiters.size(); i++) {
            s.release();
            int expected = i;
            Await.until(expected + " grants", () -> granted.size() == expected);
        }
        assertThat(granted).containsExactlyElementsOf(arrived);
        assertThat(s.getQueueLength()).isZero();
    }

    @Variant.All
    void multiPermitHeadIsNotOvertakenByASmallerRequestQueuedBehindIt(Variant v) throws Exception {
        SemaphoreLike s = v.create(0);
        Attempt head = Await.parkedIn(s, "head acquire(3)", () -> s.acquire(3));
        Attempt behind = Await.parkedIn(s, "behind acquire(1)", s::acquire);

        s.release(); // enough for the one behind, not for the head
        LockSupport.unpark(behind.thread()); // a spurious wakeup must not let it try out of turn
        Await.parkedIn(s, head);
        Await.parkedIn(s, behind);
        s.release(2);
        head.awaitResult();
        assertThat(behind.isDone()).as("behind %s", behind.outcome()).isFalse();
        assertThat(s.getQueuedThreads()).containsExactly(behind.thread());

        s.release();
        behind.awaitResult();
        assertThat(s.availablePermits()).isZero();
    }

    @Variant.Nonfair
    void nonfairArrivalBargesPastAQueuedMultiPermitHead(Variant v) throws Exception {
        SemaphoreLike s = v.create(2);
        Attempt head = Await.parkedIn(s, "head acquire(3)", () -> s.acquire(3));

        Attempt.run("arrival acquire(1)", s::acquire).awaitResult();
        assertThat(s.availablePermits()).isEqualTo(1);
        s.release(2);
        head.awaitResult();
        assertThat(s.availablePermits()).isZero();
    }

    @Variant.Fair
    void fairArrivalQueuesBehindAQueuedMultiPermitHead(Variant v) throws Exception {
        SemaphoreLike s = v.create(2);
        Attempt head = Await.parkedIn(s, "head acquire(3)", () -> s.acquire(3));
        Attempt arrival = Await.parkedIn(s, "arrival acquire(1)", s::acquire);
        assertThat(s.availablePermits()).isEqualTo(2);

        s.release();
        head.awaitResult();
        assertThat(arrival.isDone()).as("arrival %s", arrival.outcome()).isFalse();
        s.release();
        arrival.awaitResult();
        assertThat(s.availablePermits()).isZero();
    }

    /** How the waiter at the head of the queue gives up. */
    enum GiveUp { TIMEOUT, INTERRUPT }

    static Stream<Arguments> fairGiveUps() {
        return Stream.of(Variant.JDK_FAIR, Variant.BOUNCER_FAIR)
                .flatMap(v -> Stream.of(GiveUp.values()).map(g -> Arguments.of(v, g)));
    }

    static Stream<Arguments> allGiveUps() {
        return Stream.of(Variant.values())
                .flatMap(v -> Stream.of(GiveUp.values()).map(g -> Arguments.of(v, g)));
    }

    /**
     * pitfalls.md #6 as written: two permits are free, the head asks for three, and a fair
     * {@code acquire(1)} has to queue behind it. When the head gives up, the one behind proceeds
     * with no further release. (A nonfair arrival would barge instead; see above.)
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("fairGiveUps")
    void headGivingUpPassesFreePermitsToTheWaiterBehind(Variant v, GiveUp how) throws Exception {
        headGivingUpPassesPermitsOn(v, how, 2, 0);
    }

    /**
     * The same in both modes, with the two permits released while both wait: the release wakes
     * the head, which cannot use them and must not keep them from the waiter behind.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("allGiveUps")
    void headGivingUpPassesReleasedPermitsToTheWaiterBehind(Variant v, GiveUp how) throws Exception {
        headGivingUpPassesPermitsOn(v, how, 0, 2);
    }

    /**
     * The head's timeout must outlast the setup but not the test; on a busy machine the setup may
     * be slow, so a head that timed out too early is retried with four times the time.
     */
    private static void headGivingUpPassesPermitsOn(Variant v, GiveUp how, int initial, int released)
            throws Exception {
        for (long timeoutMillis = 100; timeoutMillis <= 6400; timeoutMillis *= 4) {
            SemaphoreLike s = v.create(initial);
            long timeout = timeoutMillis;
            Attempt head = how == GiveUp.TIMEOUT
                    ? Attempt.call("head tryAcquire(3, timeout)", () -> s.tryAcquire(3, timeout, MILLISECONDS))
                    : Attempt.run("head acquire(3)", () -> s.acquire(3));
            Await.parkedIn(s, head);
            Attempt behind = Attempt.run("behind acquire(1)", s::acquire);
            Await.until("behind queued or head gone", () -> s.getQueueLength() == 2 || head.isDone());
            s.release(released);
            if (head.isDone()) {
                continue; // timed out before the stage was set: nothing was tested, try longer
            }
            if (how == GiveUp.INTERRUPT) {
                head.interrupt();
                assertThat(head.awaitThrown()).isInstanceOf(InterruptedException.class);
            } else {
                assertThat(head.awaitResult()).isEqualTo(false);
            }
            behind.awaitResult(); // no release after the head gave up
            assertThat(s.availablePermits()).as("permits lost or made").isEqualTo(initial + released - 1);
            assertThat(s.getQueueLength()).isZero();
            return;
        }
        throw new AssertionError("the head timed out before the waiter behind it queued, every time");
    }

    @Variant.All
    void interruptedWaiterInTheMiddleLosesNoPermits(Variant v) throws Exception {
        SemaphoreLike s = v.create(0);
        Attempt first = Await.parkedIn(s, "first", s::acquire);
        Attempt middle = Await.parkedIn(s, "middle", s::acquire);
        Attempt last = Await.parkedIn(s, "last", s::acquire);

        middle.interrupt();
        assertThat(middle.awaitThrown()).isInstanceOf(InterruptedException.class);
        s.release(2);
        first.awaitResult();
        last.awaitResult();
        assertThat(s.availablePermits()).isZero();
        assertThat(s.getQueueLength()).isZero();
    }
}
