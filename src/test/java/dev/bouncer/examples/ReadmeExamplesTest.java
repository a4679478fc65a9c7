package dev.bouncer.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
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
    void demoRunsToCompletion() throws Exception {
        Demo.main(new String[0]);
    }
}
