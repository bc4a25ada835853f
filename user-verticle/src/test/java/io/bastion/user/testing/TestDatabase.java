package io.bastion.user.testing;

import io.bastion.user.db.EmbeddedDatabase;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One real PostgreSQL (the embedded server the product uses) per test JVM, in a fresh folder under
 * {@code target/in-process}, stopped when the JVM exits. Starting it is the fixed cost of the in-process tests
 * (a few seconds); every test class shares it, so tests keep their data apart with their own emails and ids.
 *
 * <p>The user service's {@code Database} prepares the schema once per JVM, for the first server it is given: that
 * is why there is only ever one, here.
 */
public final class TestDatabase {

  private static EmbeddedDatabase server;

  private TestDatabase() {
  }

  /** The server's port, starting it on first use (blocking: call from the test thread, not an event loop). */
  public static synchronized int port() {
    if (server == null) {
      try {
        Path dir = Files.createTempDirectory(workDir(), "pg-");
        server = EmbeddedDatabase.start(dir, 0);
      } catch (IOException e) {
        throw new UncheckedIOException("in-process tests: the embedded PostgreSQL did not start", e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::stop, "test-database-stop"));
    }
    return server.port();
  }

  /** A client of the test database, for tests that look at or age stored rows; the caller closes it. */
  public static Pool pool(Vertx vertx) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(2))
        .connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(port())
            .setDatabase(EmbeddedDatabase.DATABASE).setUser(EmbeddedDatabase.USER).setPassword(""))
        .using(vertx)
        .build();
  }

  /** Where the in-process tests keep their files: under the module's target folder, so a clean removes them. */
  static Path workDir() throws IOException {
    return Files.createDirectories(Path.of("target", "in-process").toAbsolutePath());
  }

  private static synchronized void stop() {
    try {
      server.close();
    } catch (IOException e) {
      System.err.println("in-process tests: could not stop the embedded PostgreSQL: " + e);
    }
  }
}
