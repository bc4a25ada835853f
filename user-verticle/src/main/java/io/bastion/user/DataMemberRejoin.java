package io.bastion.user;

import com.hazelcast.cluster.Address;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * again on MERGED. A node alone because every other one is gone finds none accepting and stays as it is; Hazelcast's
 * own merge stays in place in case this fails.
 */
final class DataMemberRejoin implements MembershipListener {

  private static final Logger LOG = LoggerFactory.getLogger(DataMemberRejoin.class);
  private static final int ATTEMPTS = 60;
  private static final long EVERY_MS = 1000;
  private static final int CONNECT_TIMEOUT_MS = 500;
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
    instance.getCluster().addMembershipListener(new DataMemberRejoin(instance));
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
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        if (!hazelcast.getLifecycleService().isRunning() || hazelcast.getCluster().getMembers().size() > 1) {
          return; // back in company (a member joined us, or Hazelcast merged)
        }
        for (Address address : List.copyOf(dataMembers)) {
          if (accepts(address)) {
            LOG.warn("this node was dropped from the cluster (paused?) and is alone: merging into the cluster of {}",
                address);
            ((HazelcastInstanceProxy) hazelcast).getOriginal().node.getClusterService().merge(address);
            return;
          }
        }
        Thread.sleep(EVERY_MS);
      }
      LOG.warn("no data member reachable at {}: left to Hazelcast's split-brain merge", dataMembers);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("could not rejoin the cluster: {}; left to Hazelcast's split-brain merge", e.toString());
    } finally {
      rejoining.set(false);
    }
  }

  private static boolean accepts(Address address) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address.getInetAddress(), address.getPort()), CONNECT_TIMEOUT_MS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
