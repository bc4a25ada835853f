package io.bastion.node.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./bastion up}'s options, parsed without starting anything. */
class UpCommandTest {

  @Test
  void defaultsAreOneNodeOfEachKindOnTheUsualPorts(@TempDir Path repo) throws Exception {
    UpCommand up = parse("up");
    assertThat(up.layout()).isEqualTo(new MeshLayout(1, 1, 8080, 15_432));
    MeshConfig config = up.config(withJars(repo));
    assertThat(config.dataDir()).isEqualTo(Path.of("data").toAbsolutePath());
    assertThat(config.clusterPort()).isEqualTo(5701);
    assertThat(config.userJar().getFileName().toString()).isEqualTo("user-verticle-1.0-fat.jar");
    assertThat(config.securityCds()).as("beside the security jar")
        .isEqualTo(config.securityJar().resolveSibling("security-verticle.jsa"));
    assertThat(config.userHeap()).isEqualTo("768m");
    assertThat(config.securityHeap()).isEqualTo("256m");
    assertThat(config.nodeProperties()).as("local use: GraphiQL and introspection on (off in conf/bastion.json)")
        .contains("bastion.api.graphiql=true", "bastion.api.introspection=true");
  }

  @Test
  void theScriptsOptionsReachTheLayoutAndTheConfig(@TempDir Path repo) throws Exception {
    UpCommand up = parse("up", "--http-port", "18380", "--db-port", "25532", "--cluster-port", "6001",
        "--data-dir", "/tmp/bup", "--user-nodes", "2", "--security-nodes", "3", "--security-xmx", "128m",
        "--node-options", "-XX:+UseSerialGC -Xss512k", "--no-cds");
    assertThat(up.layout()).isEqualTo(new MeshLayout(2, 3, 18_380, 25_532));
    assertThat(up.layout().httpPort(2)).isEqualTo(18_381);
    MeshConfig config = up.config(withJars(repo));
    assertThat(config.dataDir()).isEqualTo(Path.of("/tmp/bup"));
    assertThat(config.clusterPort()).isEqualTo(6001);
    assertThat(config.clusterName()).startsWith("bastion-").endsWith("-6001");
    assertThat(config.securityHeap()).isEqualTo("128m");
    assertThat(config.nodeOptions()).containsExactly("-XX:+UseSerialGC", "-Xss512k");
    assertThat(config.securityCds()).isNull();
  }

  @Test
  void theHostNameOfThePublicUrlsIsAnAddressByDefaultAndANameOnRequest() {
    assertThat(parse("up").hostName()).isEqualTo("127.0.0.1");
    assertThat(parse("up", "--host-name", "localhost").hostName()).isEqualTo("localhost");
    StringWriter err = new StringWriter();
    CommandLine cli = BastionCli.commandLine().setErr(new PrintWriter(err));
    assertThat(cli.execute("up", "--host-name", "evil.example/x?")).isEqualTo(2);
    assertThat(err.toString()).contains("is not a host name");
  }

  @Test
  void badCountsAreUsageErrorsBeforeAnythingStarts() {
    StringWriter err = new StringWriter();
    CommandLine cli = BastionCli.commandLine().setErr(new PrintWriter(err));
    assertThat(cli.execute("up", "--user-nodes", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("at least one user node");
    assertThat(cli.execute("up", "--security-nodes", "two")).isEqualTo(2);
    assertThat(cli.execute("up", "--nodes", "2")).isEqualTo(2);
    assertThat(err.toString()).contains("Unknown options: '--nodes'");
  }

  @Test
  void anExternalDatabaseReachesEveryNodeAsItsUrlAndItsPasswordFile(@TempDir Path repo) throws Exception {
    UpCommand up = parse("up", "--db-url", "postgresql://bastion@db.example/bastion?sslmode=verify-full&sslrootcert="
        + "/etc/bastion/ca.pem", "--db-password-file", "/etc/bastion/db-password");
    Path jars = withJars(repo);
    assertThat(up.config(jars).nodeProperties()).contains(
        "bastion.db.url=postgresql://bastion@db.example/bastion?sslmode=verify-full&sslrootcert=/etc/bastion/ca.pem",
        "bastion.db.password-file=/etc/bastion/db-password");
    assertThat(parse("up").config(jars).nodeProperties()).noneMatch(p -> p.startsWith("bastion.db."));
    assertThat(UpCommand.redacted("postgresql://bastion:s3cret@db.example:5432/bastion"))
        .isEqualTo("postgresql://bastion:***@db.example:5432/bastion");

    StringWriter err = new StringWriter();
    CommandLine cli = BastionCli.commandLine().setErr(new PrintWriter(err));
    assertThat(cli.execute("up", "--db-password-file", "/etc/bastion/db-password")).isEqualTo(2);
    assertThat(err.toString()).contains("--db-password-file goes with --db-url");
    assertThat(cli.execute("up", "--db-restarts", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("--db-restarts must be at least 1");
  }

  @Test
  void aPasswordInTheUrlIsRefusedAsItWouldShowOnEveryCommandLine() {
    StringWriter err = new StringWriter();
    CommandLine cli = BastionCli.commandLine().setErr(new PrintWriter(err));
    assertThat(cli.execute("up", "--db-url", "postgresql://bastion:s3cret@db.example:5432/bastion")).isEqualTo(2);
    assertThat(err.toString()).contains("--db-url must not hold a password").contains("--db-password-file")
        .doesNotContain("s3cret");
    assertThat(UpCommand.hasPassword("postgresql://bastion:@db.example/bastion")).isTrue();
    assertThat(UpCommand.hasPassword("postgresql://bastion@db.example:5432/bastion?sslmode=verify-full")).isFalse();
    assertThat(UpCommand.hasPassword("postgresql://db.example:5432/bastion")).isFalse();
  }

  @Test
  void theDatabaseSettingsReachUserNodesOnly(@TempDir Path repo) throws Exception {
    MeshConfig config = parse("up", "--db-url", "postgresql://bastion@db.example/bastion",
        "--db-password-file", "/etc/bastion/db-password").config(withJars(repo));
    assertThat(NodeCommand.user(config, "user-1", 8080, 8090, 0, java.util.List.of()))
        .contains("-Dbastion.db.url=postgresql://bastion@db.example/bastion",
            "-Dbastion.db.password-file=/etc/bastion/db-password");
    assertThat(NodeCommand.security(config, "security-1", 8091, java.util.Optional.empty(), java.util.List.of()))
        .noneMatch(f -> f.startsWith("-Dbastion.db."))
        .contains("-Dbastion.api.graphiql=true");
  }

  @Test
  void aMissingJarSaysHowToBuildIt(@TempDir Path empty) throws Exception {
    UpCommand up = parse("up");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> up.config(empty))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("mvn -DskipTests package");
  }

  private static UpCommand parse(String... args) {
    CommandLine cli = BastionCli.commandLine();
    CommandLine.ParseResult result = cli.parseArgs(args);
    return (UpCommand) result.subcommand().commandSpec().userObject();
  }

  private static Path withJars(Path repo) throws Exception {
    for (String module : new String[] {"user-verticle", "security-verticle"}) {
      Path target = Files.createDirectories(repo.resolve(module).resolve("target"));
      Files.createFile(target.resolve(module + "-1.0-fat.jar"));
      Files.createFile(target.resolve(module + "-1.0.jar")); // the thin jar beside it is not the one
    }
    return repo;
  }
}
