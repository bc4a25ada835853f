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

  /** A user node serving HTTP on {@code httpPort}, using the database on {@code dbPort} (0: the node's own). */
  static List<String> user(MeshConfig c, String name, int httpPort, int dbPort, List<String> properties) {
    List<String> cmd = new ArrayList<>(List.of(java()));
    cmd.addAll(JvmFlags.node(c.userHeap(), Optional.empty(), c.nodeOptions()));
    cmd.addAll(common(c, name));
    if (dbPort > 0) {
      cmd.add("-Dbastion.db.host=127.0.0.1");
      cmd.add("-Dbastion.db.port=" + dbPort);
    }
    cmd.add("-Dbastion.http.port=" + httpPort);
    cmd.add("-Dbastion.http.public-url=http://127.0.0.1:" + httpPort);
    return finish(cmd, c, properties, c.userJar());
  }

  /** A security node answering its readiness probe on {@code healthPort}. */
  static List<String> security(MeshConfig c, String name, int healthPort, Optional<Path> cds,
      List<String> properties) {
    List<String> cmd = new ArrayList<>(List.of(java()));
    cmd.addAll(JvmFlags.node(c.securityHeap(), cds, c.nodeOptions()));
    cmd.addAll(common(c, name));
    cmd.add("-Dbastion.health.port=" + healthPort);
    return finish(cmd, c, properties, c.securityJar());
  }

  /**
   * A security node that writes the CDS archive on exit. It runs alone as a data member of a cluster of its own,
   * so that it deploys without a user node and disturbs no running mesh.
   */
  static List<String> cdsTraining(MeshConfig c, Path archive, int healthPort) {
    List<String> cmd = new ArrayList<>(List.of(java()));
    cmd.addAll(JvmFlags.cdsTraining(c.securityHeap(), archive, c.nodeOptions()));
    cmd.addAll(List.of("-Dbastion.node.name=cds-training",
        "-Dbastion.cluster.name=cds-training-" + ProcessHandle.current().pid(),
        "-Dbastion.cluster.port=6201", "-Dbastion.cluster.lite=false",
        "-Dbastion.data.dir=" + c.dataDir(), "-Dbastion.health.port=" + healthPort,
        "-jar", c.securityJar().toString(), "-cluster"));
    return cmd;
  }

  /** The embedded PostgreSQL in a process of its own; port 0 lets it pick one (it prints the port it took). */
  static List<String> database(MeshConfig c, Path pgDir, int port) {
    return database(c, pgDir, port, c.logs().resolve("postgres.log"));
  }

  /** As above, PostgreSQL's own log appended to {@code postgresLog}. */
  static List<String> database(MeshConfig c, Path pgDir, int port, Path postgresLog) {
    List<String> cmd = new ArrayList<>(List.of(java()));
    cmd.addAll(JvmFlags.database(c.databaseHeap(), c.databaseOptions()));
    cmd.addAll(List.of("-Dbastion.node.name=db", "-cp", c.userJar().toString(), "io.bastion.user.db.DatabaseMain",
        pgDir.toString(), Integer.toString(port), postgresLog.toAbsolutePath().toString()));
    return cmd;
  }

  private static List<String> common(MeshConfig c, String name) {
    return List.of("-Dbastion.node.name=" + name, "-Dbastion.cluster.name=" + c.clusterName(),
        "-Dbastion.cluster.port=" + c.clusterPort(), "-Dbastion.data.dir=" + c.dataDir());
  }

  private static List<String> finish(List<String> cmd, MeshConfig c, List<String> properties, Path jar) {
    c.nodeProperties().forEach(p -> cmd.add("-D" + p));
    properties.forEach(p -> cmd.add("-D" + p));
    cmd.addAll(List.of("-jar", jar.toString(), "-cluster"));
    return cmd;
  }

  /** The java of this JVM, so that every process runs the same Java. */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
