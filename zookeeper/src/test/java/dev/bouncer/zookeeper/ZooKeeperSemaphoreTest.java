package dev.bouncer.zookeeper;

import static dev.bouncer.zookeeper.Ensembles.SESSION;
import static dev.bouncer.zookeeper.Ensembles.client;
import static dev.bouncer.zookeeper.Ensembles.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bouncer.Permit;
import dev.bouncer.PermitSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.KillSession;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/** The contract on one in-process ZooKeeper server: arguments, misuse, handles, interrupts, tokens. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ZooKeeperSemaphoreTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private static TestingServer server;
    private static CuratorFramework client;
    private String path;

    @BeforeAll
    static void startServer() throws Exception {
        server = new TestingServer();
        client = client(server.getConnectString());
    }

    @AfterAll
    static void stopServer() throws Exception {
        client.close();
        server.close();
    }

    @BeforeEach
    void freshPath(TestInfo test) {
        path = "/pools/" + test.getTestMethod().orElseThrow().getName();
    }

    // Bad input and misuse

    @Test
    void createRefusesNoPermitsANullClientOrPathAndABadPath() {
        assertThatThrownBy(() -> ZooKeeperSemaphore.create(client, path, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> ZooKeeperSemaphore.create(client, path, -3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ZooKeeperSemaphore.create(null, path, 1))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ZooKeeperSemaphore.create(client, null, 1))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ZooKeeperSemaphore.create(client, "no-leading-slash", 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void requestsOfZeroOrLessOrOverTheMaximumAreRefusedBeforeZooKeeperIsAsked() {
        ZooKeeperSemaphore pool = ZooKeeperSemaphore.create(client, path, 2);
        for (int permits : new int[] {0, -1, 3, Integer.MAX_VALUE}) {
            assertThatThrownBy(() -> pool.acquirePermit(permits))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 1 and 2");
            assertThatThrownBy(() -> pool.acquirePermitUninterruptibly(permits))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> pool.tryAcquirePermit(permits))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> pool.tryAcquirePermit(permits, 1, TimeUnit.SECONDS))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> pool.withPermit(permits, () -> { }))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> pool.tryAcquirePermit(1, 1, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> pool.withPermit((Runnable) null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aClientNotStartedOrClosedIsRefusedWithIllegalStateException() throws Exception {
        CuratorFramework latent = CuratorFrameworkFactory.newClient(server.getConnectString(), new RetryOneTime(100));
        ZooKeeperSemaphore notStarted = ZooKeeperSemaphore.create(latent, path, 1);
        assertThatThrownBy(notStarted::acquirePermit)
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not started");
        assertThatThrownBy(notStarted::tryAcquirePermit).isInstanceOf(IllegalStateException.class);

        CuratorFramework closing = client(server.getConnectString());
        ZooKeeperSemaphore pool = ZooKeeperSemaphore.create(closing, path, 1);
        ZooKeeperPermit held = pool.acquirePermit();
        closing.close();
        assertThat(held.isValid()).as("a handle of a closed client").isFalse();
        assertThatThrownBy(pool::acquirePermit)
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> pool.tryAcquirePermit(1, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
        held.close(); // nothing to do, and no exception
    }

    @Test
    void aSecondCloseGivesNothingBack() throws Exception {
        ZooKeeperSemaphore pool = ZooKeeperSemaphore.create(client, path, 2);
        ZooKeeperPermit first = pool.acquirePermit();
        assertThat(first.isValid()).isTrue();
        first.close();
        assertThat(first.isValid()).isFalse();
        ZooKeeperPermit both = pool.acquirePermit(2);
        first.close(); // must not free one of the two permits now held by `both`
        assertThat(pool.tryAcquirePermit()).as("a permit freed by the second close").isEmpty();
        assertThat(both.permits()).isEqualTo(2);
        both.close();
        try (Permit again = pool.acquirePermit(2)) {
            assertThat(again.isValid()).isTrue();
        }
    }

    // Acquire forms

    @Test
    void theOneLineSwitchRunsTasksHoldingAPermitAndGivesItBackHoweverTheyEnd() throws Exception {
        PermitSource pool = ZooKeeperSemaphore.create(client, path, 1);
        assertThat(pool.withPermit(() -> "served")).isEqualTo("served");
        assertThatThrownBy(() -> pool.withPermit(() -> {
            throw new IllegalStateException("task failed");
        })).hasMessage("task failed");
        AtomicBoolean ran = new AtomicBoolean();
        pool.withPermit(() -> ran.set(true));
        assertThat(ran).isTrue();
        try (Permit permit = pool.tryAcquirePermit().orElseThrow()) {
            assertThat(permit.isValid()).isTrue();
        }
    }

    @Test
    void triesFailWithoutTakingAnythingWhenAllPermitsAreHeld() throws Exception {
        ZooKeeperSemaphore pool = ZooKeeperSemaphore.create(client, path, 2);
        try (ZooKeeperPermit all = pool.acquirePermit(2)) {
            assertThat(pool.tryAcquirePermit()).isEmpty();
            assertThat(pool.tryAcquirePermit(1, 0, TimeUnit.SECONDS)).isEmpty();
            long start = System.nanoTime();
            assertThat(pool.tryAcquirePermit(Duration.ofMillis(300))).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            assertThat(all.isValid()).isTrue();
        }
        try (Permit both = pool.tryAcquirePermit(2, Duration.ofSeconds(5)).orElseThrow()) {
            assertThat(both.permits()).isEqualTo(2);
        }
    }

    @Test
    void aWaitingAcquireIsGrantedWhenAPermitComesBack() throws Exception {
        ZooKeeperSemaphore pool = ZooKeeperSemaphore.create(client, path, 1);
        ZooKeeperPermit held = pool.acquirePermit();
        long heldToken = held.fencingToken();
        CompletableFuture<ZooKeeperPermit> waiting = CompletableFuture.supplyAsync(pool::acquirePermitUninterruptibly);
        assertThat(pool.tryAcquirePermit()).isEmpty();
        held.close();
        try (ZooKeeperPermit granted = waiting.get(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
            assertThat(granted.fencingToken()).isGreaterThan(heldToken);
        }
    }

    @Test
    void readmeExample() throws Exception {
        List<Long> database = new ArrayList<>();
        PermitSource pool = ZooKeeperSemaphore.create(client, path, 2);
        try (Permit permit = pool.acquirePermit()) {
            database.add(((ZooKeeperPermit) permit).fencingToken());
        }
        assertThat(database).singleElement().matches(token -> token > 0L);
    }

    // Interrupts

    @Test
    void anInterruptedAcquireThrowsClearsTheStatusAndHoldsNothing() throws Exception {
        ZooKeeperSemaphore pool = ZooKeeperSemaphore.create(client, path, 1);
        Thread.currentThread().interrupt();
        assertThatThrownBy(pool::acquirePermit).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();

        ZooKeeperPermit held = pool.acquirePermit();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                pool.acquirePermit().close();
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, "waiter");
        waiter.start();
        until(DEADLINE, () -> waiter.getState() == Thread.State.WAITING
                || waiter.getState() == Thread.State.TIMED_WAITING, "the waiter waits");
        waiter.interrupt();
        waiter.join(DEADLINE.toMillis());
        assertThat(waiter.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        held.close();
        try (Permit again = pool.tryAcquirePermit(Duration.ofSeconds(5)).orElseThrow()) {
            assertThat(again.isValid()).as("the interrupted waiter left nothing behind").isTrue();
        }
    }

    @Test
    void uninterruptibleFormsIgnoreAnInterruptAndKeepItsStatus() throws Exception {
        ZooKeeperSemaphore pool = ZooKeeperSemaphore.create(client, path, 1);
        Thread.currentThread().interrupt();
        try (Permit permit = pool.acquirePermitUninterruptibly()) {
            assertThat(permit.isValid()).isTrue();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(pool.tryAcquirePermit()).isEmpty();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    // Loss and fencing

    @Test
    void aClosedHandleNeverReportsALoss() throws Exception {
        ZooKeeperSemaphore pool = ZooKeeperSemaphore.create(client, path, 1);
        ZooKeeperPermit permit = pool.acquirePermit();
        AtomicInteger lost = new AtomicInteger();
        permit.onLost(lost::incrementAndGet);
        CompletableFuture<ConnectionState> whenLost = permit.whenLost();
        permit.close();
        assertThat(whenLost).isCancelled();
        assertThat(lost).hasValue(0);
        assertThatThrownBy(permit::fencingToken).isInstanceOf(IllegalStateException.class);
    }

    /**
     * Test 5: tokens grow with every grant, whichever client is granted and across a session that
     * expired and was replaced.
     */
    @Test
    void fencingTokensGrowAcrossGrantsClientsAndSessions() throws Exception {
        CuratorFramework other = client(server.getConnectString());
        try {
            List<ZooKeeperSemaphore> pools = List.of(
                    ZooKeeperSemaphore.create(client, path, 2), ZooKeeperSemaphore.create(other, path, 2));
            List<Long> tokens = new ArrayList<>();
            for (int round = 0; round < 12; round++) {
                if (round == 6) {
                    long before = other.getZookeeperClient().getZooKeeper().getSessionId();
                    KillSession.kill(other.getZookeeperClient().getZooKeeper());
                    until(DEADLINE, () -> sessionOf(other) != before && other.getZookeeperClient().isConnected(),
                            "a new session");
                }
                try (ZooKeeperPermit permit = pools.get(round % 2).acquirePermit(1 + round % 2)) {
                    tokens.add(permit.fencingToken());
                    assertThat(permit.fencingToken()).as("read once, then remembered").isEqualTo(tokens.get(round));
                }
            }
            assertThat(tokens).isSorted().doesNotHaveDuplicates();
        } finally {
            other.close();
        }
    }

    /**
     * Test 3 on one server: a session that expires loses its lease at once (invalid, callback
     * run), the lease goes to the other client within the session timeout, and no token repeats.
     */
    @Test
    void anExpiredSessionLosesItsLeasesToOthersAndSaysSo() throws Exception {
        CuratorFramework doomed = client(server.getConnectString());
        try {
            ZooKeeperSemaphore mine = ZooKeeperSemaphore.create(doomed, path, 1);
            ZooKeeperSemaphore theirs = ZooKeeperSemaphore.create(client, path, 1);
            ZooKeeperPermit held = mine.acquirePermit();
            long heldToken = held.fencingToken();
            CompletableFuture<Void> callback = new CompletableFuture<>();
            held.onLost(() -> callback.complete(null));
            CompletableFuture<ZooKeeperPermit> waiting = CompletableFuture.supplyAsync(theirs::acquirePermitUninterruptibly);

            long killed = System.nanoTime();
            KillSession.kill(doomed.getZookeeperClient().getZooKeeper());
            until(DEADLINE, () -> !held.isValid() && callback.isDone(), "the holder learns of the loss");
            assertThat(held.whenLost()).isCompletedWithValue(ConnectionState.LOST);
            try (ZooKeeperPermit next = waiting.get(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                Duration handedOver = Duration.ofNanos(System.nanoTime() - killed);
                assertThat(handedOver).as("the lease goes back within the session timeout")
                        .isLessThan(SESSION.plusSeconds(4));
                assertThat(next.fencingToken()).isGreaterThan(heldToken);
            }
            held.close(); // the node is gone already; closing is harmless
            assertThat(held.isValid()).isFalse();
        } finally {
            doomed.close();
        }
    }

    private static long sessionOf(CuratorFramework client) {
        try {
            return client.getZookeeperClient().getZooKeeper().getSessionId();
        } catch (Exception e) {
            return 0L;
        }
    }
}
