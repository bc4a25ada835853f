package io.bastion.security;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Security nodes are Hazelcast lite members: they own no partitions, so one joins or leaves without moving any data
 * (as data members a join took 15 s under load and stalled the running mesh while partitions migrated). The price:
 * this node's event-bus address and its consumer registration are stored on the data members, the user nodes. When
 * the last user node goes, those entries go with it, and Vert.x writes its own entries again only when a member
 * leaves, not when one arrives. So when a data member joins, this node writes its address and registers again, and
 * the new user node can reach it. A node left alone without data members (dropped while paused) rejoins them at
 * once: see {@link ClusterRejoin}.
 */
final class LiteMemberRecovery implements MembershipListener {

  private static final Logger LOG = LoggerFactory.getLogger(LiteMemberRecovery.class);

  private final Context context;
  private final HazelcastClusterManager cluster;
  private final Supplier<Future<Void>> register;
  private final ClusterRejoin rejoin;

  private LiteMemberRecovery(Vertx vertx, HazelcastClusterManager cluster, Supplier<Future<Void>> register) {
    this.context = vertx.getOrCreateContext();
    this.cluster = cluster;
    this.register = register;
    this.rejoin = new ClusterRejoin(cluster.getHazelcastInstance());
  }

  /**
   * Watches the cluster when this node is a lite member; {@code register} replaces the node's consumers with fresh
   * registrations (run on the calling verticle's context). Does nothing on a data member or outside a cluster.
   */
  static void watch(Vertx vertx, Supplier<Future<Void>> register) {
    ClusterManager manager = vertx.isClustered() ? ((VertxInternal) vertx).clusterManager() : null;
    if (!(manager instanceof HazelcastClusterManager hz)) {
      return;
    }
    HazelcastInstance instance = hz.getHazelcastInstance();
    if (!instance.getCluster().getLocalMember().isLiteMember()) {
      return;
    }
    instance.getCluster().addMembershipListener(new LiteMemberRecovery(vertx, hz, register));
    LOG.info("lite cluster member: registrations are written again whenever a data member joins");
  }

  @Override
  public void memberAdded(MembershipEvent event) {
    rejoin.membersChanged(event.getMembers());
    Member member = event.getMember();
    if (member.isLiteMember()) {
      return;
    }
    // Hazelcast calls this on its own thread; the registrations belong to the verticle's context.
    context.runOnContext(v -> republish(member));
  }

  @Override
  public void memberRemoved(MembershipEvent event) {
    // Vert.x itself republishes this node's entries when a member leaves; left without data members (this node was
    // dropped from the cluster), it goes back to them.
    rejoin.membersChanged(event.getMembers());
  }

  private void republish(Member member) {
    Promise<Void> address = Promise.promise();
    cluster.setNodeInfo(cluster.getNodeInfo(), address);
    address.future()
        .compose(v -> register.get())
        .onSuccess(v -> LOG.info("data member {} joined: address and registrations written again",
            member.getAddress()))
        .onFailure(e -> LOG.error("data member {} joined but this node could not register again: {}",
            member.getAddress(), e.toString()));
  }
}
