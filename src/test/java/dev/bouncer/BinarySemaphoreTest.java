package dev.bouncer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bouncer.support.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** BinarySemaphore: post and pend, coalesced posts, and the strict release. */
@Timeout(20)
class BinarySemaphoreTest {

    @Test
    void startsAvailableOrNotAndHoldsAtMostOnePermit() {
        BinarySemaphore on = new BinarySemaphore(true);
        BinarySemaphore off = new BinarySemaphore(false, true);
        assertThat(on.isAvailable()).isTrue();
        assertThat(on.getMaxPermits()).isEqualTo(1);
        assertThat(off.isAvailable()).isFalse();
        assertThat(off.isFair()).isTrue();
        assertThatThrownBy(on::release).isInstanceOf(IllegalStateException.class);
        assertThat(on.availablePermits()).isEqualTo(1);
    }

    @Test
    void repeatedPostsCoalesceIntoOne() {
        BinarySemaphore event = new BinarySemaphore(false);
        assertThat(event.tryRelease()).as("first post").isTrue();
        assertThat(event.tryRelease()).as("already posted").isFalse();
        assertThat(event.tryAcquire()).isTrue();
        assertThat(event.tryAcquire()).as("one post, one pend").isFalse();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void pendBlocksUntilPost(boolean fair) throws Exception {
        BinarySemaphore event = new BinarySemaphore(false, fair);
        TestThreads.Worker pender = TestThreads.start("pender", event::acquire);
        pender.awaitBlocked();
        assertThat(event.tryRelease()).isTrue();
        pender.joinOk();
        assertThat(event.isAvailable()).isFalse();
    }

    /** Two binary semaphores make two threads take strict turns; release never exceeds 1. */
    @Test
    void pingPongAlternatesStrictly() throws Exception {
        BinarySemaphore ping = new BinarySemaphore(true);
        BinarySemaphore pong = new BinarySemaphore(false);
        int rounds = 5_000;
        int[] trace = new int[2 * rounds]; // written in turns; the semaphores order the writes
        TestThreads.Worker other = TestThreads.start("pong", () -> {
            for (int i = 0; i < rounds; i++) {
                pong.acquire();
                trace[2 * i + 1] = 2;
                ping.release(); // strict: would throw if the turn were broken
            }
        });
        for (int i = 0; i < rounds; i++) {
            ping.acquire();
            trace[2 * i] = 1;
            pong.release();
        }
        other.joinOk();
        ping.acquire();
        for (int i = 0; i < trace.length; i++) {
            assertThat(trace[i]).isEqualTo(i % 2 == 0 ? 1 : 2);
        }
    }
}
