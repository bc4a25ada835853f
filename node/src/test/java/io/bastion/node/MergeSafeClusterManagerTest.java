package io.bastion.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.impl.MemberImpl;
import com.hazelcast.config.Config;
import com.hazelcast.config.XmlConfigBuilder;
import com.hazelcast.core.HazelcastInstance;
import io.bastion.node.mesh.Ports;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.NodeInfo;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * The race of a paused node's merging back, on a real three-node cluster (Hazelcast on loopback, clustered Vert.x,
 * the mesh's conf/cluster.xml): a member handles the removal of a node's OLD member (a MEMBER_REMOVED event with the
 * node's id and a UUID no longer in the cluster, as Hazelcast delivers it) while the node is a member again under a
 * new UUID. vertx-hazelcast 5.0.7 then deletes the node's address and consumers cluster-wide: a send to its consumer
 * finds no handler, a connection to it fails with "Not a member of the cluster". The first test has the removal
 * handled after the node came back; the second has vertx-hazelcast's own code delete the live node's entries, as the
 * deletions of a removal handled before do when they land after (FaultsIT: the resumed user node's removals of the
 * others, from its cluster of one, landed after it merged back).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MergeSafeClusterManagerTest {

  private static final Duration HEALED_WITHIN = Duration.ofSeconds(10);

  /** The member that processes a stale removal and must not act on it. */
  private Vertx guard;
  /** A node with vertx-hazelcast's own cluster manager: nothing puts its entries back once deleted. */
  private Vertx plain;
  /** A node whose entries a stale removal on {@link #plain} deletes: it must announce itself again. */
  private Vertx owner;
  private final List<Vertx> all = new ArrayList<>();

  @BeforeAll
  void cluster() throws Exception {
    LoggerContext logs = (LoggerContext) LoggerFactory.getILoggerFactory();
    logs.getLogger("com.hazelcast").setLevel(Level.WARN);
    logs.getLogger("com.hazelcast.internal.cluster").setLevel(Level.WARN);
    logs.getLogger("io.vertx").setLevel(Level.WARN);
    Properties p = new Properties();
    p.setProperty("bastion.cluster.name", "heal-" + UUID.randomUUID());
    p.setProperty("bastion.cluster.port", Integer.toString(Ports.free()));
    p.setProperty("bastion.cluster.members", "127.0.0.1");
    p.setProperty("bastion.cluster.interface", "127.0.0.1");
    p.setProperty("bastion.cluster.lite", "false");
    guard = start(new MergeSafeClusterManager(config(p)));
    plain = start(new HazelcastClusterManager(config(p)));
    owner = start(new MergeSafeClusterManager(config(p)));
    await().atMost(Duration.ofSeconds(60)).until(() -> hazelcast(guard).getCluster().getMembers().size() == 3);
    for (Vertx v : all) {
      v.eventBus().consumer("heal.echo." + nodeId(v), m -> m.reply(nodeId(v)));
    }
    // Every node sees every consumer (registrations propagate through Hazelcast).
    for (Vertx target : List.of(plain, owner)) {
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
          .until(() -> nodeId(target).equals(get(echo(guard, target))));
    }
  }

  @AfterAll
  void stop() throws Exception {
    for (Vertx v : all) {
      get(v.close());
    }
  }

  @Test
  void aStaleRemovalOfAMemberWhoseNodeIsAMemberAgainDeletesNothing() throws Exception {
    // The guard hears that the plain node's old member left; the plain node is a member (its current UUID).
    ((HazelcastClusterManager) manager(guard)).memberRemoved(staleRemovalOf(plain, guard));

    assertThat(get(echo(guard, plain))).as("a request to the plain node's consumer").isEqualTo(nodeId(plain));
    assertThat(get(nodeInfo(guard, nodeId(plain))).port()).as("the plain node's event bus address").isPositive();
  }

  @Test
  void aNodeWhoseEntriesAStaleRemovalDeletedAnnouncesItselfAgain() throws Exception {
    MergeSafeClusterManager owned = (MergeSafeClusterManager) manager(owner);
    int before = owned.announcements();
    // vertx-hazelcast's own memberRemoved, as on a member that took the removal before it knew the new member.
    ((HazelcastClusterManager) manager(plain)).memberRemoved(staleRemovalOf(owner, plain));

    await().atMost(HEALED_WITHIN).ignoreExceptions()
        .until(() -> get(nodeInfo(guard, nodeId(owner))).port() > 0);
    await().atMost(HEALED_WITHIN).ignoreExceptions()
        .until(() -> nodeId(owner).equals(get(echo(guard, owner))));
    assertThat(owned.announcements()).as("times the owner announced itself again").isGreaterThan(before);
  }

  /** What Hazelcast delivers when {@code node}'s earlier member (same node id, another UUID) is removed. */
  private static MembershipEvent staleRemovalOf(Vertx node, Vertx at) {
    HazelcastInstance hz = hazelcast(at);
    Member current = hazelcast(node).getCluster().getLocalMember();
    Member old = new MemberImpl.Builder(current.getAddress()).uuid(UUID.randomUUID())
        .attributes(Map.of(MergeSafeClusterManager.NODE_ID_ATTRIBUTE, nodeId(node))).build();
    return new MembershipEvent(hz.getCluster(), old, MembershipEvent.MEMBER_REMOVED,
        hz.getCluster().getMembers());
  }

  private Vertx start(HazelcastClusterManager manager) throws Exception {
    VertxOptions options = new VertxOptions();
    options.getEventBusOptions().setHost("127.0.0.1").setPort(0);
    Vertx vertx = get(Vertx.builder().with(options).withClusterManager(manager).buildClustered());
    all.add(vertx);
    return vertx;
  }

  private static Future<String> echo(Vertx from, Vertx to) {
    return from.eventBus().<String>request("heal.echo." + nodeId(to), "ping",
        new DeliveryOptions().setSendTimeout(3000)).map(m -> m.body());
  }

  private static Future<NodeInfo> nodeInfo(Vertx at, String nodeId) {
    Promise<NodeInfo> promise = Promise.promise();
    manager(at).getNodeInfo(nodeId, promise);
    return promise.future();
  }

  private static io.vertx.core.spi.cluster.ClusterManager manager(Vertx vertx) {
    return ((VertxInternal) vertx).clusterManager();
  }

  private static HazelcastInstance hazelcast(Vertx vertx) {
    return ((HazelcastClusterManager) manager(vertx)).getHazelcastInstance();
  }

  private static String nodeId(Vertx vertx) {
    return manager(vertx).getNodeId();
  }

  private static Config config(Properties p) throws Exception {
    return new XmlConfigBuilder(root().resolve("conf/cluster.xml").toString()).setProperties(p).build();
  }

  private static <T> T get(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private static Path root() {
    Path p = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(p.resolve("conf/catalogues"))) {
      p = p.getParent();
    }
    return p;
  }
}
