package io.bastion.user;

import com.hazelcast.cluster.Address;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import io.bastion.node.ClusterMerge;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a user node (a Hazelcast data member) back into the mesh's cluster within seconds after the others dropped
 * it, instead of the 60 s and more Hazelcast's split-brain merge took here (FaultsIT, a user node paused 12 s).
 *
 * <p>A paused user node (SIGSTOP, a long GC, a frozen VM) is dropped by the others after
 * {@code hazelcast.max.no.heartbeat.seconds}; resumed, it learns it is no longer a member, suspects them in turn and
 * stays alone in a cluster of its own: it answers HTTP, but its outbox waits (no security node there) until the
 * merge. When this node finds itself the only member while it knew others, it asks Hazelcast to merge into the
 * first other data member that accepts a connection, as the security nodes' ClusterRejoin does for lite
 * members ({@code ClusterServiceImpl.merge}, Hazelcast's internal API, 5.3). Vert.x writes this node's registrations
 * again on MERGED. Only a node that was itself stopped does this ({@link #stalledRecently}: a JVM that ran on while
 * the others dropped a slow member, as at a busy start, keeps its cluster and the slow one comes back to it). A node
 * alone because every other one is gone finds none accepting and stays as it is; Hazelcast's own merge stays in
 * place in case this fails.
 */
final class DataMemberRejoin implements MembershipListener {

  private static final Logger LOG = LoggerFactory.getLogger(DataMemberRejoin.class);
  /** The stall clock's tick, and how late a tick must be to mean this JVM was stopped (the others drop after 5 s). */
  private static final long TICK_MS = 500;
  private static final long STALL_MS = 4000;
  /** How long after a stall a removal of the others is taken as this node's having been dropped. */
  private static final long STALL_RELEVANT_NS = TimeUnit.SECONDS.toNanos(60);
  private volatile long lastStallEndedAt = Long.MIN_VALUE;
  /** One watcher per Hazelcast instance, however many UserVerticles the JVM deploys. */
  private static final Set<HazelcastInstance> WATCHED = ConcurrentHashMap.newKeySet();

  private final HazelcastInstance hazelcast;
  /** Where the other data members were: a lone lite member (a security node started alone) is no cluster to join. */
  private final Set<Address> dataMembers = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean rejoining = new AtomicBoolean();

  private DataMemberRejoin(HazelcastInstance hazelcast) {
    this.hazelcast = hazelcast;
    remember(hazelcast.getCluster().getMembers());
  }

  /** Watches the cluster of a clustered data member; does nothing otherwise. */
  static void watch(Vertx vertx) {
    ClusterManager manager = vertx.isClustered() ? ((VertxInternal) vertx).clusterManager() : null;
    if (!(manager instanceof HazelcastClusterManager hz)) {
      return;
    }
    HazelcastInstance instance = hz.getHazelcastInstance();
    if (instance.getCluster().getLocalMember().isLiteMember() || !WATCHED.add(instance)) {
      return;
    }
    DataMemberRejoin rejoin = new DataMemberRejoin(instance);
    instance.getCluster().addMembershipListener(rejoin);
    Thread clock = new Thread(rejoin::stallClock, "bastion-stall-clock");
    clock.setDaemon(true);
    clock.start();
  }

  /** Ticks until the node stops, noting when a tick came far too late: the JVM was stopped (SIGSTOP, a long GC). */
  private void stallClock() {
    long last = System.nanoTime();
    while (hazelcast.getLifecycleService().isRunning()) {
      try {
        Thread.sleep(TICK_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      long now = System.nanoTime();
      if (now - last > TimeUnit.MILLISECONDS.toNanos(STALL_MS)) {
        lastStallEndedAt = now;
        LOG.warn("this node was stopped for {} ms (SIGSTOP, a long GC pause?)",
            TimeUnit.NANOSECONDS.toMillis(now - last));
      }
      last = now;
    }
  }

  /**
   * Whether this JVM came back from a stall a short while ago; the removals may be seen a moment before the stall
   * clock's late tick, so it is given a few ticks.
   */
  private boolean awaitStall() throws InterruptedException {
    for (int i = 0; i < 6 && !stalledRecently(); i++) {
      Thread.sleep(TICK_MS);
    }
    return stalledRecently();
  }

  /** Whether this JVM came back from a stall a short while ago. */
  private boolean stalledRecently() {
    long at = lastStallEndedAt;
    return at != Long.MIN_VALUE && System.nanoTime() - at < STALL_RELEVANT_NS;
  }

  @Override
  public void memberAdded(MembershipEvent event) {
    remember(event.getMembers());
  }

  @Override
  public void memberRemoved(MembershipEvent event) {
    Set<Member> members = event.getMembers();
    remember(members);
    boolean alone = members.size() == 1;
    if (alone && !dataMembers.isEmpty() && rejoining.compareAndSet(false, true)) {
      Thread rejoin = new Thread(this::rejoin, "bastion-cluster-rejoin");
      rejoin.setDaemon(true);
      rejoin.start();
    }
  }

  private void remember(Set<Member> members) {
    for (Member m : members) {
      if (!m.localMember() && !m.isLiteMember()) {
        dataMembers.add(m.getAddress());
      }
    }
  }

  /** On a thread of its own: the merge blocks while this member leaves its cluster and joins the other. */
  private void rejoin() {
    try {
      if (awaitStall()) {
        ClusterMerge.intoFirstReachable(hazelcast, dataMembers, () -> hazelcast.getCluster().getMembers().size() > 1);
      } // else the others dropped a slow member while this node ran on: it comes back to us
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      rejoining.set(false);
    }
  }
}
