package io.bastion.user.testing;

import io.bastion.user.db.Database;
import io.bastion.user.db.EmbeddedDatabase;
import io.bastion.user.db.Migrations;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One real PostgreSQL (the embedded server the product uses) per test JVM, in a fresh folder under
 * {@code target/in-process}, stopped and removed when the JVM exits. Starting it is the fixed cost of the in-process tests
 * (a few seconds); every test class shares it. Tests that deploy a whole user node use its main database and keep
 * their data apart with their own emails and ids; tests of one part take a freshly migrated database of their own
 * ({@link #fresh}), so that they can count rows.
 *
 * <p>The user service's {@code Database} prepares the schema once per JVM, for the first server it is given: that
 * is why there is only ever one, here.
 */
public final class TestDatabase {

  private static EmbeddedDatabase server;
  private static Path runDir;

  private TestDatabase() {
  }

  /** The server's port, starting it on first use (blocking: call from the test thread, not an event loop). */
  public static synchronized int port() {
    if (server == null) {
      try {
        server = EmbeddedDatabase.start(workDir().resolve("pg"), 0);
      } catch (IOException e) {
        throw new UncheckedIOException("in-process tests: the embedded PostgreSQL did not start", e);
      }
    }
    return server.port();
  }

  /** The superuser's password (the embedded server asks for it, as in production). */
  public static synchronized String password() {
    port();
    return server.password();
  }

  /** The folder of the server's data (its password file is next to it). */
  public static synchronized Path dataDir() {
    port();
    return server.dataDir();
  }

  /** A client of the test database, for tests that look at or age stored rows; the caller closes it. */
  public static Pool pool(Vertx vertx) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(2))
        .connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(port())
            .setDatabase(EmbeddedDatabase.DATABASE).setUser(EmbeddedDatabase.USER).setPassword(password()))
        .using(vertx)
        .build();
  }

  /**
   * Drops and creates the database {@code name} on the shared server, brings its schema up to date and returns how
   * to reach it. Blocks (call it from {@code @BeforeAll}).
   */
  public static synchronized PgConnectOptions fresh(String name) {
    if (!name.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException("database name must be lower-case letters, digits and _: " + name);
    }
    port();
    try (Connection c = DriverManager.getConnection(url(EmbeddedDatabase.DATABASE), EmbeddedDatabase.USER, password());
         Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name, e);
    }
    PgConnectOptions options = new PgConnectOptions()
        .setHost("127.0.0.1")
        .setPort(server.port())
        .setDatabase(name)
        .setUser(EmbeddedDatabase.USER)
        .setPassword(server.password())
        .setCachePreparedStatements(true)
        .setPipeliningLimit(256);
    Migrations.migrate(options);
    return options;
  }

  /** The user service's own pool over a database made by {@link #fresh}; the caller closes it. */
  public static Pool pool(Vertx vertx, PgConnectOptions options) {
    return Database.pool(vertx, options, 4);
  }

  private static String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + server.port() + "/" + database;
  }

  /**
   * This JVM's folder for the in-process tests' files (database, node data), under the module's target folder;
   * removed when the JVM exits.
   */
  static synchronized Path workDir() throws IOException {
    if (runDir == null) {
      Path parent = Files.createDirectories(Path.of("target", "in-process").toAbsolutePath());
      runDir = Files.createTempDirectory(parent, "run-");
      Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::cleanUp, "in-process-tests-clean-up"));
    }
    return runDir;
  }

  private static synchronized void cleanUp() {
    try {
      if (server != null) {
        server.close();
      }
      try (Stream<Path> files = Files.walk(runDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    } catch (IOException | RuntimeException e) {
      System.err.println("in-process tests: could not stop or remove " + runDir + ": " + e);
    }
  }
}
