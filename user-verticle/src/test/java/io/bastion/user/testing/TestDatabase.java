package io.bastion.user.testing;

import io.bastion.user.db.Database;
import io.bastion.user.db.EmbeddedDatabase;
import io.bastion.user.db.Migrations;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The real PostgreSQL of the in-process tests: one embedded server per test JVM (in target/test-pg, started on
 * first use, stopped when the JVM exits), and a freshly migrated database per test class, so that classes never
 * see each other's rows.
 */
public final class TestDatabase {

  private static EmbeddedDatabase server;

  private TestDatabase() {
  }

  /**
   * Drops and creates the database {@code name}, brings its schema up to date and returns how to reach it. Blocks
   * (call it from {@code @BeforeAll}).
   */
  public static synchronized PgConnectOptions fresh(String name) {
    if (!name.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException("database name must be lower-case letters, digits and _: " + name);
    }
    start();
    try (Connection c = DriverManager.getConnection(url(EmbeddedDatabase.DATABASE), EmbeddedDatabase.USER, "");
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
        .setPassword("")
        .setCachePreparedStatements(true)
        .setPipeliningLimit(256);
    Migrations.migrate(options);
    return options;
  }

  public static Pool pool(Vertx vertx, PgConnectOptions options) {
    return Database.pool(vertx, options, 4);
  }

  private static void start() {
    if (server != null) {
      return;
    }
    try {
      server = EmbeddedDatabase.start(Path.of("target/test-pg"), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL of the tests", e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.close();
      } catch (IOException e) {
        // The JVM is going away; the next start stops an orphan left behind.
      }
    }, "test-pg-stop"));
  }

  private static String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + server.port() + "/" + database;
  }
}
