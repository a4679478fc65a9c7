package dev.bouncer.zookeeper;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;

/**
 * What the tests share: clients with short timeouts, so that every failure shows within seconds,
 * and a wait for a condition with a deadline.
 */
final class Ensembles {
    /** The session timeout of every test client; servers tick every second, so 1 to 20 s is allowed. */
    static final Duration SESSION = Duration.ofSeconds(4);
    /** How long a client waits for a connection before an operation fails or retries. */
    static final Duration CONNECTION = Duration.ofSeconds(2);
    /** Retries of each ZooKeeper operation after a connection loss. */
    static final int RETRIES = 2;

    private Ensembles() {
    }

    /** A started client of the given ensemble, connected (or the test fails within the deadline). */
    static CuratorFramework client(String connectString) throws InterruptedException {
        CuratorFramework client = CuratorFrameworkFactory.builder()
                .connectString(connectString)
                .sessionTimeoutMs((int) SESSION.toMillis())
                .connectionTimeoutMs((int) CONNECTION.toMillis())
                .retryPolicy(new RetryNTimes(RETRIES, 100))
                .build();
        client.start();
        if (!client.blockUntilConnected(30, TimeUnit.SECONDS)) {
            client.close();
            fail("no connection to " + connectString + " within 30 s");
        }
        return client;
    }

    /** Waits until the condition holds, polling every few milliseconds; fails the test at the deadline. */
    static void until(Duration deadline, BooleanSupplier condition, String what) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                fail("not within " + deadline.toMillis() + " ms: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
