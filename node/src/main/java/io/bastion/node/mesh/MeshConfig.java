package io.bastion.node.mesh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the mesh starter needs to know to start processes: where the jars are, where data and logs go, the
 * cluster, heaps, and extra options and properties. Build one with {@link #builder(Path, Path, Path, Path)}.
 *
 * @param workDir           working directory of every process (the repository: nodes read {@code conf/} there)
 * @param userJar           the user node's fat jar (also runs the database process)
 * @param securityJar       the security node's fat jar
 * @param dataDir           {@code bastion.data.dir} of every node; logs go to {@code logs/} under it
 * @param clusterName       Hazelcast cluster name; nodes join only a cluster of the same name
 * @param clusterPort       first Hazelcast port
 * @param userHeap          {@code -Xmx} of user nodes, as {@code 768m}
 * @param securityHeap      {@code -Xmx} of security nodes
 * @param databaseHeap      {@code -Xmx} of the database process
 * @param securityCds       class-data-sharing archive of security nodes, made when missing; null for none
 * @param nodeOptions       extra JVM options of every node, after ours
 * @param databaseOptions   extra JVM options of the database process
 * @param nodeProperties    {@code name=value} system properties of every node
 * @param startTimeout      how long a process may take to become ready
 * @param stopGrace         how long a process may take to stop after SIGTERM before it gets SIGKILL
 */
public record MeshConfig(Path workDir, Path userJar, Path securityJar, Path dataDir, String clusterName,
    int clusterPort, String userHeap, String securityHeap, String databaseHeap, Path securityCds,
    List<String> nodeOptions, List<String> databaseOptions, List<String> nodeProperties, Duration startTimeout,
    Duration stopGrace) {

  public MeshConfig {
    Objects.requireNonNull(workDir, "workDir");
    Objects.requireNonNull(userJar, "userJar");
    Objects.requireNonNull(securityJar, "securityJar");
    Objects.requireNonNull(dataDir, "dataDir");
    nodeOptions = List.copyOf(nodeOptions);
    databaseOptions = List.copyOf(databaseOptions);
    nodeProperties = List.copyOf(nodeProperties);
  }

  public Path logs() {
    return dataDir.resolve("logs");
  }

  public static Builder builder(Path workDir, Path userJar, Path securityJar, Path dataDir) {
    return new Builder(workDir, userJar, securityJar, dataDir);
  }

  /** Defaults are those of {@code ./bastion up}. */
  public static final class Builder {
    private final Path workDir;
    private final Path userJar;
    private final Path securityJar;
    private final Path dataDir;
    private String clusterName;
    private int clusterPort = 5701;
    private String userHeap = "768m";
    private String securityHeap = "256m";
    private String databaseHeap = "96m";
    private Path securityCds;
    private final List<String> nodeOptions = new ArrayList<>();
    private final List<String> databaseOptions = new ArrayList<>();
    private final List<String> nodeProperties = new ArrayList<>();
    private Duration startTimeout = Duration.ofSeconds(120);
    private Duration stopGrace = Duration.ofSeconds(20);

    private Builder(Path workDir, Path userJar, Path securityJar, Path dataDir) {
      this.workDir = workDir.toAbsolutePath().normalize();
      this.userJar = userJar.toAbsolutePath().normalize();
      this.securityJar = securityJar.toAbsolutePath().normalize();
      this.dataDir = dataDir.toAbsolutePath().normalize();
    }

    /** The cluster; without a name, {@code bastion-<host>-<port>}, so that two meshes on one network differ. */
    public Builder cluster(String name, int port) {
      this.clusterName = name;
      this.clusterPort = port;
      return this;
    }

    public Builder heaps(String user, String security) {
      this.userHeap = user;
      this.securityHeap = security;
      return this;
    }

    public Builder securityCds(Path archive) {
      this.securityCds = archive == null ? null : archive.toAbsolutePath().normalize();
      return this;
    }

    public Builder nodeOptions(List<String> options) {
      nodeOptions.addAll(options);
      return this;
    }

    public Builder databaseOptions(List<String> options) {
      databaseOptions.addAll(options);
      return this;
    }

    /** A system property of every node, as {@code bastion.relay.timeout.ms=2000}. */
    public Builder nodeProperty(String nameValue) {
      nodeProperties.add(nameValue);
      return this;
    }

    public Builder startTimeout(Duration timeout) {
      this.startTimeout = timeout;
      return this;
    }

    public Builder stopGrace(Duration grace) {
      this.stopGrace = grace;
      return this;
    }

    public MeshConfig build() {
      String name = clusterName != null ? clusterName : "bastion-" + hostName() + "-" + clusterPort;
      return new MeshConfig(workDir, userJar, securityJar, dataDir, name, clusterPort, userHeap, securityHeap,
          databaseHeap, securityCds, nodeOptions, databaseOptions, nodeProperties, startTimeout, stopGrace);
    }

    private static String hostName() {
      try {
        return java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.io.IOException e) {
        return "localhost";
      }
    }
  }
}
