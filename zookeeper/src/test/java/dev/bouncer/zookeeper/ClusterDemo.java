package dev.bouncer.zookeeper;

import dev.bouncer.PermitSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.curator.test.KillSession;
import org.apache.curator.test.TestingServer;

/**
 * Three service instances, each with its own ZooKeeper client and session, share two permits on
 * an embedded ZooKeeper server. Each line shows who entered or left, the grant's fencing token,
 * and who is inside; there are never more than two. At the end one instance's session expires
 * while it holds a permit: it hears of the loss, and the permit goes to another instance with a
 * higher token.
 *
 * <p>Run it with {@code ./mvnw -q install -DskipTests && ./mvnw -q -f zookeeper/pom.xml
 * test-compile exec:java} (the README's command).
 */
public final class ClusterDemo {
    private static final int SERVICES = 3;
    private static final int PERMITS = 2;
    private static final int ROUNDS = 2;
    private static final String PATH = "/pools/db";

    /** Who holds a permit now; changed and printed under the class's lock, so each line is a snapshot. */
    private static final ConcurrentSkipListSet<String> INSIDE = new ConcurrentSkipListSet<>();
    private static long start;

    private ClusterDemo() {
    }

    public static void main(String[] args) throws Exception {
        try (TestingServer zookeeper = new TestingServer()) {
            List<CuratorFramework> clients = new ArrayList<>();
            try {
                for (int s = 0; s < SERVICES; s++) {
                    clients.add(startClient(zookeeper.getConnectString()));
                }
                start = System.nanoTime();
                System.out.printf("%d service instances, %d permits on %s, %d rounds each%n",
                        SERVICES, PERMITS, PATH, ROUNDS);
                List<Thread> services = new ArrayList<>();
                for (int s = 0; s < SERVICES; s++) {
                    String name = "service-" + (s + 1);
                    PermitSource pool = ZooKeeperSemaphore.create(clients.get(s), PATH, PERMITS);
                    Thread service = new Thread(() -> serve(name, pool), name);
                    services.add(service);
                    service.start();
                }
                for (Thread service : services) {
                    service.join();
                }
                loseOneSession(clients);
            } finally {
                for (CuratorFramework client : clients) {
                    client.close();
                }
            }
        }
    }

    /** Takes a permit ROUNDS times, holds it for a while, and gives it back. */
    private static void serve(String name, PermitSource pool) {
        try {
            for (int round = 0; round < ROUNDS; round++) {
                try (ZooKeeperPermit permit = (ZooKeeperPermit) pool.acquirePermit()) {
                    enter(name, permit.fencingToken());
                    TimeUnit.MILLISECONDS.sleep(150); // the work
                    leave(name, permit.fencingToken());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** service-1 holds both permits when its session expires; service-2 waits and is granted one. */
    private static void loseOneSession(List<CuratorFramework> clients) throws Exception {
        ZooKeeperSemaphore first = ZooKeeperSemaphore.create(clients.get(0), PATH, PERMITS);
        ZooKeeperSemaphore second = ZooKeeperSemaphore.create(clients.get(1), PATH, PERMITS);
        try (ZooKeeperPermit held = first.acquirePermit(PERMITS)) {
            enter("service-1", held.fencingToken());
            held.onLost(() -> {
                print("service-1 is told: lost (valid: " + held.isValid() + ")", held.fencingToken());
                leave("service-1", held.fencingToken());
            });
            Thread waiter = new Thread(() -> {
                try (ZooKeeperPermit next = second.acquirePermit()) {
                    enter("service-2", next.fencingToken());
                    leave("service-2", next.fencingToken());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "service-2");
            waiter.start();
            print("service-1's session expires", held.fencingToken());
            KillSession.kill(clients.get(0).getZookeeperClient().getZooKeeper());
            waiter.join();
        }
        print("done", 0L);
    }

    private static CuratorFramework startClient(String connectString) throws InterruptedException {
        CuratorFramework client = CuratorFrameworkFactory.builder()
                .connectString(connectString)
                .sessionTimeoutMs(2_000)
                .connectionTimeoutMs(2_000)
                .retryPolicy(new RetryNTimes(3, 100))
                .build();
        client.start();
        if (!client.blockUntilConnected(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no connection to " + connectString);
        }
        return client;
    }

    private static synchronized void enter(String name, long token) {
        INSIDE.add(name);
        print(name + " enters", token);
    }

    private static synchronized void leave(String name, long token) {
        INSIDE.remove(name);
        print(name + " leaves", token);
    }

    private static synchronized void print(String event, long token) {
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        String fence = token == 0L ? "" : "token " + token;
        System.out.printf("%5d ms  %-40s %-12s inside: %s%n", ms, event, fence, INSIDE);
    }
}
