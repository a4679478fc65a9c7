package dev.bouncer.zookeeper;

import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.locks.InterProcessSemaphoreV2;
import org.apache.curator.framework.recipes.locks.Lease;
import org.apache.curator.retry.RetryNTimes;
import org.apache.curator.test.TestingCluster;
import org.apache.curator.test.TestingServer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Question: what does one acquire + release of a distributed permit cost through bouncer's handle,
 * against Curator's own {@code InterProcessSemaphoreV2.acquire()} and {@code returnLease}, on the
 * same in-process ZooKeeper?
 *
 * <p>Every JMH thread (JMH's {@code -t}: 1, 4, 16) loops acquire, release on one client and one
 * semaphore of 16 permits, so no thread waits for a permit: what is measured is the recipe's round
 * trips and its inter-process mutex, plus, for {@code BOUNCER}, the handle. {@code ensemble} is one
 * {@code TestingServer} or a three-server {@code TestingCluster}. Goal: bouncer's time at most
 * 1.1x Curator's.
 *
 * <p>Run (the core installed first):
 * <pre>
 * ./mvnw -q -f zookeeper/pom.xml test-compile exec:exec -Dexec.executable=java \
 *     -Dexec.args="-cp %classpath org.openjdk.jmh.Main AcquireReleaseBenchmark -t 4"
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 4)
@Fork(1)
@State(Scope.Benchmark)
public class AcquireReleaseBenchmark {
    private static final int PERMITS = 16;

    /** Whose acquire and release: bouncer's handle, or Curator's recipe called directly. */
    public enum Source {
        BOUNCER,
        CURATOR
    }

    /** Where the permits live. */
    public enum Ensemble {
        ONE_SERVER,
        THREE_SERVERS
    }

    @Param({"BOUNCER", "CURATOR"})
    public Source source;

    @Param({"ONE_SERVER"})
    public Ensemble ensemble;

    private AutoCloseable servers;
    private CuratorFramework client;
    private ZooKeeperSemaphore pool;
    private InterProcessSemaphoreV2 recipe;

    @Setup(Level.Trial)
    public void start() throws Exception {
        String connectString;
        if (ensemble == Ensemble.ONE_SERVER) {
            TestingServer server = new TestingServer();
            servers = server;
            connectString = server.getConnectString();
        } else {
            TestingCluster cluster = new TestingCluster(3);
            cluster.start();
            servers = cluster;
            connectString = cluster.getConnectString();
        }
        client = CuratorFrameworkFactory.newClient(connectString, new RetryNTimes(3, 100));
        client.start();
        if (!client.blockUntilConnected(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no connection to " + connectString);
        }
        pool = ZooKeeperSemaphore.create(client, "/bench/bouncer", PERMITS);
        recipe = new InterProcessSemaphoreV2(client, "/bench/curator", PERMITS);
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        client.close();
        servers.close();
    }

    @Benchmark
    public void acquireRelease() throws Exception {
        if (source == Source.BOUNCER) {
            pool.acquirePermit().close();
        } else {
            Lease lease = recipe.acquire();
            recipe.returnLease(lease);
        }
    }
}
