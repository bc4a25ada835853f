package io.bastion.security;

import com.hazelcast.cluster.Address;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import io.bastion.node.ClusterMerge;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

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
      ClusterMerge.intoFirstReachable(hazelcast, dataMembers, this::hasDataMember);
    } finally {
      rejoining.set(false);
    }
  }

  private boolean hasDataMember() {
    return hazelcast.getCluster().getMembers().stream().anyMatch(m -> !m.isLiteMember());
  }
}
