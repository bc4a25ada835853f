package io.bastion.mesh;

import static org.awaitility.Awaitility.await;

import io.bastion.user.db.EmbeddedDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A real Bastion mesh for a test: PostgreSQL (zonky, in this JVM, persistent directory) and user and security
 * nodes started from the fat jars as separate JVM processes, clustered over Hazelcast on loopback under a cluster
 * name and port range of their own. Everything started is stopped by process id in {@link #close()}.
 */
final class Mesh implements AutoCloseable {

  static final Path ROOT = Path.of(System.getProperty("bastion.root", "..")).toAbsolutePath().normalize();
  static final Path USER_JAR = Path.of(System.getProperty("bastion.userJar",
      "../user-verticle/target/user-verticle-0.1.0-SNAPSHOT-fat.jar")).toAbsolutePath().normalize();
  static final Path SECURITY_JAR = Path.of(System.getProperty("bastion.securityJar",
      "../security-verticle/target/security-verticle-0.1.0-SNAPSHOT-fat.jar")).toAbsolutePath().normalize();
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  final Path dir;
  private final String clusterName = "it-" + UUID.randomUUID();
  private final int clusterPort = 20_000 + ThreadLocalRandom.current().nextInt(200) * 100;
  private final List<Node> nodes = new ArrayList<>();
  private final List<String> nodeProperties = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private EmbeddedDatabase db;

  private Mesh(Path dir) {
    this.dir = dir;
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

  /** A system property for every node started from now on, such as {@code -Dbastion.catalogues.dir=...}. */
  Mesh withNodeProperty(String name, String value) {
    nodeProperties.add("-D" + name + "=" + value);
    return this;
  }

  Mesh startDatabase() throws IOException {
    db = EmbeddedDatabase.start(dir.resolve("pg"), 0);
    return this;
  }

  void stopDatabase() throws IOException {
    if (db != null) {
      db.close();
      db = null;
    }
  }

  Connection sql() throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + db.port() + "/" + EmbeddedDatabase.DATABASE,
        EmbeddedDatabase.USER, "");
  }

  /** A user node; {@code properties} are extra {@code name=value} system properties for this node only. */
  Node startUser(String name, String... properties) throws IOException {
    int port = freePort();
    List<String> extra = new ArrayList<>();
    extra.add("-Dbastion.http.port=" + port);
    for (String p : properties) {
      extra.add("-D" + p);
    }
    Node node = launch(name, USER_JAR, port, extra);
    await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(250))
        .failFast("user node " + name + " exited, see " + node.log, () -> !node.alive())
        .until(() -> healthy(port));
    return node;
  }

  /** Starts a user node that must refuse to start; returns once it has exited. */
  Node startUserExpectingFailure(String name) throws IOException {
    int port = freePort();
    Node node = launch(name, USER_JAR, port, List.of("-Dbastion.http.port=" + port));
    await().atMost(START_TIMEOUT).until(() -> !node.alive());
    return node;
  }

  Node startSecurity(String name) throws IOException {
    Node node = launch(name, SECURITY_JAR, 0, List.of());
    awaitLog(node, "Succeeded in deploying verticle");
    return node;
  }

  void awaitLog(Node node, String line) {
    await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(250))
        .failFast(node.name + " exited, see " + node.log, () -> !node.alive())
        .until(() -> Files.exists(node.log) && Files.readString(node.log).contains(line));
  }

  private Node launch(String name, Path jar, int httpPort, List<String> extra) throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: run mvn package first");
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("-Xmx384m");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-Dbastion.node.name=" + name);
    cmd.add("-Dbastion.cluster.name=" + clusterName);
    cmd.add("-Dbastion.cluster.port=" + clusterPort);
    cmd.add("-Dbastion.data.dir=" + dir);
    cmd.add("-Dbastion.relay.timeout.ms=2000");
    cmd.add("-Dbastion.relay.backoff.max.ms=2000");
    cmd.add("-Dbastion.auth.session.minutes=60");
    if (db != null) {
      cmd.add("-Dbastion.db.host=127.0.0.1");
      cmd.add("-Dbastion.db.port=" + db.port());
    }
    cmd.addAll(nodeProperties);
    cmd.addAll(extra);
    cmd.add("-jar");
    cmd.add(jar.toString());
    cmd.add("-cluster");
    Path log = dir.resolve("logs").resolve(name + ".log");
    Process process = new ProcessBuilder(cmd)
        .directory(ROOT.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    Node node = new Node(name, process, log, httpPort);
    nodes.add(node);
    return node;
  }

  /**
   * Starts {@link RogueNode}: a JVM that joins this mesh's Hazelcast cluster without event bus certificates.
   * Its classes come from the security node's jar and this module's test classes.
   */
  Node startRogue(String victimAccountId) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
        "-cp", SECURITY_JAR + java.io.File.pathSeparator + Path.of("target/test-classes").toAbsolutePath(),
        "-Dvertx.hazelcast.config=" + ROOT.resolve("conf/cluster.xml"),
        "-Dhazelcast.logging.type=slf4j",
        "-Dbastion.node.name=rogue",
        "-Dbastion.cluster.name=" + clusterName,
        "-Dbastion.cluster.port=" + clusterPort,
        "-Dbastion.cluster.members=127.0.0.1",
        "-Dbastion.cluster.interface=127.0.0.1",
        "-Dbastion.cluster.lite=false",
        RogueNode.class.getName(), victimAccountId));
    Path log = dir.resolve("logs").resolve("rogue.log");
    Process process = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    Node node = new Node("rogue", process, log, 0);
    nodes.add(node);
    awaitLog(node, "ROGUE READY");
    return node;
  }

  private boolean healthy(int port) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws Exception {
    for (Node n : nodes) {
      n.stop();
    }
    nodes.clear();
    stopDatabase();
  }
}
