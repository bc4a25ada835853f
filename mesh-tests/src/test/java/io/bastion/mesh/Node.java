package io.bastion.mesh;

import io.bastion.node.mesh.NodeProcess;
import java.nio.file.Path;
import java.time.Duration;

/** One node process of a test mesh (a {@link NodeProcess} of the mesh starter, with the fields the tests read). */
final class Node {

  final String name;
  final Process process;
  final Path log;
  /** HTTP port of a user node; 0 for a security node. */
  final int httpPort;
  /** The address the node binds (127.0.0.1 unless started on another "host"). */
  final String host;
  private final NodeProcess node;

  Node(NodeProcess node) {
    this.node = node;
    this.name = node.name();
    this.process = node.process();
    this.log = node.log();
    this.httpPort = node.httpPort();
    this.host = node.host();
  }

  /** The node's management server (health, metrics), {@code http://<host>:<port>}; null when it has none. */
  java.net.URI management() {
    return node.management();
  }

  long pid() {
    return node.pid();
  }

  boolean alive() {
    return node.alive();
  }

  /** SIGTERM, then SIGKILL if the node has not stopped within 20 s. */
  void stop() throws InterruptedException {
    node.stop(Duration.ofSeconds(20));
  }

  /** SIGKILL: no shutdown hook, no goodbye to the cluster. */
  void kill() throws InterruptedException {
    node.kill();
  }

  @Override
  public String toString() {
    return node.toString();
  }
}
