package io.bastion.node;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.config.Config;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryRemovedListener;
import io.vertx.core.Completable;
import io.vertx.core.Vertx;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * vertx-hazelcast's cluster manager, safe against a paused node's merging back (FaultsIT, issue 15).
 *
 * <p>vertx-hazelcast 5.0.7 keeps a node's event bus address in the cluster-wide map {@code __vertx.nodeInfo} and its
 * consumers in the multimap {@code __vertx.subs}, both keyed by the Vert.x node id that the node's Hazelcast member
 * carries as its attribute {@code __vertx.nodeId}. On every member, {@code memberRemoved} deletes from both maps,
 * cluster-wide, everything of the node id the removed member carried. A paused node that merges back (see
 * {@link ClusterMerge}) is a new member (a new UUID) with the SAME node id, and the others are the same members
 * again from its side. When such a deletion lands after the node id is a member again, the live node's address and
 * consumers are gone for good: a connection to it fails with "Not a member of the cluster" (a security node's reply
 * to a user node's relay is lost), a send to its consumers finds no handler, until it restarts. Seen in FaultsIT: the
 * resumed user node removes the others from its cluster of one, merges at once, and the deletions those removals
 * started land in the others' cluster after it joined (the same holds for a member whose removal of the paused node's
 * old member lands after that node merged back). Two guards:
 * <ul>
 *   <li>{@link #memberRemoved}: a removed member whose node id a current member still carries left as a member,
 *       not as a node; nothing of that node id is deleted (the removal is handled after the node came back);</li>
 *   <li>each node watches its own entry of {@code __vertx.nodeInfo}: when another member deletes it while this node
 *       is a member, it writes its address and consumers again, by vertx-hazelcast's own re-synchronisation after a
 *       merge ({@link #stateChanged} with MERGED), off Hazelcast's event thread (the removal was handled before the
 *       node came back, its deletions landed after). A remover deletes the consumers first and the address last, so
 *       the consumers written again after that deletion stay.</li>
 * </ul>
 */
public class MergeSafeClusterManager extends HazelcastClusterManager {

  private static final Logger LOG = LoggerFactory.getLogger(MergeSafeClusterManager.class);
  /** vertx-hazelcast 5.0.7's names (private there): the member attribute and the map of nodes' addresses. */
  static final String NODE_ID_ATTRIBUTE = "__vertx.nodeId";
  static final String NODE_INFO_MAP = "__vertx.nodeInfo";

  private volatile Vertx vertx;
  private final AtomicInteger announcements = new AtomicInteger();

  /** With the configuration vertx-hazelcast finds itself (the {@code vertx.hazelcast.config} property). */
  public MergeSafeClusterManager() {
    super();
  }

  public MergeSafeClusterManager(Config config) {
    super(config);
  }

  @Override
  public void init(Vertx vertx) {
    super.init(vertx);
    this.vertx = vertx;
  }

  @Override
  public void join(Completable<Void> promise) {
    super.join((ignored, failure) -> {
      if (failure != null) {
        promise.fail(failure);
        return;
      }
      // Registering a listener is a cluster operation: not on the thread that completed the join.
      vertx.<Void>executeBlocking(() -> {
        watchOwnNodeInfo();
        return null;
      }, false).onComplete(promise);
    });
  }

  /** Hazelcast's removal of a member: the node id it carried goes only if no current member carries it. */
  @Override
  public void memberRemoved(MembershipEvent event) {
    Member removed = event.getMember();
    Optional<Member> carrier = carrierOf(removed);
    if (carrier.isPresent()) {
      LOG.info("cluster member {} left, but its node {} is member {} now (it merged back): the node stays",
          removed.getUuid(), removed.getAttribute(NODE_ID_ATTRIBUTE), carrier.get().getUuid());
      return;
    }
    super.memberRemoved(event);
  }

  /** How many times this node wrote its address and consumers again after another member deleted them. */
  int announcements() {
    return announcements.get();
  }

  private Optional<Member> carrierOf(Member removed) {
    String nodeId = removed.getAttribute(NODE_ID_ATTRIBUTE);
    if (nodeId == null || !isActive()) {
      return Optional.empty();
    }
    return getHazelcastInstance().getCluster().getMembers().stream()
        .filter(m -> !m.getUuid().equals(removed.getUuid()) && nodeId.equals(m.getAttribute(NODE_ID_ATTRIBUTE)))
        .findFirst();
  }

  private void watchOwnNodeInfo() {
    IMap<String, Object> infos = getHazelcastInstance().getMap(NODE_INFO_MAP);
    infos.addEntryListener((EntryRemovedListener<String, Object>) this::ownNodeInfoRemoved, getNodeId(), false);
  }

  /** On a Hazelcast event thread. */
  private void ownNodeInfoRemoved(EntryEvent<String, Object> event) {
    if (!isActive() || getNodeInfo() == null || !getHazelcastInstance().getLifecycleService().isRunning()) {
      return; // leaving, or not announced yet: nothing to put back
    }
    LOG.warn("member {} deleted this node's event bus address while this node is a member (a removal from before a "
        + "merge that landed after it): announcing this node again", event.getMember());
    vertx.<Void>executeBlocking(() -> {
      announceAgain();
      return null;
    }, false).onFailure(e -> LOG.warn("could not announce this node again: {}", e.toString()));
  }

  /**
   * vertx-hazelcast's safeguard after a merge: writes this node's address and every consumer of this node again
   * (and, with HA on, tells Vert.x of the nodes it missed). Public API of the cluster manager.
   */
  private void announceAgain() {
    if (isActive()) {
      stateChanged(new LifecycleEvent(LifecycleEvent.LifecycleState.MERGED));
      announcements.incrementAndGet();
    }
  }
}
