package io.bastion.node.mesh;

import io.bastion.node.DevCertificates;
import io.bastion.node.mesh.NodeProcess.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Starts a Bastion mesh on this machine, each part a process of its own: the embedded PostgreSQL, user nodes and
 * security nodes from their fat jars, all with the JVM options of {@link JvmFlags}. It waits for each node's
 * readiness probe (failing fast, with the node's log tail, when the process exits first), and stops everything
 * by process id: nodes first (SIGTERM, SIGKILL after a grace period), then the database. Used by
 * {@code ./bastion up} (through {@link BastionCli}), the benchmark and the multi-process tests.
 *
 * <p>Processes run in sessions of their own (setsid), so a Ctrl-C in the terminal reaches only the program that
 * holds the starter, which then stops the nodes before the database.
 */
public final class MeshStarter implements AutoCloseable {

  private static final Pattern DATABASE_READY = Pattern.compile("DATABASE READY port=(\\d+)");
  /** A node whose assigned port another process took is launched again at most this many times in all. */
  private static final int LAUNCH_ATTEMPTS = 3;
  private static final Optional<Path> SETSID = Stream.of("/usr/bin/setsid", "/bin/setsid").map(Path::of)
      .filter(Files::isExecutable).findFirst();

  private final MeshConfig config;
  private final Consumer<String> progress;
  private final Probe probe;
  private final List<NodeProcess> nodes = new ArrayList<>();
  private NodeProcess databaseProcess;
  private DatabaseProcess database;
  private NodeProcess training;
  private DatabaseSupervisor supervisor;
  private boolean closed;
  private final java.time.Instant startedAt = java.time.Instant.now();

  /** {@code progress} receives one line per step, for the operator. */
  public MeshStarter(MeshConfig config, Consumer<String> progress) {
    this(config, progress, Duration.ofMillis(200));
  }

  /** {@code probeInterval}: how often a starting node is probed (the benchmark times starts closely). */
  public MeshStarter(MeshConfig config, Consumer<String> progress, Duration probeInterval) {
    this.config = config;
    this.progress = progress;
    this.probe = new Probe(probeInterval);
  }

  public MeshConfig config() {
    return config;
  }

  /**
   * A whole mesh: development certificates, the security nodes' CDS archive when there are security nodes, the
   * database, the first user node (it founds the cluster), then the security nodes and the other user nodes
   * together. Returns once every node is ready.
   */
  public void up(MeshLayout layout) throws IOException, InterruptedException {
    up(layout, "127.0.0.1");
  }

  /**
   * A whole mesh whose user nodes browsers reach as {@code http://<host>:<port>} (their public URL; passkeys need
   * a host name there, such as localhost, not an IP address).
   */
  public void up(MeshLayout layout, String host) throws IOException, InterruptedException {
    up(layout, host, true);
  }

  /**
   * As {@link #up(MeshLayout, String)}; without {@code embeddedDatabase}, no database is started and the user nodes
   * use the one their settings name (for instance {@code bastion.db.url} among the mesh's node properties).
   */
  public void up(MeshLayout layout, String host, boolean embeddedDatabase) throws IOException, InterruptedException {
    Files.createDirectories(config.logs());
    ensureCertificates();
    if (layout.securityNodes() > 0) {
      ensureSecurityCds();
    }
    if (embeddedDatabase) {
      Path pg = config.dataDir().resolve("pg");
      progress.accept("starting PostgreSQL (data in " + pg + ", port " + layout.dbPort() + ", its log in "
          + config.logs().resolve("postgres.log") + ")");
      startDatabase(pg, layout.dbPort());
    }
    progress.accept("starting user-1 on http://" + host + ":" + layout.httpPort(1) + "/");
    String trusted = trustedOrigins(layout, host);
    NodeProcess first = startUser("user-1", layout.httpPort(1), userProperties(host, layout.httpPort(1), trusted));
    progress.accept(first.name() + " is ready (" + first.probe() + ")");
    List<NodeProcess> launched = new ArrayList<>();
    for (int i = 1; i <= layout.securityNodes(); i++) {
      progress.accept("starting security-" + i);
      launched.add(launchSecurity("security-" + i, List.of()));
    }
    for (int i = 2; i <= layout.userNodes(); i++) {
      progress.accept("starting user-" + i + " on http://" + host + ":" + layout.httpPort(i) + "/");
      launched.add(launchUser("user-" + i, layout.httpPort(i), userProperties(host, layout.httpPort(i), trusted)));
    }
    for (NodeProcess node : launched) {
      NodeProcess ready = awaitReady(node);
      progress.accept(ready.name() + " is ready (" + ready.probe() + ")");
    }
    if (layout.securityNodes() > 0) {
      // Full readiness: each user node sees a security node, so answers are scored, not left in the outbox.
      for (NodeProcess node : nodes()) {
        if (node.kind() == Kind.USER && node.alive()) {
          probe.awaitReady(node, node.readiness(), config.startTimeout());
        }
      }
      progress.accept("every user node sees a security node: the mesh is ready");
    }
  }

  /**
   * Every user node of the layout trusts the others' pages by configuration, so that a page whose node stopped
   * keeps working on another also after the stopped node's last signed announcement expired.
   */
  private static String trustedOrigins(MeshLayout layout, String host) {
    List<String> origins = new ArrayList<>();
    for (int i = 1; i <= layout.userNodes(); i++) {
      origins.add("http://" + host + ":" + layout.httpPort(i));
    }
    return String.join(",", origins);
  }

  /** The node's own properties, after the mesh's defaults, so that they win: its public URL, the trusted origins. */
  private static List<String> userProperties(String host, int port, String trustedOrigins) {
    return List.of("bastion.http.public-url=http://" + host + ":" + port,
        "bastion.http.trusted-origins=" + trustedOrigins);
  }

  /** Mutual TLS between nodes: development certificates under the data directory, made once. */
  public Path ensureCertificates() throws IOException, InterruptedException {
    return DevCertificates.ensure(config.dataDir().resolve("certs"));
  }

  /**
   * Security nodes are what operators add under load, so they must start fast: a class-data-sharing archive of
   * the classes one loads saves about 1.5 s of every start. Made when missing or older than the jar, by a
   * security node that runs until it is ready and writes the classes it loaded when it exits.
   */
  public void ensureSecurityCds() throws IOException, InterruptedException {
    Path archive = config.securityCds();
    if (archive == null || fresh(archive)) {
      return;
    }
    progress.accept("making the class-data-sharing archive of security nodes (once per build, a few seconds)");
    Files.deleteIfExists(archive);
    Files.createDirectories(config.logs());
    int port = Ports.free();
    NodeProcess run;
    synchronized (this) {
      run = spawn("cds-training", Kind.SECURITY, NodeCommand.cdsTraining(config, archive, port), 0, port, null);
      training = run;
    }
    try {
      probe.awaitReady(run, config.startTimeout());
    } catch (MeshStartException e) {
      progress.accept("the training run did not get ready: " + e.getMessage().lines().findFirst().orElse(""));
    } finally {
      run.stop(Duration.ofSeconds(60)); // SIGTERM: the JVM writes the archive as it exits
      synchronized (this) {
        training = null;
      }
    }
    if (!Files.isRegularFile(archive)) {
      progress.accept("no archive was made (see " + run.log() + "); security nodes start without it");
    }
  }

  private boolean fresh(Path archive) throws IOException {
    return Files.isRegularFile(archive) && Files.isRegularFile(config.securityJar())
        && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(config.securityJar())) > 0;
  }

  /**
   * Starts the embedded PostgreSQL on {@code port} (0: one it picks) with its data in {@code pgDir}; returns when
   * it accepts connections (asked over the PostgreSQL protocol, {@link PostgresProbe}). User nodes started
   * afterwards use it. PostgreSQL's own log goes to {@code logs/postgres.log} (appended); the database process's
   * log of a previous run is kept as {@code logs/db.previous.log}.
   */
  public DatabaseProcess startDatabase(Path pgDir, int port) throws IOException {
    return startDatabase(pgDir, NodeSpec.LOOPBACK, port);
  }

  /** The embedded PostgreSQL listening on {@code host} too (the address user nodes on other hosts reach it at). */
  public DatabaseProcess startDatabase(Path pgDir, String host, int port) throws IOException {
    requireJar(config.userJar());
    Files.createDirectories(config.logs());
    NodeProcess process;
    synchronized (this) {
      if (databaseProcess != null && databaseProcess.alive()) {
        throw new IllegalStateException("the database is already running: " + databaseProcess);
      }
      Path log = config.logs().resolve("db.log");
      if (Files.exists(log)) {
        Files.move(log, config.logs().resolve("db.previous.log"), StandardCopyOption.REPLACE_EXISTING);
      }
      process = spawn("db", Kind.DATABASE, NodeCommand.database(config, pgDir.toAbsolutePath(), host, port), 0, 0,
          null);
      databaseProcess = process;
    }
    DatabaseProcess db;
    try {
      int actual = Integer.parseInt(probe.awaitLine(process, DATABASE_READY, config.startTimeout()).group(1));
      probe.awaitDatabase(process, host, actual, config.startTimeout());
      db = new DatabaseProcess(process, pgDir.toAbsolutePath(), actual, host);
    } catch (RuntimeException e) {
      stopQuietly(process); // a later attempt must not find this one still holding the data directory
      throw e;
    }
    DatabaseSupervisor watching;
    synchronized (this) {
      database = db;
      watching = supervisor;
    }
    if (watching != null) {
      watching.watch(db);
    }
    record();
    return db;
  }

  /**
   * From now on, a database this starter started that stops on its own is started again on the same data and port
   * ({@code attempts} times at most, pausing {@code firstPause}, then twice as long each time); see
   * {@link DatabaseSupervisor#gaveUp()} for when it could not be. Call before {@link #up} or
   * {@link #startDatabase}.
   */
  public synchronized DatabaseSupervisor superviseDatabase(int attempts, Duration firstPause) {
    supervisor = new DatabaseSupervisor(this, progress, attempts, firstPause);
    if (database != null) {
      supervisor.watch(database);
    }
    return supervisor;
  }

  /** Whether {@code db} is still the mesh's database (not stopped on purpose, not replaced). */
  synchronized boolean isCurrentDatabase(DatabaseProcess db) {
    return !closed && database == db;
  }

  private static void stopQuietly(NodeProcess process) {
    try {
      process.stop(Duration.ofSeconds(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public synchronized Optional<DatabaseProcess> database() {
    return Optional.ofNullable(database);
  }

  /** A user node on {@code httpPort} (0: a free port the starter picks); returns once it is ready. */
  public NodeProcess startUser(String name, int httpPort, List<String> properties) throws IOException {
    return awaitReady(launchUser(name, httpPort, properties));
  }

  /** Launches a user node without waiting; {@code properties} are its own {@code name=value} system properties. */
  public NodeProcess launchUser(String name, int httpPort, List<String> properties) throws IOException {
    return launch(new NodeSpec(Kind.USER, name, httpPort, properties));
  }

  /**
   * A user node bound to {@code host} (HTTP, Hazelcast, event bus), as on a machine of its own; returns once it is
   * ready. The mesh's {@code cluster.members} must list the hosts of the other nodes.
   */
  public NodeProcess startUser(String name, String host, int httpPort, List<String> properties) throws IOException {
    return awaitReady(launchUser(name, host, httpPort, properties));
  }

  /** Launches a user node bound to {@code host} without waiting (see {@link #awaitReady}). */
  public NodeProcess launchUser(String name, String host, int httpPort, List<String> properties)
      throws IOException {
    return launch(new NodeSpec(Kind.USER, name, host, httpPort, properties));
  }

  /** A security node bound to {@code host} (Hazelcast, event bus, readiness probe); returns once it is ready. */
  public NodeProcess startSecurity(String name, String host, List<String> properties) throws IOException {
    return awaitReady(launchSecurity(name, host, properties));
  }

  /** Launches a security node bound to {@code host} without waiting (see {@link #awaitReady}). */
  public NodeProcess launchSecurity(String name, String host, List<String> properties) throws IOException {
    return launch(new NodeSpec(Kind.SECURITY, name, host, 0, properties));
  }

  /** A security node, its readiness probe on a free port; returns once it is ready. */
  public NodeProcess startSecurity(String name, List<String> properties) throws IOException {
    return awaitReady(launchSecurity(name, properties));
  }

  public NodeProcess launchSecurity(String name, List<String> properties) throws IOException {
    return launch(new NodeSpec(Kind.SECURITY, name, 0, properties));
  }

  /** Any other process of the mesh (a test's rogue node): logged and stopped like the nodes. */
  public NodeProcess launchOther(String name, List<String> command) throws IOException {
    Files.createDirectories(config.logs());
    synchronized (this) {
      return register(spawn(name, Kind.OTHER, command, 0, 0, null));
    }
  }

  /**
   * Waits until {@code node} answers its readiness probe. A node that exits because another process took its
   * assigned port before it could bind it ("Address already in use") is launched again on another port; the
   * node returned is then the new process.
   */
  public NodeProcess awaitReady(NodeProcess node) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        probe.awaitReady(node, config.startTimeout());
        record();
        return node;
      } catch (MeshStartException e) {
        boolean lostPort = e.exited() && node.spec != null && node.spec.portsAssigned()
            && node.logText().contains("Address already in use");
        if (!lostPort || attempt == LAUNCH_ATTEMPTS) {
          throw e;
        }
        progress.accept(node.name() + " lost its port to another process before binding it; starting it again");
        node = launch(node.spec);
      }
    }
  }

  /** A user node's properties, led by where the mesh's database keeps its password (the node's own may override). */
  private List<String> withDatabasePassword(List<String> properties) {
    if (database == null) {
      return properties;
    }
    List<String> all = new ArrayList<>();
    all.add("bastion.db.password-file=" + database.passwordFile());
    all.addAll(properties);
    return all;
  }

  private NodeProcess launch(NodeSpec spec) throws IOException {
    requireJar(spec.kind() == Kind.USER ? config.userJar() : config.securityJar());
    Files.createDirectories(config.logs());
    synchronized (this) {
      int dbPort = database == null ? 0 : database.port();
      String dbHost = database == null ? NodeSpec.LOOPBACK : database.host();
      return register(switch (spec.kind()) {
        case USER -> {
          int port = spec.httpPort() > 0 ? spec.httpPort() : Ports.free();
          int management = Ports.free();
          yield spawn(spec.name(), Kind.USER, NodeCommand.user(config, spec.name(), spec.host(), port, management,
              dbHost, dbPort, withDatabasePassword(spec.properties())), port, management, spec);
        }
        case SECURITY -> {
          int port = Ports.free();
          yield spawn(spec.name(), Kind.SECURITY,
              NodeCommand.security(config, spec.name(), spec.host(), port, securityCds(), spec.properties()), 0,
              port, spec);
        }
        default -> throw new IllegalArgumentException("not a node: " + spec);
      });
    }
  }

  /** The CDS archive when there is one (it is optional: a node starts without it, only slower). */
  private Optional<Path> securityCds() {
    return Optional.ofNullable(config.securityCds()).filter(Files::isRegularFile);
  }

  /** Every node and other process started so far, in start order (stopped ones included). */
  public synchronized List<NodeProcess> nodes() {
    return List.copyOf(nodes);
  }

  /** Stops every node: SIGTERM to all, then SIGKILL to those still running after the grace period. */
  public void stopNodes() throws InterruptedException {
    List<NodeProcess> running;
    synchronized (this) {
      running = List.copyOf(nodes);
      nodes.clear();
    }
    running.forEach(NodeProcess::terminate);
    long deadline = System.nanoTime() + config.stopGrace().toNanos();
    for (NodeProcess node : running) {
      node.awaitExit(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
  }

  /** Stops the database (after the nodes, which would otherwise log connection errors on the way out). */
  public void stopDatabase() throws InterruptedException {
    NodeProcess db;
    synchronized (this) {
      db = databaseProcess;
      databaseProcess = null;
      database = null;
    }
    if (db != null) {
      // The database process stops PostgreSQL in its shutdown hook; killed, it would leave PostgreSQL running.
      db.stop(Duration.ofSeconds(60));
    }
  }

  /** Stops everything this starter started (nodes, then the database); nothing can be started afterwards. */
  @Override
  public void close() throws InterruptedException {
    NodeProcess run;
    synchronized (this) {
      closed = true;
      run = training;
    }
    if (run != null) {
      run.kill(); // a partial archive would pass for a complete one
    }
    stopNodes();
    stopDatabase();
    try {
      Files.deleteIfExists(MeshRecord.file(config.dataDir()));
    } catch (IOException e) {
      progress.accept("cannot delete " + MeshRecord.file(config.dataDir()) + ": " + e.getMessage());
    }
  }

  /**
   * Writes {@code <data-dir>/mesh.json} with the live nodes and the database, for {@code ./bastion status}. A
   * failure to write it is told, not fatal: the mesh runs without it.
   */
  public void record() {
    MeshRecord record;
    synchronized (this) {
      if (closed) {
        return;
      }
      record = MeshRecord.of(startedAt, nodes, Optional.ofNullable(database),
          MeshRecord.External.of(config.nodeProperties()));
    }
    try {
      Files.createDirectories(config.dataDir());
      record.write(config.dataDir());
    } catch (IOException e) {
      progress.accept("cannot write " + MeshRecord.file(config.dataDir()) + ": " + e.getMessage());
    }
  }

  private static void requireJar(Path jar) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build the jars first (mvn -DskipTests package)");
    }
  }

  private NodeProcess register(NodeProcess node) {
    nodes.add(node);
    return node;
  }

  /** Starts a process, its output in {@code logs/<name>.log} (replaced). Called holding this starter's lock. */
  private NodeProcess spawn(String name, Kind kind, List<String> command, int httpPort, int managementPort,
      NodeSpec spec) throws IOException {
    if (closed) {
      throw new IllegalStateException("the mesh is stopping: " + name + " is not started");
    }
    List<String> cmd = new ArrayList<>();
    SETSID.ifPresent(s -> cmd.add(s.toString()));
    cmd.addAll(command);
    Path log = config.logs().resolve(name + ".log");
    Process process = new ProcessBuilder(cmd)
        .directory(config.workDir().toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
        .start();
    return new NodeProcess(name, kind, process, log, httpPort, managementPort, spec);
  }
}
