package io.bastion.security;

import com.hazelcast.cluster.Address;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings this lite member back into the mesh's cluster within a second or two after it was dropped, instead of the
 * 20-80 s that Hazelcast's split-brain merge takes here.
 *
 * <p>What happens to a paused security node (SIGSTOP, a long GC, a frozen VM): the others drop it after
 * {@code hazelcast.max.no.heartbeat.seconds}; resumed, it hears from them that it is no longer a member, suspects
 * them in turn and becomes the master of a cluster of its own, which holds no data member and is useless
 * ({@code NoDataMemberInClusterException}). Hazelcast's split-brain handler then looks for the other cluster by asking
 * every address of the join range ({@code hazelcast.tcp.join.port.try.count} ports per member host) in turn, and each
 * address where no member runs costs it 5 s (a wait fixed in Hazelcast's AbstractJoiner); 17 such ports made a
 * resumed node wait 20 to 82 s here.
 *
 * <p>This node knows where the data members (the user nodes) were: when it finds itself in a cluster without any, it
 * asks Hazelcast to merge into the first of them that accepts a connection, as the master of the bigger cluster would
 * have told it to ({@code ClusterServiceImpl.merge}, what Hazelcast's own MergeClustersOp runs). Vert.x then writes
 * this node's registrations again (on MERGED) and {@link LiteMemberRecovery} re-registers its consumer when the data
 * member appears. Hazelcast's own merge stays in place in case this fails. It uses Hazelcast's internal API (5.3).
 */
final class ClusterRejoin {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterRejoin.class);
  /** How long to keep looking for a data member to rejoin, once cut off, and how often. */
  private static final int ATTEMPTS = 60;
  private static final long EVERY_MS = 1000;
  private static final int CONNECT_TIMEOUT_MS = 500;

  private final HazelcastInstance hazelcast;
  /** Where the data members were: the addresses to go back to. */
  private final Set<Address> dataMembers = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean rejoining = new AtomicBoolean();

  ClusterRejoin(HazelcastInstance hazelcast) {
    this.hazelcast = hazelcast;
    remember(hazelcast.getCluster().getMembers());
  }

  /** The cluster as it is now (after a member joined or left). */
  void membersChanged(Set<Member> members) {
    remember(members);
    boolean cutOff = members.stream().allMatch(Member::isLiteMember);
    if (cutOff && !dataMembers.isEmpty() && rejoining.compareAndSet(false, true)) {
      Thread rejoin = new Thread(this::rejoin, "bastion-cluster-rejoin");
      rejoin.setDaemon(true);
      rejoin.start();
    }
  }

  private void remember(Set<Member> members) {
    for (Member m : members) {
      if (!m.isLiteMember() && !m.localMember()) {
        dataMembers.add(m.getAddress());
      }
    }
  }

  /** Runs on a thread of its own: the merge blocks while this member leaves its cluster and joins the other. */
  private void rejoin() {
    try {
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        if (!hazelcast.getLifecycleService().isRunning() || hasDataMember()) {
          return;
        }
        for (Address address : List.copyOf(dataMembers)) {
          if (accepts(address)) {
            LOG.warn("this node was dropped from the cluster (paused?) and is alone without data members: "
                + "merging into the cluster of {}", address);
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

  private boolean hasDataMember() {
    return hazelcast.getCluster().getMembers().stream().anyMatch(m -> !m.isLiteMember());
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
