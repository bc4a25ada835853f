package io.bastion.node.mesh;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code replay}: lists the dead letters of a mesh's database, or puts some back into the outbox. The work is done
 * by {@code io.bastion.user.outbox.DeadLetterTool} in the user node's jar (this jar has no PostgreSQL client), run
 * as a child process that reaches the database through the same settings a user node reads; this command only
 * finds the database: {@code --db-url}, else the running mesh's {@code <data-dir>/mesh.json} (its embedded database,
 * or the external one {@code up --db-url} was given, recorded without its password), else the embedded
 * database of {@code ./bastion up} on {@code --db-port}, with the password file it writes in {@code <data-dir>}.
 */
@Command(name = "replay", sortOptions = false,
    description = "Lists dead letters (AnswerEvents the security nodes kept refusing) or replays them: puts them "
        + "back into the outbox, to be scored again. A dead letter that a stored report of a newer version of its "
        + "assessment supersedes is removed instead.")
final class ReplayCommand implements Callable<Integer> {


  @Spec
  CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
  boolean help;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Which which;

  static final class Which {
    @Option(names = "--event", paramLabel = "ID", description = "the dead letter of this event id")
    String event;

    @Option(names = "--assessment", paramLabel = "ID", description = "the dead letters of this assessment")
    String assessment;

    @Option(names = "--all", description = "every dead letter")
    boolean all;
  }

  @Option(names = "--list", description = "show the dead letters (event id, assessment, version, attempts, last "
      + "error, when given up) instead of replaying; --event or --assessment narrow the list")
  boolean list;

  @Option(names = "--data-dir", defaultValue = "data", paramLabel = "D",
      description = "the mesh's data folder: mesh.json and the embedded database's password [${DEFAULT-VALUE}]")
  Path dataDir;

  @Option(names = "--db-port", defaultValue = "15432", paramLabel = "P",
      description = "port of the embedded PostgreSQL when <data-dir>/mesh.json does not say [${DEFAULT-VALUE}]")
  int dbPort;

  @Option(names = "--db-url", paramLabel = "URL",
      description = "an external PostgreSQL instead, as up takes it: postgresql://USER@HOST:PORT/DATABASE"
          + "[?sslmode=verify-full&sslrootcert=ca.pem] [the one mesh.json names when the mesh was started with it]")
  String dbUrl;

  @Option(names = "--db-password-file", paramLabel = "FILE",
      description = "the database password, for an external database [the one up --db-password-file was given; "
          + "<data-dir>/db-password for the embedded database]")
  Path dbPasswordFile;

  @Option(names = "--setting", paramLabel = "KEY=VALUE",
      description = "any other user node setting the database needs (TLS, say), as in conf/bastion.json")
  List<String> settings = new ArrayList<>();

  @Option(names = "--user-jar", paramLabel = "JAR",
      description = "the user node's fat jar [user-verticle/target/user-verticle-*-fat.jar]")
  Path userJar;

  @Override
  public Integer call() throws Exception {
    if (which == null && !list) {
      throw new ParameterException(spec.commandLine(), "replay what? --event ID, --assessment ID or --all (or --list)");
    }
    if (which != null && which.all && list) {
      throw new ParameterException(spec.commandLine(), "--list shows all by itself; --all is for a replay");
    }
    Path jar;
    try {
      jar = userJar != null ? userJar : UpCommand.findJar(Path.of("").toAbsolutePath(), "user-verticle");
    } catch (IllegalStateException e) {
      System.err.println("[bastion] " + e.getMessage());
      return 1;
    }
    ProcessBuilder tool = new ProcessBuilder(command(jar)).inheritIO();
    return tool.start().waitFor();
  }

  List<String> command(Path jar) throws IOException {
    // The tool's own logging (warnings only, on stderr), so that its stdout is the answer.
    List<String> cmd = new ArrayList<>(List.of(NodeCommand.java(), "-Xmx128m", "-Dbastion.node.name=replay",
        "-Dlogback.configurationFile=logback-tool.xml"));
    databaseProperties().forEach(p -> cmd.add("-Dbastion." + p));
    settings.forEach(p -> cmd.add("-Dbastion." + p));
    cmd.addAll(List.of("-cp", jar.toString(), "io.bastion.user.outbox.DeadLetterTool"));
    if (list) {
      cmd.add("--list");
    }
    if (which != null) {
      if (which.event != null) {
        cmd.addAll(List.of("--event", which.event));
      } else if (which.assessment != null) {
        cmd.addAll(List.of("--assessment", which.assessment));
      } else if (which.all) {
        cmd.add("--all");
      }
    }
    return cmd;
  }

  /**
   * Where the database is, as user node settings (db.*). A URL goes to the tool unchanged as {@code db.url}, so
   * that everything in it (sslmode, sslrootcert, a password) reaches the tool's own URL parser, the user node's.
   */
  List<String> databaseProperties() throws IOException {
    Optional<MeshRecord> record = MeshRecord.read(dataDir);
    if (dbUrl != null) {
      if (!dbUrl.startsWith("postgresql://") && !dbUrl.startsWith("postgres://")) {
        throw new ParameterException(spec.commandLine(),
            "--db-url: expected postgresql://USER@HOST:PORT/DATABASE[?sslmode=...&sslrootcert=...]");
      }
      return external(dbUrl, Optional.empty());
    }
    Optional<MeshRecord.External> recorded = record.flatMap(MeshRecord::external);
    if (recorded.isPresent()) { // the running mesh of `up --db-url`
      return external(recorded.get().url(), recorded.get().passwordFile());
    }
    Optional<MeshRecord.Database> running = record.flatMap(MeshRecord::database);
    String host = running.map(MeshRecord.Database::host).orElse("127.0.0.1");
    int port = running.map(MeshRecord.Database::port).orElse(dbPort);
    Path password = dbPasswordFile != null ? dbPasswordFile : dataDir.resolve("db-password");
    return List.of("db.host=" + host, "db.port=" + port, "db.password-file=" + password.toAbsolutePath());
  }

  private List<String> external(String url, Optional<String> recordedPasswordFile) {
    List<String> p = new ArrayList<>(List.of("db.url=" + url));
    Optional<String> passwordFile = Optional.ofNullable(dbPasswordFile).map(f -> f.toAbsolutePath().toString())
        .or(() -> recordedPasswordFile);
    passwordFile.ifPresent(f -> p.add("db.password-file=" + f));
    return p;
  }
}
