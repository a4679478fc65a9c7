package dev.bouncer;

import static java.util.concurrent.TimeUnit.MINUTES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bouncer.support.Attempt;
import dev.bouncer.support.Await;
import dev.bouncer.support.SemaphoreLike;
import dev.bouncer.support.SemaphoreTwin;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A request for n permits can be met once n permits are available, also when n is 0: a thread
 * waiting for 0 permits on a semaphore with a negative count must proceed when a release brings
 * the count up to exactly 0, as it does with {@link java.util.concurrent.Semaphore}. Each
 * semaphore starts at -1 permits with one thread waiting for 0; {@code release(1)} must let it go.
 */
@Timeout(20)
class ZeroPermitRequestWakeTest {

    /** The semaphores under test, each made with -1 permits. */
    enum Subject {
        JDK_SEMAPHORE {
            @Override
            SemaphoreLike create(boolean fair) {
                return SemaphoreTwin.JDK.create(-1, fair);
            }
        },
        SEMAPHORE {
            @Override
            SemaphoreLike create(boolean fair) {
                return SemaphoreTwin.BOUNCER.create(-1, fair);
            }
        },
        BOUNDED_SEMAPHORE {
            @Override
            SemaphoreLike create(boolean fair) {
                return SemaphoreTwin.bounded(-1, 1, fair);
            }
        },
        BINARY_SEMAPHORE {
            @Override
            SemaphoreLike create(boolean fair) {
                SemaphoreLike s = SemaphoreTwin.binary(false, fair);
                s.reducePermits(1); // the only way below 0: the constructor takes a boolean
                return s;
            }
        };

        /** A semaphore of this kind with -1 permits available. */
        abstract SemaphoreLike create(boolean fair);
    }

    /** The three ways to wait for 0 permits; each returns whether the permits were acquired. */
    enum ZeroRequest {
        ACQUIRE_0,
        ACQUIRE_UNINTERRUPTIBLY_0,
        TRY_ACQUIRE_0_FOR_A_MINUTE;

        Attempt start(SemaphoreLike s) {
            return Attempt.call(name(), () -> switch (this) {
                case ACQUIRE_0 -> {
                    s.acquire(0);
                    yield true;
                }
                case ACQUIRE_UNINTERRUPTIBLY_0 -> {
                    s.acquireUninterruptibly(0);
                    yield true;
                }
                // The minute is only there so that the call waits; it must return true long before.
                case TRY_ACQUIRE_0_FOR_A_MINUTE -> s.tryAcquire(0, 1, MINUTES);
            });
        }
    }

    static Stream<Arguments> everyCase() {
        return Stream.of(Subject.values()).flatMap(subject -> Stream.of(false, true).flatMap(
                fair -> Stream.of(ZeroRequest.values()).map(call -> Arguments.of(subject, fair, call))));
    }

    @ParameterizedTest(name = "{0}, fair={1}, {2}")
    @MethodSource("everyCase")
    void waiterForZeroPermitsProceedsWhenAReleaseBringsTheCountToZero(
            Subject subject, boolean fair, ZeroRequest call) throws Exception {
        SemaphoreLike s = subject.create(fair);
        assertThat(s.availablePermits()).isEqualTo(-1);
        Attempt waiter = call.start(s);
        try {
            Await.parkedIn(s, waiter); // -1 < 0: the request cannot be met yet, so it must wait

            s.release();
            assertThat(waiter.awaitResult()).as("%s returned", call).isEqualTo(true);
            assertThat(s.availablePermits()).as("taking 0 permits leaves the count at 0").isZero();
            assertThat(s.getQueueLength()).isZero();
        } finally {
            if (!waiter.isDone()) {
                s.release(); // a positive count frees a waiter found stuck, so it ends with its test
            }
        }
    }
}
