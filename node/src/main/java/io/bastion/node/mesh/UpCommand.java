package io.bastion.node.mesh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code up}: a whole mesh on 127.0.0.1 until Ctrl-C. */
@Command(name = "up", sortOptions = false,
    description = "Starts an embedded PostgreSQL, user nodes and security nodes, each a process of its own on "
        + "127.0.0.1, waits until every node answers its readiness probe, and runs until Ctrl-C (or SIGTERM), which "
        + "stops the nodes, then the database, and leaves no process behind. A PostgreSQL that stops on its own is "
        + "started again (--db-restarts); with --db-url the nodes use that PostgreSQL instead. Logs of every "
        + "process: <data-dir>/logs (PostgreSQL's own: postgres.log).")
final class UpCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
  boolean help;

  @Option(names = "--user-nodes", defaultValue = "1", paramLabel = "N",
      description = "user nodes (GraphQL, web, outbox relay); node i serves http-port + i - 1 [${DEFAULT-VALUE}]")
  int userNodes;

  @Option(names = "--security-nodes", defaultValue = "1", paramLabel = "N",
      description = "security nodes (scoring) [${DEFAULT-VALUE}]")
  int securityNodes;

  @Option(names = "--http-port", defaultValue = "8080", paramLabel = "P",
      description = "HTTP port of the first user node [${DEFAULT-VALUE}]")
  int httpPort;

  @Option(names = "--db-port", defaultValue = "15432", paramLabel = "P",
      description = "port of the embedded PostgreSQL [${DEFAULT-VALUE}]")
  int dbPort;

  @Option(names = "--db-url", paramLabel = "URL",
      description = "use this PostgreSQL instead of starting the embedded one, as postgresql://user@host[:port]/"
          + "database[?sslmode=verify-full&sslrootcert=ca.pem] (sslmode: disable, require, verify-ca, verify-full), "
          + "without a password (see --db-password-file); every user node gets it as bastion.db.url")
  String dbUrl;

  @Option(names = "--db-password-file", paramLabel = "FILE",
      description = "with --db-url: a file holding the database password (a URL may not hold one: it would "
          + "show on every node's command line)")
  Path dbPasswordFile;

  @Option(names = "--db-restarts", defaultValue = "5", paramLabel = "N",
      description = "how many times the embedded PostgreSQL is started again, backing off from 1 s, when it "
          + "stops on its own; then the mesh stops [${DEFAULT-VALUE}]")
  int dbRestarts;

  @Option(names = "--data-dir", defaultValue = "data", paramLabel = "D",
      description = "database, keys, certificates, mail files and logs [${DEFAULT-VALUE}]")
  Path dataDir;

  @Option(names = "--cluster-port", defaultValue = "5701", paramLabel = "P",
      description = "first Hazelcast port [${DEFAULT-VALUE}]")
  int clusterPort;

  @Option(names = "--user-xmx", defaultValue = "768m", paramLabel = "M",
      description = "heap of each user node [${DEFAULT-VALUE}]")
  String userXmx;

  @Option(names = "--security-xmx", defaultValue = "256m", paramLabel = "M",
      description = "heap of each security node [${DEFAULT-VALUE}]")
  String securityXmx;

  @Option(names = "--node-options", defaultValue = "${env:BASTION_NODE_OPTS}", paramLabel = "OPTIONS",
      description = "extra JVM options of every node, for example a profiler [$BASTION_NODE_OPTS]")
  String nodeOptions;

  @Option(names = "--db-options", defaultValue = "${env:BASTION_DB_OPTS}", paramLabel = "OPTIONS",
      description = "extra options of the database process, for example -Dbastion.pg.shared_buffers=256MB "
          + "[$BASTION_DB_OPTS]")
  String dbOptions;

  @Option(names = "--user-jar", paramLabel = "JAR",
      description = "the user node's fat jar [user-verticle/target/user-verticle-*-fat.jar]")
  Path userJar;

  @Option(names = "--security-jar", paramLabel = "JAR",
      description = "the security node's fat jar [security-verticle/target/security-verticle-*-fat.jar]")
  Path securityJar;

  @Option(names = "--security-cds", paramLabel = "FILE",
      description = "class-data-sharing archive of security nodes, made when missing or older than the jar "
          + "[security-verticle.jsa beside the jar]")
  Path securityCds;

  @Option(names = "--no-cds", description = "start security nodes without a class-data-sharing archive")
  boolean noCds;

  @Option(names = "--host-name", defaultValue = "127.0.0.1", paramLabel = "NAME",
      description = "the name browsers reach the user nodes by: their public URL is http://NAME:<port>. Passkeys "
          + "need a name, not an IP address: use localhost [${DEFAULT-VALUE}]")
  String hostName;

  private volatile boolean stopping;

  /** The mesh asked for; a bad combination is a usage error. */
  MeshLayout layout() {
    try {
      return new MeshLayout(userNodes, securityNodes, httpPort, dbPort);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** The host of the user nodes' public URLs; anything but a plain host name or address is a usage error. */
  String hostName() {
    if (!hostName.matches("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})")) {
      throw new ParameterException(spec.commandLine(), "--host-name: '" + hostName + "' is not a host name");
    }
    return hostName;
  }

  /** How to start its processes; {@code workDir} is where the jars are looked for when not given. */
  MeshConfig config(Path workDir) {
    Path user = userJar != null ? userJar : findJar(workDir, "user-verticle");
    Path security = securityJar != null ? securityJar : findJar(workDir, "security-verticle");
    Path cds = noCds ? null
        : securityCds != null ? securityCds : security.toAbsolutePath().resolveSibling("security-verticle.jsa");
    MeshConfig.Builder builder = MeshConfig.builder(workDir, user, security, dataDir);
    if (dbUrl != null) {
      builder.nodeProperty("bastion.db.url=" + dbUrl);
    }
    if (dbPasswordFile != null) {
      builder.nodeProperty("bastion.db.password-file=" + dbPasswordFile.toAbsolutePath());
    }
    return builder
        .cluster(null, clusterPort)
        .heaps(userXmx, securityXmx)
        .securityCds(cds)
        .nodeOptions(JvmFlags.split(nodeOptions))
        .databaseOptions(JvmFlags.split(dbOptions))
        // For local use only: production nodes keep GraphiQL and introspection off (conf/bastion.json).
        .nodeProperty("bastion.api.graphiql=true")
        .nodeProperty("bastion.api.introspection=true")
        .build();
  }

  @Override
  public Integer call() throws Exception {
    MeshLayout layout = layout();
    String host = hostName();
    if (dbPasswordFile != null && dbUrl == null) {
      throw new ParameterException(spec.commandLine(), "--db-password-file goes with --db-url");
    }
    if (dbUrl != null && hasPassword(dbUrl)) {
      // Every node's command line (and so ps) would show it: the password goes in a file only the nodes read.
      throw new ParameterException(spec.commandLine(), "--db-url must not hold a password (it would show in every "
          + "node's command line): put it in a file and pass --db-password-file FILE");
    }
    if (dbRestarts < 1) {
      throw new ParameterException(spec.commandLine(), "--db-restarts must be at least 1");
    }
    MeshConfig config;
    try {
      config = config(Path.of("").toAbsolutePath());
    } catch (IllegalStateException e) {
      say(e.getMessage());
      return 1;
    }
    MeshStarter starter = new MeshStarter(config, UpCommand::say);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(starter), "bastion-stop"));
    DatabaseSupervisor supervisor = dbUrl == null ? starter.superviseDatabase(dbRestarts, Duration.ofSeconds(1))
        : null;
    try {
      starter.up(layout, host, dbUrl == null);
    } catch (MeshStartException | IllegalStateException e) {
      say(e.getMessage());
      return 1; // the shutdown hook stops what did start
    }
    say("Bastion is up: open http://" + host + ":" + layout.httpPort(1) + "/");
    for (int i = 2; i <= layout.userNodes(); i++) {
      say("  also http://" + host + ":" + layout.httpPort(i) + "/");
    }
    say(layout.userNodes() + " user node(s), " + layout.securityNodes() + " security node(s), PostgreSQL "
        + (dbUrl == null ? "on 127.0.0.1:" + layout.dbPort() + " (started again if it stops)"
        : "at " + redacted(dbUrl)) + "; logs in " + config.logs());
    say("press Ctrl-C to stop everything");
    return watch(starter, supervisor);
  }

  /** Whether a {@code scheme://user:password@...} URL carries a password. */
  static boolean hasPassword(String url) {
    return url.matches("^[A-Za-z][A-Za-z0-9+.-]*://[^/@?#]*:[^/@?#]*@.*");
  }

  /** The URL without its password, for the operator's screen. */
  static String redacted(String url) {
    return url.replaceFirst("^([a-z]+://[^:/@]+):[^@/]*@", "$1:***@");
  }

  /**
   * Reports nodes that stop on their own (killed, crashed): the others keep running. The supervisor starts a
   * stopped database again; this returns (and the mesh stops) only when it could not. With an external database,
   * runs until Ctrl-C.
   */
  private int watch(MeshStarter starter, DatabaseSupervisor supervisor) {
    for (NodeProcess node : starter.nodes()) {
      node.process().onExit().thenRun(() -> {
        if (!stopping) {
          say(node.name() + " (pid " + node.pid() + ") has stopped; the others keep running");
        }
      });
    }
    if (supervisor == null) {
      new CompletableFuture<Void>().join(); // until Ctrl-C: the shutdown hook stops the mesh
    }
    String reason = supervisor.gaveUp().join();
    if (!stopping) {
      say(reason + "; stopping the mesh");
    }
    return 1;
  }

  private void stop(MeshStarter starter) {
    stopping = true;
    say("stopping...");
    try {
      starter.close();
      say("stopped");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The one jar {@code <module>/target/<module>-<version>-fat.jar} under {@code workDir}. */
  static Path findJar(Path workDir, String module) {
    Path target = workDir.resolve(module).resolve("target");
    List<Path> jars;
    try (Stream<Path> files = Files.isDirectory(target) ? Files.list(target) : Stream.empty()) {
      jars = files.filter(p -> p.getFileName().toString().matches(Pattern.quote(module) + "-.+-fat\\.jar"))
          .sorted().toList();
    } catch (IOException e) {
      jars = List.of();
    }
    if (jars.size() != 1) {
      throw new IllegalStateException("expected one " + module + "-<version>-fat.jar in " + target + ", found "
          + jars.size() + ": build with mvn -DskipTests package, or name the jar with --"
          + module.replace("-verticle", "") + "-jar");
    }
    return jars.get(0);
  }

  private static void say(String line) {
    System.out.println("[bastion] " + line);
  }
}
