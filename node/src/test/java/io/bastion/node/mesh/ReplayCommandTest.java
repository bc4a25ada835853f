package io.bastion.node.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** {@code ./bastion replay}: how it finds the mesh's database and what it asks the user jar's tool, run nowhere. */
class ReplayCommandTest {

  @Test
  void theEmbeddedDatabaseOfUpOnItsPortWithThePasswordFileOfTheDataDir(@TempDir Path data) throws Exception {
    ReplayCommand replay = parse("replay", "--list", "--data-dir", data.toString(), "--db-port", "25532");
    assertThat(replay.command(Path.of("user.jar")))
        .contains("-Dbastion.db.host=127.0.0.1", "-Dbastion.db.port=25532",
            "-Dbastion.db.password-file=" + data.resolve("db-password").toAbsolutePath())
        .endsWith("-cp", "user.jar", "io.bastion.user.outbox.DeadLetterTool", "--list");
  }

  @Test
  void theRunningMeshsRecordWinsOverTheDefaultPort(@TempDir Path data) throws Exception {
    Files.writeString(data.resolve("mesh.json"), """
        {"startedAt": "2026-11-28T12:00:00Z", "nodes": [{"name": "user-1", "role": "user", "pid": 12,
          "http": "http://127.0.0.1:8080", "management": "http://127.0.0.1:9090", "startedAt": "2026-11-28T12:00:01Z"}],
         "database": {"host": "127.0.0.5", "port": 40123, "pid": 11}}""");
    ReplayCommand replay = parse("replay", "--event", "0b0c7a6e-8c8a-4b8e-9a53-0f2a52f0c0de",
        "--data-dir", data.toString());
    assertThat(replay.command(Path.of("user.jar")))
        .contains("-Dbastion.db.host=127.0.0.5", "-Dbastion.db.port=40123")
        .endsWith("--event", "0b0c7a6e-8c8a-4b8e-9a53-0f2a52f0c0de");
  }

  @Test
  void anExternalDatabaseByUrlReachesTheToolUnchangedWithItsTls(@TempDir Path data) throws Exception {
    String url = "postgres://bastion@db.example:6543/bastion?sslmode=verify-full&sslrootcert=/etc/bastion/ca.pem";
    ReplayCommand replay = parse("replay", "--all", "--db-url", url, "--data-dir", data.toString(),
        "--db-password-file", "/etc/bastion/db-password", "--setting", "db.pool.size=1");
    assertThat(replay.command(Path.of("user.jar")))
        .contains("-Dbastion.db.url=" + url, "-Dbastion.db.password-file=/etc/bastion/db-password",
            "-Dbastion.db.pool.size=1")
        .noneMatch(a -> a.startsWith("-Dbastion.db.host=") || a.startsWith("-Dbastion.db.port="))
        .endsWith("--all");
  }

  @Test
  void theExternalDatabaseThatUpWasGivenIsFoundInTheRecord(@TempDir Path data) throws Exception {
    MeshRecord.External external = MeshRecord.External.of(List.of("bastion.api.graphiql=true",
        "bastion.db.url=postgresql://bastion:s3cret@db.example/bastion?sslmode=verify-full&sslrootcert=/ca.pem",
        "bastion.db.password-file=/etc/bastion/db-password")).orElseThrow();
    new MeshRecord(Instant.parse("2026-11-28T12:00:00Z"), List.of(), Optional.empty(), Optional.of(external))
        .write(data);
    assertThat(Files.readString(data.resolve("mesh.json"))).as("mesh.json").doesNotContain("s3cret");

    ReplayCommand replay = parse("replay", "--list", "--data-dir", data.toString());
    assertThat(replay.command(Path.of("user.jar")))
        .contains("-Dbastion.db.url=postgresql://bastion@db.example/bastion?sslmode=verify-full&sslrootcert=/ca.pem",
            "-Dbastion.db.password-file=/etc/bastion/db-password")
        .noneMatch(a -> a.startsWith("-Dbastion.db.host="));
  }

  @Test
  void aUrlThatIsNotPostgresIsAUsageError() {
    assertThatThrownBy(() -> parse("replay", "--all", "--db-url", "mysql://x@h/db").command(Path.of("user.jar")))
        .isInstanceOf(ParameterException.class).hasMessageContaining("postgresql://");
  }

  @Test
  void oneChoiceAtATime() {
    assertThatThrownBy(() -> parse("replay", "--all", "--event", "x"))
        .isInstanceOf(ParameterException.class).hasMessageContaining("mutually exclusive");
    assertThatThrownBy(() -> parse("replay", "--event"))
        .isInstanceOf(ParameterException.class);
  }

  private static ReplayCommand parse(String... args) {
    CommandLine cli = BastionCli.commandLine();
    CommandLine.ParseResult parsed = cli.parseArgs(args);
    return (ReplayCommand) parsed.subcommand().commandSpec().userObject();
  }
}
