package io.bastion.user.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded server's own log, the postmaster it exposes for watching, and a start that fails: at once, with the
 * end of PostgreSQL's log, rather than after zonky's minute of waiting.
 */
class EmbeddedDatabaseTest {

  @Test
  void postgresqlsOwnLogIsKeptAndThePostmasterCanBeWatched(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("logs/postgres.log");
    try (EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("pg"), 0)) {
      assertThat(EmbeddedDatabase.defaultLog(dir.resolve("pg"))).isEqualTo(log);
      ProcessHandle postmaster = db.postmaster().orElseThrow();
      assertThat(postmaster.isAlive()).isTrue();
      assertThat(postmaster.info().command().orElse("")).endsWith("postgres");
      assertThat(Files.readString(log)).contains("database system is ready to accept connections");
    }
    assertThat(Files.readString(log)).as("the lines after pg_ctl returned are kept too")
        .contains("database system is shut down");
  }

  @Test
  void aServerThatCannotStartFailsFastWithTheEndOfItsLog(@TempDir Path dir) throws Exception {
    Path pg = dir.resolve("pg");
    EmbeddedDatabase.start(pg, 0).close();
    Files.writeString(pg.resolve("postgresql.conf"), "\nthis line is not a setting\n", StandardOpenOption.APPEND);

    long start = System.nanoTime();
    assertThatThrownBy(() -> EmbeddedDatabase.start(pg, 0).close())
        .hasMessageContaining("PostgreSQL did not start on " + pg.toAbsolutePath() + ": configuration file")
        .hasMessageContaining("contains errors");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not zonky's 60 s wait")
        .isLessThan(Duration.ofSeconds(20));
  }
}
