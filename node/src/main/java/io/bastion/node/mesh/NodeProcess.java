package io.bastion.node.mesh;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One process started by the {@link MeshStarter}: its name, the OS process, its log (stdout and stderr) and the
 * ports it was given. Stopped by process id: SIGTERM, then SIGKILL after a grace period.
 */
public final class NodeProcess {

  /** What runs in the process; user and security nodes have a management server (readiness probe, metrics). */
  public enum Kind { DATABASE, USER, SECURITY, OTHER }

  private final String name;
  private final Kind kind;
  private final Process process;
  private final Path log;
  private final int httpPort;
  private final int managementPort;
  private final java.time.Instant startedAt = java.time.Instant.now();
  /** The launch this process came from, to launch it again when its assigned port was taken meanwhile. */
  final NodeSpec spec;

  NodeProcess(String name, Kind kind, Process process, Path log, int httpPort, int managementPort, NodeSpec spec) {
    this.name = name;
    this.kind = kind;
    this.process = process;
    this.log = log;
    this.httpPort = httpPort;
    this.managementPort = managementPort;
    this.spec = spec;
  }

  public String name() {
    return name;
  }

  public Kind kind() {
    return kind;
  }

  public Process process() {
    return process;
  }

  public Path log() {
    return log;
  }

  /** HTTP port of a user node; 0 for other processes. */
  public int httpPort() {
    return httpPort;
  }

  /** Port of the management server of a user or security node (health, metrics); 0 for other processes. */
  public int managementPort() {
    return managementPort;
  }

  /** The node's management server ({@code http://<host>:<port>}); null for a process that has none. */
  public URI management() {
    return managementPort > 0 && (kind == Kind.USER || kind == Kind.SECURITY)
        ? URI.create("http://" + host() + ":" + managementPort) : null;
  }

  /**
   * What the starter waits on: the node's own readiness ({@code /health/self}: started, in the cluster, database
   * reachable; not the checks on other nodes, as the first user node starts before any security node). Null for a
   * process that has none.
   */
  public URI probe() {
    URI management = management();
    return management == null ? null : management.resolve("/health/self");
  }

  /** Full readiness ({@code /health}), the checks on other nodes included; null for a process that has none. */
  public URI readiness() {
    URI management = management();
    return management == null ? null : management.resolve("/health");
  }

  /** When the starter launched the process. */
  public java.time.Instant startedAt() {
    return startedAt;
  }

  /** The address the node binds and advertises (see {@link NodeSpec}); 127.0.0.1 for other processes. */
  public String host() {
    return spec == null ? NodeSpec.LOOPBACK : spec.host();
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** SIGTERM, then SIGKILL when the process has not ended within {@code grace}. Returns once it has ended. */
  public void stop(Duration grace) throws InterruptedException {
    terminate();
    awaitExit(grace);
  }

  /** SIGTERM, without waiting. */
  void terminate() {
    if (process.isAlive()) {
      process.destroy();
    }
  }

  /** Waits for the end of a process told to stop, and kills it when {@code grace} runs out. */
  void awaitExit(Duration grace) throws InterruptedException {
    if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** SIGKILL: no shutdown hook, no goodbye to the cluster. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  /** The whole log, empty while there is none. */
  public String logText() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "";
    }
  }

  /** The last {@code lines} lines of the log, for error messages. */
  public String logTail(int lines) {
    List<String> all = logText().lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  @Override
  public String toString() {
    return name + "(pid " + process.pid() + ")";
  }
}
