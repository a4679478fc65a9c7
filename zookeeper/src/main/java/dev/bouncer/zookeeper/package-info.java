/**
 * bouncer's permits shared across a cluster, on Apache Curator and ZooKeeper:
 * {@link dev.bouncer.zookeeper.ZooKeeperSemaphore} is a {@link dev.bouncer.PermitSource} whose
 * {@link dev.bouncer.zookeeper.ZooKeeperPermit} handles report a lost lease and carry a fencing
 * token; {@link dev.bouncer.zookeeper.PermitSourceException} is what a ZooKeeper failure throws.
 *
 * <h2>Invariant and edge IDs</h2>
 *
 * <p>This module's IDs have the prefix {@code ZK-} and follow the core's scheme (see the package
 * {@code dev.bouncer}): {@code ZK-I1} to {@code ZK-I4} and {@code ZK-E1}, defined in
 * {@code docs/distributed.md} and summarized in the implementation notes of
 * {@code ZooKeeperSemaphore}.
 */
package dev.bouncer.zookeeper;
