package dev.bouncer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bouncer.support.Attempt;
import dev.bouncer.support.Await;
import dev.bouncer.support.SemaphoreTwin;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Semaphore#close()}: waiters and later acquires fail; releases still count (docs/permits.md). */
class SemaphoreCloseTest {

    /** Every kind of waiter leaves with SemaphoreClosedException, taking nothing (QS-I10). */
    @ParameterizedTest(name = "fair={0}")
    @ValueSource(booleans = {false, true})
    void closeFailsEveryKindOfWaiter(boolean fair) throws InterruptedException {
        SemaphoreTwin.Bouncer semaphore = new SemaphoreTwin.Bouncer(1, fair);
        List<Attempt> waiters = new ArrayList<>();
        waiters.add(Await.parkedIn(semaphore, "acquire", () -> semaphore.acquire(2)));
        waiters.add(Await.parkedIn(semaphore, "uninterruptibly", () -> semaphore.acquireUninterruptibly(2)));
        waiters.add(Await.parkedIn(semaphore, "timed", () -> semaphore.tryAcquire(2, 1, TimeUnit.DAYS)));
        waiters.add(Await.parkedIn(semaphore, "duration", () -> semaphore.tryAcquire(2, Duration.ofDays(1))));
        waiters.add(Await.parkedIn(semaphore, "handle", () -> semaphore.acquirePermit(2)));
        Await.queued(semaphore, waiters.size());

        semaphore.close();
        for (Attempt waiter : waiters) {
            assertThat(waiter.awaitThrown()).as("%s", waiter).isInstanceOf(SemaphoreClosedException.class);
        }
        Await.queued(semaphore, 0);
        assertThat(semaphore.availablePermits()).isEqualTo(1);
        assertThat(semaphore.isClosed()).isTrue();
    }

    @Test
    void uninterruptibleWaiterKeepsItsInterruptStatusWhenClosed() throws InterruptedException {
        SemaphoreTwin.Bouncer semaphore = new SemaphoreTwin.Bouncer(0, false);
        Attempt waiter = Await.parkedIn(semaphore, "waiter", semaphore::acquireUninterruptibly);
        waiter.interrupt();
        Await.parkedIn(semaphore, waiter); // the interrupt does not end the wait
        semaphore.close();
        assertThat(waiter.awaitThrown()).isInstanceOf(SemaphoreClosedException.class);
        assertThat(waiter.interruptedAtEnd()).isTrue();
    }

    /** After close, every acquire throws at once, even with permits available, and takes nothing. */
    @ParameterizedTest(name = "fair={0}")
    @ValueSource(booleans = {false, true})
    void laterAcquiresFailAtOnceWithPermitsAvailable(boolean fair) {
        Semaphore semaphore = new Semaphore(5, fair);
        semaphore.close();
        AtomicInteger ran = new AtomicInteger();
        List<ThrowingCallable> acquires = List.of(
                semaphore::acquire,
                () -> semaphore.acquire(2),
                semaphore::acquireUninterruptibly,
                () -> semaphore.acquireUninterruptibly(0),
                semaphore::tryAcquire,
                () -> semaphore.tryAcquire(3),
                () -> semaphore.tryAcquire(0, TimeUnit.SECONDS),
                () -> semaphore.tryAcquire(1, TimeUnit.DAYS),
                () -> semaphore.tryAcquire(1, -1, TimeUnit.SECONDS),
                () -> semaphore.tryAcquire(Duration.ofDays(1)),
                semaphore::acquirePermit,
                semaphore::acquirePermitUninterruptibly,
                semaphore::tryAcquirePermit,
                () -> semaphore.tryAcquirePermit(Duration.ZERO),
                () -> semaphore.withPermit(ran::incrementAndGet));
        for (ThrowingCallable acquire : acquires) {
            assertThatThrownBy(acquire).isInstanceOf(SemaphoreClosedException.class)
                    .hasMessage("Semaphore is closed");
        }
        assertThat(ran).hasValue(0);
        assertThat(semaphore.availablePermits()).isEqualTo(5);
        assertThat(semaphore.getQueueLength()).isZero();
    }

    @Test
    void releasesStillCountAfterClose() throws InterruptedException {
        Semaphore semaphore = new Semaphore(2);
        Permit handle = semaphore.acquirePermit();
        semaphore.acquire();
        semaphore.close();
        semaphore.release();
        handle.close();
        assertThat(semaphore.availablePermits()).isEqualTo(2);
        assertThat(handle.isValid()).isFalse();
        assertThat(semaphore.drainPermits()).isEqualTo(2);
    }

    @Test
    void boundedSemaphoreKeepsItsBoundAfterClose() {
        BoundedSemaphore semaphore = new BoundedSemaphore(1, 1);
        semaphore.close();
        assertThatThrownBy(semaphore::release).isInstanceOf(IllegalStateException.class)
                .isNotInstanceOf(SemaphoreClosedException.class);
        assertThatThrownBy(semaphore::tryAcquire).isInstanceOf(SemaphoreClosedException.class);
    }

    @Test
    void closeIsIdempotentAndFinal() {
        Semaphore semaphore = new Semaphore(0);
        assertThat(semaphore.isClosed()).isFalse();
        semaphore.close();
        semaphore.close();
        semaphore.release();
        assertThat(semaphore.isClosed()).isTrue();
        assertThatThrownBy(semaphore::tryAcquire).isInstanceOf(SemaphoreClosedException.class);
    }

    @Test
    void failedTryOnAnOpenSemaphoreStillReturnsFalse() throws InterruptedException {
        Semaphore semaphore = new Semaphore(0);
        assertThat(semaphore.tryAcquire()).isFalse();
        assertThat(semaphore.tryAcquire(1)).isFalse();
        assertThat(semaphore.tryAcquire(0, TimeUnit.SECONDS)).isFalse();
        assertThat(semaphore.tryAcquirePermit()).isEmpty();
    }

    /** Many waiters, closed while more keep arriving: every one of them ends, none is stranded. */
    @Test
    void closeStrandsNoWaiterWhileOthersArrive() throws InterruptedException {
        SemaphoreTwin.Bouncer semaphore = new SemaphoreTwin.Bouncer(0, true);
        List<Attempt> waiters = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            int kind = i % 3;
            waiters.add(Attempt.run("waiter-" + i, () -> {
                if (kind == 0) {
                    semaphore.acquire();
                } else if (kind == 1) {
                    semaphore.acquireUninterruptibly(2);
                } else {
                    semaphore.tryAcquire(1, 1, TimeUnit.DAYS);
                }
            }));
            if (i == 8) {
                semaphore.close();
            }
        }
        for (Attempt waiter : waiters) {
            assertThat(waiter.awaitThrown()).as("%s", waiter).isInstanceOf(SemaphoreClosedException.class);
        }
        Await.queued(semaphore, 0);
        assertThat(semaphore.availablePermits()).isZero();
    }

    @Test
    void closedStateIsSerialized() throws Exception {
        Semaphore semaphore = new Semaphore(3);
        semaphore.close();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(semaphore);
        }
        Semaphore copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (Semaphore) in.readObject();
        }
        assertThat(copy.isClosed()).isTrue();
        assertThat(copy.availablePermits()).isEqualTo(3);
        assertThatThrownBy(copy::tryAcquire).isInstanceOf(SemaphoreClosedException.class);
    }
}
