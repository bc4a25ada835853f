package io.bastion.node.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
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
  void anExternalDatabaseByUrl() throws Exception {
    ReplayCommand replay = parse("replay", "--all", "--db-url", "postgresql://bastion@db.example:6543/bastion",
        "--db-password-file", "/etc/bastion/db-password", "--setting", "db.ssl-mode=verify-full");
    assertThat(replay.command(Path.of("user.jar")))
        .contains("-Dbastion.db.host=db.example", "-Dbastion.db.port=6543", "-Dbastion.db.name=bastion",
            "-Dbastion.db.user=bastion", "-Dbastion.db.password-file=/etc/bastion/db-password",
            "-Dbastion.db.ssl-mode=verify-full")
        .endsWith("--all");
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
