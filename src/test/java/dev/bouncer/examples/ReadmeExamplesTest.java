package dev.bouncer.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The README's examples compile (they live here) and do what the README says they do. */
class ReadmeExamplesTest {

    @Test
    void connectionPoolLendsAtMostItsSizeAndTimesOutWhenEmpty() throws Exception {
        AtomicInteger made = new AtomicInteger();
        ConnectionPool<String> pool = new ConnectionPool<>(2, () -> "conn-" + made.incrementAndGet());

        String a = pool.borrow(1, TimeUnit.SECONDS);
        String b = pool.borrow(1, TimeUnit.SECONDS);
        assertThat(List.of(a, b)).containsExactlyInAnyOrder("conn-1", "conn-2");
        assertThat(pool.borrow(10, TimeUnit.MILLISECONDS)).isNull();

        pool.giveBack(a);
        assertThat(pool.borrow(1, TimeUnit.SECONDS)).isEqualTo(a);
    }

    @Test
    void connectionPoolSurvivesManyBorrowers() throws Exception {
        ConnectionPool<Object> pool = new ConnectionPool<>(3, Object::new);
        List<Thread> threads = new ArrayList<>();
        AtomicInteger served = new AtomicInteger();
        for (int i = 0; i < 8; i++) {
            Thread t = new Thread(() -> {
                for (int j = 0; j < 500; j++) {
                    try {
                        Object c = pool.borrow(10, TimeUnit.SECONDS);
                        assertThat(c).isNotNull();
                        served.incrementAndGet();
                        pool.giveBack(c);
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(t.isAlive()).isFalse();
        }
        assertThat(served).hasValue(8 * 500);
    }

    @Test
    void rateLimitedClientHoldsASlotPerCallAndShedsWhenFull() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        RateLimitedClient client = new RateLimitedClient(1, request -> {
            if (request.equals("slow")) {
                inside.countDown();
                await(finish);
            }
            return "done " + request;
        });
        assertThat(client.call("a")).isEqualTo("done a");
        assertThat(client.callOrShed("b", Duration.ZERO)).isEqualTo("done b");

        Thread slow = new Thread(() -> {
            try {
                client.call("slow");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        slow.start();
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(client.callOrShed("c", Duration.ofMillis(10))).isEqualTo("busy");
        finish.countDown();
        slow.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(slow.isAlive()).isFalse();
        assertThat(client.callOrShed("d", Duration.ofSeconds(10))).isEqualTo("done d");
    }

    @Test
    void rateLimitedClientGivesTheSlotBackWhenTheServiceThrows() throws Exception {
        RateLimitedClient client = new RateLimitedClient(1, request -> {
            throw new IllegalStateException("down");
        });
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> client.callOrShed("x", Duration.ZERO)).hasMessage("down");
            assertThatThrownBy(() -> client.call("x")).hasMessage("down");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void demoRunsToCompletion() throws Exception {
        Demo.main(new String[0]);
    }
}
