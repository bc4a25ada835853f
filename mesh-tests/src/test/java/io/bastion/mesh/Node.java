package io.bastion.mesh;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** One node process of a test mesh. */
final class Node {

  final String name;
  final Process process;
  final Path log;
  /** HTTP port of a user node; 0 for a security node. */
  final int httpPort;

  Node(String name, Process process, Path log, int httpPort) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.httpPort = httpPort;
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** SIGTERM, then SIGKILL if the node has not stopped within 20 s. */
  void stop() throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** SIGKILL: no shutdown hook, no goodbye to the cluster. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public String toString() {
    return name + "(pid " + process.pid() + ")";
  }
}
