package io.bastion.mesh;

import static org.awaitility.Awaitility.await;

import io.bastion.node.mesh.DatabaseProcess;
import io.bastion.node.mesh.DatabaseSupervisor;
import io.bastion.node.mesh.JvmFlags;
import io.bastion.node.mesh.MeshConfig;
import io.bastion.node.mesh.MeshStarter;
import io.bastion.node.mesh.NodeProcess;
import io.bastion.node.mesh.Ports;
import io.bastion.user.db.EmbeddedDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A real Bastion mesh for a test, started by the mesh starter ({@link MeshStarter}, as {@code ./bastion up} and the
 * benchmark): PostgreSQL in a process of its own (persistent directory), and user and security nodes from the fat
 * jars as separate JVM processes, clustered over Hazelcast on loopback under a cluster name and port range of their
 * own. The starter waits on each node's readiness probe and stops everything by process id in {@link #close()}.
 */
final class Mesh implements AutoCloseable {

  static final Path ROOT = Path.of(System.getProperty("bastion.root", "..")).toAbsolutePath().normalize();
  static final Path USER_JAR = Path.of(System.getProperty("bastion.userJar",
      "../user-verticle/target/user-verticle-0.1.0-SNAPSHOT-fat.jar")).toAbsolutePath().normalize();
  static final Path SECURITY_JAR = Path.of(System.getProperty("bastion.securityJar",
      "../security-verticle/target/security-verticle-0.1.0-SNAPSHOT-fat.jar")).toAbsolutePath().normalize();
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  final Path dir;
  private final MeshStarter starter;
  private final List<String> nodeProperties = new ArrayList<>();
  /** The starter's progress lines, as an operator of {@code ./bastion up} would read them. */
  final List<String> progress = java.util.Collections.synchronizedList(new ArrayList<>());

  private Mesh(Path dir) {
    this.dir = dir;
    MeshConfig config = MeshConfig.builder(ROOT, USER_JAR, SECURITY_JAR, dir)
        .cluster("it-" + UUID.randomUUID(), 20_000 + ThreadLocalRandom.current().nextInt(200) * 100)
        .heaps("384m", "384m")
        // Test nodes live for seconds to minutes on a 2-core machine: C1 alone compiles far less at start (the suite's
        // CPU goes to the tests, not to C2), and one GC thread is enough for these heaps.
        .nodeOptions(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"))
        // Short relay timeouts so that tests which kill nodes see retries within seconds.
        .nodeProperty("bastion.relay.timeout.ms=2000")
        .nodeProperty("bastion.relay.backoff.max.ms=2000")
        .nodeProperty("bastion.auth.session.minutes=60")
        .startTimeout(START_TIMEOUT)
        .build();
    this.starter = new MeshStarter(config, line -> {
      progress.add(line);
      System.out.println("[mesh " + dir.getFileName() + "] " + line);
    });
  }

  /** A mesh whose database and logs live under target/mesh/{name}; an existing database directory is reused. */
  static Mesh in(String name) throws IOException {
    Path dir = Path.of(System.getProperty("bastion.workDir", "target/mesh")).resolve(name).toAbsolutePath();
    Files.createDirectories(dir.resolve("logs"));
    return new Mesh(dir);
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** The mesh's data directory, where the starter writes mesh.json (what {@code ./bastion status} reads). */
  Path dataDir() {
    return starter.config().dataDir();
  }

  /** The cluster's name and first Hazelcast port, as the nodes were given them. */
  MeshConfig config() {
    return starter.config();
  }

  /** A system property for every node started from now on, such as {@code -Dbastion.catalogues.dir=...}. */
  Mesh withNodeProperty(String name, String value) {
    nodeProperties.add(name + "=" + value);
    return this;
  }

  Mesh startDatabase() throws IOException {
    starter.startDatabase(dir.resolve("pg"), 0);
    return this;
  }

  /** The database listening on {@code host} (besides loopback) and {@code port} (0: one it picks). */
  Mesh startDatabase(String host, int port) throws IOException {
    starter.startDatabase(dir.resolve("pg"), host, port);
    return this;
  }

  /** The running database process (the current one, after a restart): its port and the address nodes reach it at. */
  DatabaseProcess database() {
    return starter.database().orElseThrow(() -> new IllegalStateException("no database running"));
  }

  void stopDatabase() throws InterruptedException {
    starter.stopDatabase();
  }

  /** The running database's port (the user nodes were given it; its password file is {@code <dir>/db-password}). */
  int databasePort() {
    return starter.database().orElseThrow(() -> new IllegalStateException("no database running")).port();
  }

  /** Starts the database again on the same data and on {@code port}, the one the running user nodes know. */
  Mesh startDatabase(int port) throws IOException {
    starter.startDatabase(dir.resolve("pg"), port);
    return this;
  }

  /**
   * From now on a database that stops on its own is started again on the same data and port, as {@code ./bastion
   * up} does ({@code attempts} at most, half a second apart at first); a stop through {@link #stopDatabase()} is
   * left alone.
   */
  DatabaseSupervisor superviseDatabase(int attempts) {
    return starter.superviseDatabase(attempts, Duration.ofMillis(500));
  }

  Connection sql() throws SQLException {
    DatabaseProcess db = starter.database().orElseThrow(() -> new IllegalStateException("no database running"));
    String password;
    try {
      password = Files.readString(EmbeddedDatabase.passwordFile(db.dataDir())).trim();
    } catch (IOException e) {
      throw new SQLException("cannot read the database password: " + e, e);
    }
    return DriverManager.getConnection("jdbc:postgresql://" + db.host() + ":" + db.port() + "/"
        + EmbeddedDatabase.DATABASE, EmbeddedDatabase.USER, password);
  }

  /** A user node; {@code properties} are extra {@code name=value} system properties for this node only. */
  Node startUser(String name, String... properties) throws IOException {
    return new Node(starter.startUser(name, 0, properties(properties)));
  }

  /** A user node on a given HTTP port, for a public URL that names it (such as http://localhost:<port>). */
  Node startUser(String name, int httpPort, String... properties) throws IOException {
    return new Node(starter.startUser(name, httpPort, properties(properties)));
  }

  /** A user node bound to {@code host} (HTTP, Hazelcast, event bus), as on a machine of its own. */
  Node startUserOn(String host, String name, int httpPort, String... properties) throws IOException {
    return new Node(starter.startUser(name, host, httpPort, properties(properties)));
  }

  /** A security node bound to {@code host} (Hazelcast, event bus, readiness probe). */
  Node startSecurityOn(String host, String name) throws IOException {
    return new Node(starter.startSecurity(name, host, properties()));
  }

  /**
   * Launches a user node without waiting for it; {@link #ready} waits. Nodes launched together start in
   * parallel (each start costs seconds of CPU).
   */
  NodeProcess launchUserOn(String host, String name, int httpPort, String... properties) throws IOException {
    return starter.launchUser(name, host, httpPort, properties(properties));
  }

  NodeProcess launchSecurityOn(String host, String name) throws IOException {
    return starter.launchSecurity(name, host, properties());
  }

  /** Waits until every launched node is ready; returns them in the same order. */
  List<Node> ready(NodeProcess... launched) throws IOException {
    List<Node> nodes = new ArrayList<>();
    for (NodeProcess p : launched) {
      nodes.add(new Node(starter.awaitReady(p)));
    }
    return nodes;
  }

  /** Starts a user node that must refuse to start; returns once it has exited. */
  Node startUserExpectingFailure(String name) throws IOException {
    NodeProcess node = starter.launchUser(name, 0, properties());
    await().atMost(START_TIMEOUT).until(() -> !node.alive());
    return new Node(node);
  }

  /** A security node; {@code properties} are extra {@code name=value} system properties for this node only. */
  Node startSecurity(String name, String... properties) throws IOException {
    return new Node(starter.startSecurity(name, properties(properties)));
  }

  void awaitLog(Node node, String line) {
    await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(250))
        .failFast(node.name + " exited, see " + node.log, () -> !node.alive())
        .until(() -> Files.exists(node.log) && Files.readString(node.log).contains(line));
  }

  /**
   * Starts {@link RogueNode}: a JVM that joins this mesh's Hazelcast cluster without event bus certificates.
   * Its classes come from the security node's jar and this module's test classes.
   */
  Node startRogue(String victimAccountId, String victimAssessmentId) throws IOException {
    MeshConfig c = starter.config();
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
    cmd.addAll(JvmFlags.node("256m", Optional.empty(), List.of()));
    cmd.addAll(List.of(
        "-cp", SECURITY_JAR + java.io.File.pathSeparator + Path.of("target/test-classes").toAbsolutePath(),
        "-Dvertx.hazelcast.config=" + ROOT.resolve("conf/cluster.xml"),
        "-Dhazelcast.logging.type=slf4j",
        "-Dbastion.node.name=rogue",
        "-Dbastion.cluster.name=" + c.clusterName(),
        "-Dbastion.cluster.port=" + c.clusterPort(),
        "-Dbastion.cluster.members=127.0.0.1",
        "-Dbastion.cluster.interface=127.0.0.1",
        "-Dbastion.cluster.lite=false",
        RogueNode.class.getName(), victimAccountId, victimAssessmentId));
    Node node = new Node(starter.launchOther("rogue", cmd));
    awaitLog(node, "ROGUE READY");
    return node;
  }

  /** Every node process started so far (stopped and killed ones included). */
  List<Node> nodes() {
    return starter.nodes().stream().filter(n -> n.kind() == NodeProcess.Kind.USER
        || n.kind() == NodeProcess.Kind.SECURITY).map(Node::new).toList();
  }

  /** A port nobody listens on now, below the ephemeral range (see {@link Ports}). */
  static int freePort() {
    return Ports.free();
  }

  private List<String> properties(String... own) {
    List<String> all = new ArrayList<>(nodeProperties);
    all.addAll(List.of(own));
    return all;
  }

  @Override
  public void close() throws Exception {
    starter.close();
  }
}
