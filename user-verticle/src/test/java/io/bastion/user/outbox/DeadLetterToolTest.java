package io.bastion.user.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.user.db.EmbeddedDatabase;
import io.bastion.user.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./bastion replay}'s tool as the command runs it: settings from {@code -Dbastion.*} properties, the database
 * named by {@code db.url} alone (as {@code replay --db-url} passes it), and never a migration of the schema.
 */
class DeadLetterToolTest {

  private static final String[] KEYS = {"bastion.db.url", "bastion.db.host", "bastion.db.password-file"};

  @TempDir
  Path dir;

  @AfterEach
  void clearProperties() {
    for (String key : KEYS) {
      System.clearProperty(key);
    }
  }

  @Test
  void aDatabaseNamedByUrlAloneIsListed() throws Exception {
    TestDatabase.fresh("replay_by_url");
    Result listed = run(Map.of("bastion.db.url", url("replay_by_url", "?sslmode=disable"),
        "bastion.db.password-file", passwordFile().toString()), "--list");
    assertThat(listed.status()).as("exit status; stderr: " + listed.err()).isZero();
    assertThat(listed.out()).contains("no dead letters");
  }

  @Test
  void theUrlsSslModeIsTheOneUsed() throws Exception {
    TestDatabase.fresh("replay_tls");
    // The embedded server has no TLS: sslmode=require in the URL must make the tool refuse it, not ignore it.
    Result listed = run(Map.of("bastion.db.url", url("replay_tls", "?sslmode=require"),
        "bastion.db.password-file", passwordFile().toString()), "--list");
    assertThat(listed.status()).as("exit status").isEqualTo(1);
    assertThat(listed.err()).contains("ssl-mode require").contains("replay_tls");
  }

  @Test
  void theToolNeverMigratesTheSchema() throws Exception {
    try (Connection c = superuser("postgres"); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS replay_unmigrated WITH (FORCE)");
      s.execute("CREATE DATABASE replay_unmigrated");
    }
    Result listed = run(Map.of("bastion.db.url", url("replay_unmigrated", ""),
        "bastion.db.password-file", passwordFile().toString()), "--list");

    assertThat(listed.status()).as("a database without the schema is a failure, not a reason to migrate it")
        .isEqualTo(1);
    assertThat(listed.err()).contains("dead_letters");
    try (Connection c = superuser("replay_unmigrated"); Statement s = c.createStatement();
         ResultSet tables = s.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")) {
      tables.next();
      assertThat(tables.getInt(1)).as("tables the tool created in an unmigrated database").isZero();
    }
  }

  @Test
  void withoutADatabaseNamedItIsABadArgument() {
    Result listed = run(Map.of(), "--list");
    assertThat(listed.status()).isEqualTo(2);
    assertThat(listed.err()).contains("db.url or db.host");
  }

  private Result run(Map<String, String> properties, String... args) {
    properties.forEach(System::setProperty);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream systemErr = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int status = new DeadLetterTool(new PrintStream(out, true, StandardCharsets.UTF_8)).run(args);
      return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(systemErr);
    }
  }

  private record Result(int status, String out, String err) {
  }

  private Path passwordFile() throws Exception {
    return Files.writeString(dir.resolve("db-password"), TestDatabase.password() + "\n");
  }

  private static String url(String database, String params) {
    return "postgresql://" + EmbeddedDatabase.USER + "@127.0.0.1:" + TestDatabase.port() + "/" + database + params;
  }

  private static Connection superuser(String database) throws Exception {
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + TestDatabase.port() + "/" + database,
        EmbeddedDatabase.USER, TestDatabase.password());
  }
}
