package io.bastion.bench;

import io.bastion.node.mesh.DatabaseProcess;
import io.bastion.node.mesh.JvmFlags;
import io.bastion.node.mesh.MeshConfig;
import io.bastion.node.mesh.MeshLayout;
import io.bastion.node.mesh.MeshStarter;
import io.bastion.node.mesh.NodeProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The benchmark's own mesh, started by the mesh starter like {@code ./bastion up}'s, on ports apart from it and
 * with the sign-up, log-in and answer limits raised for the load: the database, one user node and the security nodes.
 */
final class BenchMesh implements AutoCloseable {

  static final int HTTP_PORT = 18080;
  static final int DB_PORT = 25432;
  static final int CLUSTER_PORT = 5801;

  private final MeshStarter starter;

  private BenchMesh(MeshStarter starter) {
    this.starter = starter;
  }

  /** Starts the mesh; it is stopped by {@link #close()}, or on Ctrl-C. */
  static BenchMesh start(Path userJar, Path securityJar, Path securityCds, Path dataDir, int securityNodes,
      String securityXmx) throws Exception {
    MeshConfig config = MeshConfig.builder(Path.of("").toAbsolutePath(), userJar, securityJar, dataDir)
        .cluster(null, CLUSTER_PORT)
        .heaps("768m", securityXmx)
        .securityCds(securityCds)
        .nodeOptions(JvmFlags.split(System.getenv("BASTION_NODE_OPTS")))
        .databaseOptions(JvmFlags.split(System.getenv("BASTION_DB_OPTS")))
        .nodeProperty("bastion.auth.limit.signup-per-ip=1000000")
        .nodeProperty("bastion.auth.limit.login-per-ip=1000000")
        .nodeProperty("bastion.api.answers-per-account-per-minute=1000000")
        .build();
    // Probed every 20 ms: the time a joining node takes to get ready is one of the figures.
    BenchMesh mesh = new BenchMesh(new MeshStarter(config, line -> System.out.println("[bench] " + line),
        Duration.ofMillis(20)));
    Runtime.getRuntime().addShutdownHook(new Thread(mesh::close, "bench-mesh-stop"));
    mesh.starter.up(new MeshLayout(1, securityNodes, HTTP_PORT, DB_PORT));
    return mesh;
  }

  String url() {
    return "http://127.0.0.1:" + HTTP_PORT;
  }

  Path dataDir() {
    return starter.config().dataDir();
  }

  Path pgData() {
    return database().dataDir();
  }

  int pgPort() {
    return database().port();
  }

  /** The management servers of the user nodes (their /metrics carry the relay's counters). */
  List<java.net.URI> userManagement() {
    return starter.nodes().stream().filter(n -> n.kind() == NodeProcess.Kind.USER && n.alive())
        .map(NodeProcess::management).filter(java.util.Objects::nonNull).toList();
  }

  /** The database process and every node, by name, for their CPU time and memory. */
  Map<String, Long> pids() {
    Map<String, Long> pids = new LinkedHashMap<>();
    pids.put("db", database().process().pid());
    starter.nodes().forEach(n -> pids.put(n.name(), n.pid()));
    return pids;
  }

  /**
   * Launches one more security node; the future completes with {@link System#nanoTime()} when its readiness
   * probe first answers UP, or with null when it does not get ready.
   */
  Joiner join(String name) throws Exception {
    NodeProcess node = starter.launchSecurity(name, List.of());
    CompletableFuture<Long> ready = CompletableFuture.supplyAsync(() -> {
      try {
        starter.awaitReady(node);
        return System.nanoTime();
      } catch (Exception e) {
        System.out.println("[bench] " + name + " did not get ready: " + e.getMessage().lines().findFirst().orElse(""));
        return null;
      }
    });
    return new Joiner(node, ready);
  }

  record Joiner(NodeProcess node, CompletableFuture<Long> ready) {
  }

  /** Stops the nodes and leaves the database running (for the pgbench ceiling). */
  void stopNodes() throws InterruptedException {
    starter.stopNodes();
  }

  @Override
  public void close() {
    try {
      starter.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private DatabaseProcess database() {
    return starter.database().orElseThrow(() -> new IllegalStateException("the database is not running"));
  }
}
