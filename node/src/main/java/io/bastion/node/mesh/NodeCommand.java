package io.bastion.node.mesh;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The command line of each kind of process: {@link JvmFlags}, then the node's system properties (cluster, data,
 * ports; the mesh's own properties, then this node's, so that a later one wins), then the jar. Pure: it reads no
 * file and starts nothing.
 */
final class NodeCommand {

  private NodeCommand() {
  }

  /**
   * A user node serving HTTP on {@code httpPort}, its management server on {@code managementPort}, using the
   * database on {@code dbPort} (0: the node's own).
   */
  static List<String> user(MeshConfig c, String name, int httpPort, int managementPort, int dbPort,
      List<String> properties) {
    return user(c, name, NodeSpec.LOOPBACK, httpPort, managementPort, NodeSpec.LOOPBACK, dbPort, properties);
  }

  /**
   * A user node on {@code host} (HTTP, Hazelcast, the event bus and its management server bind it), serving HTTP on
   * {@code httpPort}, its management server on {@code managementPort}, using the database at {@code dbHost:dbPort}
   * (port 0: the node's own).
   */
  static List<String> user(MeshConfig c, String name, String host, int httpPort, int managementPort, String dbHost,
      int dbPort,
      List<String> properties) {
    List<String> cmd = new ArrayList<>(List.of(java()));
    cmd.addAll(JvmFlags.node(c.userHeap(), Optional.empty(), c.nodeOptions()));
    cmd.addAll(common(c, name));
    cmd.addAll(bind(host));
    if (dbPort > 0) {
      cmd.add("-Dbastion.db.host=" + dbHost);
      cmd.add("-Dbastion.db.port=" + dbPort);
    }
    if (!host.equals(NodeSpec.LOOPBACK)) {
      cmd.add("-Dbastion.http.host=" + host);
    }
    cmd.add("-Dbastion.http.port=" + httpPort);
    cmd.add("-Dbastion.http.public-url=http://" + host + ":" + httpPort);
    cmd.add("-Dbastion.management.port=" + managementPort);
    return finish(cmd, c, properties, c.userJar());
  }

  /** A security node, its management server (readiness probe, metrics) on {@code managementPort}. */
  static List<String> security(MeshConfig c, String name, int managementPort, Optional<Path> cds,
      List<String> properties) {
    return security(c, name, NodeSpec.LOOPBACK, managementPort, cds, properties);
  }

  /** A security node on {@code host} (Hazelcast, the event bus and its management server bind it). */
  static List<String> security(MeshConfig c, String name, String host, int managementPort, Optional<Path> cds,
      List<String> properties) {
    List<String> cmd = new ArrayList<>(List.of(java()));
    cmd.addAll(JvmFlags.node(c.securityHeap(), cds, c.nodeOptions()));
    cmd.addAll(common(c, name));
    cmd.addAll(bind(host));
    cmd.add("-Dbastion.management.port=" + managementPort);
    return finish(cmd, c, properties, c.securityJar(), p -> !p.startsWith(DATABASE_PROPERTIES));
  }

  /**
   * A security node that writes the CDS archive on exit. It runs alone as a data member of a cluster of its own,
   * so that it deploys without a user node and disturbs no running mesh.
   */
  static List<String> cdsTraining(MeshConfig c, Path archive, int managementPort) {
    List<String> cmd = new ArrayList<>(List.of(java()));
    cmd.addAll(JvmFlags.cdsTraining(c.securityHeap(), archive, c.nodeOptions()));
    cmd.addAll(List.of("-Dbastion.node.name=cds-training",
        "-Dbastion.cluster.name=cds-training-" + ProcessHandle.current().pid(),
        "-Dbastion.cluster.port=6201", "-Dbastion.cluster.lite=false",
        "-Dbastion.data.dir=" + c.dataDir(), "-Dbastion.management.port=" + managementPort,
        "-jar", c.securityJar().toString(), "-cluster"));
    return cmd;
  }

  /** The embedded PostgreSQL in a process of its own; port 0 lets it pick one (it prints the port it took). */
  static List<String> database(MeshConfig c, Path pgDir, int port) {
    return database(c, pgDir, NodeSpec.LOOPBACK, port);
  }

  /**
   * The embedded PostgreSQL listening on {@code host} (besides loopback) and {@code port}, its own log appended to
   * {@code logs/postgres.log}.
   */
  static List<String> database(MeshConfig c, Path pgDir, String host, int port) {
    List<String> cmd = new ArrayList<>(List.of(java()));
    cmd.addAll(JvmFlags.database(c.databaseHeap(), c.databaseOptions()));
    cmd.addAll(List.of("-Dbastion.node.name=db", "-cp", c.userJar().toString(), "io.bastion.user.db.DatabaseMain",
        pgDir.toString(), Integer.toString(port), host, c.logs().resolve("postgres.log").toAbsolutePath().toString()));
    return cmd;
  }

  /**
   * Where a node binds: Hazelcast and the event bus on {@code cluster.interface}. Nothing for loopback, so that
   * conf/bastion.json or the mesh's properties decide as before (their default is loopback).
   */
  private static List<String> bind(String host) {
    return host.equals(NodeSpec.LOOPBACK) ? List.of() : List.of("-Dbastion.cluster.interface=" + host);
  }

  private static List<String> common(MeshConfig c, String name) {
    return List.of("-Dbastion.node.name=" + name, "-Dbastion.cluster.name=" + c.clusterName(),
        "-Dbastion.cluster.port=" + c.clusterPort(), "-Dbastion.data.dir=" + c.dataDir());
  }

  private static List<String> finish(List<String> cmd, MeshConfig c, List<String> properties, Path jar) {
    return finish(cmd, c, properties, jar, p -> true);
  }

  /** {@code meshWide}: which of the mesh's node properties this kind of node gets. */
  private static List<String> finish(List<String> cmd, MeshConfig c, List<String> properties, Path jar,
      java.util.function.Predicate<String> meshWide) {
    c.nodeProperties().stream().filter(meshWide).forEach(p -> cmd.add("-D" + p));
    properties.forEach(p -> cmd.add("-D" + p));
    cmd.addAll(List.of("-jar", jar.toString(), "-cluster"));
    return cmd;
  }

  /** Settings of the database (its URL, password file): only user nodes use one, so only they are told. */
  private static final String DATABASE_PROPERTIES = "bastion.db.";

  /** The java of this JVM, so that every process runs the same Java. */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
