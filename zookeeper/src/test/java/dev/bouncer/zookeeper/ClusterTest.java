package dev.bouncer.zookeeper;

import static dev.bouncer.zookeeper.Ensembles.CONNECTION;
import static dev.bouncer.zookeeper.Ensembles.RETRIES;
import static dev.bouncer.zookeeper.Ensembles.SESSION;
import static dev.bouncer.zookeeper.Ensembles.client;
import static dev.bouncer.zookeeper.Ensembles.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bouncer.Permit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.KillSession;
import org.apache.curator.test.TestingCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The semaphore on a three-server in-process ensemble, with three clients (three sessions) as
 * three service instances: safety under load, a server that dies, a suspended connection, an
 * expired session and a lost quorum. Every test leaves all three servers running.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClusterTest {
    private static final int PERMITS = 2;
    private static final int THREADS_PER_CLIENT = 3;
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private TestingCluster cluster;
    private final List<CuratorFramework> clients = new ArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeAll
    void startEnsemble() throws Exception {
        cluster = new TestingCluster(3);
        cluster.start();
        for (int i = 0; i < 3; i++) {
            clients.add(client(cluster.getConnectString()));
        }
    }

    @AfterAll
    void stopEnsemble() throws Exception {
        threads.shutdownNow();
        for (CuratorFramework client : clients) {
            client.close();
        }
        cluster.close();
    }

    /** Test 1: holders never exceed the permits, every grant has its own token, every worker ends. */
    @Test
    @Order(1)
    void holdersNeverExceedThePermitsUnderLoad() throws Exception {
        Load load = new Load(pools("/pools/load"), 8);
        load.awaitEnd();
        load.assertSafe();
    }

    /** Test 2: one of three servers dies mid-run and comes back; safety holds and everyone ends. */
    @Test
    @Order(2)
    void aServerThatDiesAndReturnsBreaksNothing() throws Exception {
        Load load = new Load(pools("/pools/server-dies"), 12);
        until(DEADLINE, () -> load.grants.get() >= 10, "grants before the kill");
        InstanceSpec victim = cluster.findConnectionInstance(clients.get(0).getZookeeperClient().getZooKeeper());
        assertThat(cluster.killServer(victim)).isTrue();
        try {
            int atKill = load.grants.get();
            until(DEADLINE, () -> load.grants.get() >= atKill + 10, "progress on two servers");
        } finally {
            cluster.restartServer(victim);
        }
        load.awaitEnd();
        load.assertSafe();
        awaitAllConnected();
    }

    /** A suspended connection invalidates the handle at once, and for good. */
    @Test
    @Order(3)
    void aSuspendedConnectionInvalidatesTheHandleForGood() throws Exception {
        InstanceSpec only = cluster.getInstances().iterator().next();
        CuratorFramework pinned = client(only.getHostname() + ":" + only.getPort()); // reaches no other server
        try {
            ZooKeeperSemaphore pool = ZooKeeperSemaphore.create(pinned, "/pools/suspended", PERMITS);
            ZooKeeperPermit permit = pool.acquirePermit();
            CompletableFuture<ConnectionState> lost = permit.whenLost();
            assertThat(cluster.killServer(only)).isTrue();
            try {
                until(DEADLINE, () -> !permit.isValid(), "the handle turns invalid");
                assertThat(lost.get(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(ConnectionState.SUSPENDED);
            } finally {
                cluster.restartServer(only);
            }
            until(DEADLINE, () -> pinned.getZookeeperClient().isConnected(), "reconnected");
            assertThat(permit.isValid()).as("still invalid after the connection is back").isFalse();
            permit.close();
            try (Permit again = pool.tryAcquirePermit(PERMITS, DEADLINE).orElseThrow()) {
                assertThat(again.isValid()).isTrue();
            }
        } finally {
            pinned.close();
        }
        awaitAllConnected();
    }

    /**
     * Test 3: one client's session expires while it holds every permit. Its handles report the
     * loss, the other clients are granted the permits within the session timeout, and their tokens
     * are higher: nothing was granted twice.
     */
    @Test
    @Order(4)
    void anExpiredSessionHandsItsLeasesToTheOthers() throws Exception {
        List<ZooKeeperSemaphore> pools = pools("/pools/session-expires");
        List<ZooKeeperPermit> doomed = List.of(pools.get(0).acquirePermit(), pools.get(0).acquirePermit());
        AtomicInteger callbacks = new AtomicInteger();
        long highest = 0L;
        for (ZooKeeperPermit permit : doomed) {
            permit.onLost(callbacks::incrementAndGet);
            highest = Math.max(highest, permit.fencingToken());
        }
        List<Future<ZooKeeperPermit>> waiting = List.of(
                threads.submit(() -> pools.get(1).acquirePermit()), threads.submit(() -> pools.get(2).acquirePermit()));

        long killed = System.nanoTime();
        KillSession.kill(clients.get(0).getZookeeperClient().getZooKeeper());
        until(DEADLINE, () -> callbacks.get() == 2, "both loss callbacks");
        assertThat(doomed).noneMatch(Permit::isValid);
        for (Future<ZooKeeperPermit> next : waiting) {
            try (ZooKeeperPermit permit = next.get(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                assertThat(Duration.ofNanos(System.nanoTime() - killed))
                        .as("granted within the session timeout (and the servers' tick)")
                        .isLessThan(SESSION.plusSeconds(4));
                assertThat(permit.fencingToken()).isGreaterThan(highest);
            }
        }
        doomed.forEach(ZooKeeperPermit::close);
        awaitAllConnected();
    }

    /**
     * Test 4: two of three servers die. Timed acquires end within their timeout plus the client's
     * connection timeout per retry, empty or with PermitSourceException; an untimed one ends too,
     * failed or granted once quorum is back; then every client is granted again.
     */
    @Test
    @Order(5)
    void withoutQuorumAcquiresFailInTimeAndResumeAfter() throws Exception {
        List<ZooKeeperSemaphore> pools = pools("/pools/quorum-lost");
        List<InstanceSpec> killed = new ArrayList<>(cluster.getInstances()).subList(0, 2);
        for (InstanceSpec server : killed) {
            assertThat(cluster.killServer(server)).isTrue();
        }
        Future<String> untimed;
        try {
            untimed = threads.submit(() -> {
                try {
                    pools.get(0).acquirePermit().close();
                    return "granted";
                } catch (PermitSourceException e) {
                    return "failed";
                }
            });
            Duration timeout = Duration.ofSeconds(1);
            Duration bound = timeout.plus(CONNECTION.multipliedBy(RETRIES + 1)).plusSeconds(3);
            List<Future<String>> outcomes = new ArrayList<>();
            for (ZooKeeperSemaphore pool : pools) {
                outcomes.add(threads.submit(() -> {
                    try {
                        Optional<Permit> permit = pool.tryAcquirePermit(timeout);
                        permit.ifPresent(Permit::close);
                        return permit.isPresent() ? "granted" : "timed out";
                    } catch (PermitSourceException e) {
                        return "failed";
                    }
                }));
            }
            long start = System.nanoTime();
            for (Future<String> outcome : outcomes) {
                long left = bound.toNanos() - (System.nanoTime() - start);
                assertThat(outcome.get(Math.max(left, 1L), TimeUnit.NANOSECONDS)).isIn("timed out", "failed");
            }
            System.out.printf("without quorum, three 1 s tries ended within %d ms (bound %d ms)%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), bound.toMillis());
        } finally {
            for (InstanceSpec server : killed) {
                cluster.restartServer(server);
            }
        }
        awaitAllConnected();
        String untimedOutcome = untimed.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        System.out.println("an untimed acquire begun without quorum: " + untimedOutcome);
        for (ZooKeeperSemaphore pool : pools) {
            try (Permit permit = pool.tryAcquirePermit(DEADLINE).orElseThrow()) {
                assertThat(permit.isValid()).isTrue();
            }
        }
    }

    private List<ZooKeeperSemaphore> pools(String path) {
        List<ZooKeeperSemaphore> pools = new ArrayList<>();
        for (CuratorFramework client : clients) {
            pools.add(ZooKeeperSemaphore.create(client, path, PERMITS));
        }
        return pools;
    }

    private void awaitAllConnected() {
        until(DEADLINE, () -> clients.stream().allMatch(c -> c.getZookeeperClient().isConnected()),
                "every client connected");
    }

    /**
     * Threads on every client, each taking a permit `rounds` times: a shared counter of holders,
     * the most it reached, the grants and their fencing tokens. A ZooKeeper failure is counted
     * and the round tried again.
     */
    private final class Load {
        final AtomicInteger holders = new AtomicInteger();
        final AtomicInteger mostHolders = new AtomicInteger();
        final AtomicInteger grants = new AtomicInteger();
        final AtomicInteger failures = new AtomicInteger();
        final Set<Long> tokens = ConcurrentHashMap.newKeySet();
        final AtomicInteger repeatedTokens = new AtomicInteger();
        final List<Future<?>> workers = new ArrayList<>();

        Load(List<ZooKeeperSemaphore> pools, int rounds) {
            for (ZooKeeperSemaphore pool : pools) {
                for (int t = 0; t < THREADS_PER_CLIENT; t++) {
                    workers.add(threads.submit(() -> work(pool, rounds)));
                }
            }
        }

        private Void work(ZooKeeperSemaphore pool, int rounds) throws InterruptedException {
            int done = 0;
            while (done < rounds) {
                try {
                    Optional<Permit> slot = pool.tryAcquirePermit(Duration.ofSeconds(5));
                    if (slot.isEmpty()) {
                        continue;
                    }
                    try (ZooKeeperPermit permit = (ZooKeeperPermit) slot.get()) {
                        int now = holders.incrementAndGet();
                        mostHolders.accumulateAndGet(now, Math::max);
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // the work
                        holders.decrementAndGet();
                        if (!tokens.add(permit.fencingToken())) {
                            repeatedTokens.incrementAndGet();
                        }
                    }
                    grants.incrementAndGet();
                    done++;
                } catch (PermitSourceException e) {
                    failures.incrementAndGet();
                }
            }
            return null;
        }

        void awaitEnd() throws Exception {
            long end = System.nanoTime() + DEADLINE.toNanos();
            for (Future<?> worker : workers) {
                worker.get(Math.max(end - System.nanoTime(), 1L), TimeUnit.NANOSECONDS);
            }
        }

        void assertSafe() {
            assertThat(mostHolders.get()).as("most holders at once").isBetween(1, PERMITS);
            assertThat(repeatedTokens).as("tokens granted twice").hasValue(0);
            System.out.printf("%d workers: %d grants, %d ZooKeeper failures retried, at most %d holders%n",
                    workers.size(), grants.get(), failures.get(), mostHolders.get());
        }
    }
}
