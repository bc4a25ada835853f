package io.bastion.user.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the database once per JVM and settings: the configured server ({@code db.url} or {@code db.host}, see
 * {@link ExternalDatabase}), or else an embedded one with its data under {@code db.embedded.dir}; then brings the
 * schema up to date. Both steps block and run off the event loop.
 */
public final class Database {

  private static final Logger LOG = LoggerFactory.getLogger(Database.class);
  /** Kept apart from any Vert.x instance: a JVM that runs several (in-process tests) asks from each. */
  private static final Map<DatabaseSettings, CompletableFuture<PgConnectOptions>> PREPARED = new HashMap<>();
  private static EmbeddedDatabase embedded;

  private Database() {
  }

  public static synchronized Future<PgConnectOptions> prepare(Vertx vertx, DatabaseSettings settings) {
    CompletableFuture<PgConnectOptions> prepared = PREPARED.get(settings);
    if (prepared == null) {
      CompletableFuture<PgConnectOptions> preparing = vertx.executeBlocking(() -> {
        PgConnectOptions options = connectOptions(settings);
        migrate(options);
        return options;
      }, false).toCompletionStage().toCompletableFuture();
      preparing.whenComplete((options, e) -> {
        if (e != null) {
          synchronized (Database.class) {
            PREPARED.remove(settings, preparing);
          }
        }
      });
      PREPARED.put(settings, preparing);
      prepared = preparing;
    }
    // Each node still connects where its own settings say (in-process tests put a proxy of the same server there).
    return Future.fromCompletionStage(prepared, vertx.getOrCreateContext())
        .map(options -> settings.host().isEmpty() ? options
            : new PgConnectOptions(options).setHost(settings.host().get()).setPort(settings.port()));
  }

  private static PgConnectOptions tuned(PgConnectOptions options) {
    return options.setCachePreparedStatements(true)
        .setPipeliningLimit(256)
        .setReconnectAttempts(5)
        .setReconnectInterval(500);
  }

  public static Pool pool(Vertx vertx, PgConnectOptions options, int size) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(size))
        .connectingTo(options)
        .using(vertx)
        .build();
  }

  /**
   * The first connection happens here, over JDBC: a refused certificate or password stops the node with a message
   * that says which server and which TLS mode, not only Flyway's "unable to obtain connection".
   */
  private static void migrate(PgConnectOptions options) {
    try {
      Migrations.migrate(options);
    } catch (RuntimeException e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      throw new IllegalStateException("cannot use PostgreSQL at " + options.getHost() + ":" + options.getPort()
          + " (database " + options.getDatabase() + ", user " + options.getUser() + ", ssl-mode "
          + options.getSslMode().value + "): " + e.getMessage() + (root == e ? "" : "; cause: " + root), e);
    }
  }

  private static PgConnectOptions connectOptions(DatabaseSettings settings) throws Exception {
    if (settings.external()) {
      PgConnectOptions options = tuned(ExternalDatabase.options(settings));
      LOG.info("using PostgreSQL at {}:{} (database {}, ssl-mode {})", options.getHost(), options.getPort(),
          options.getDatabase(), options.getSslMode().value);
      return options;
    }
    PgConnectOptions options = tuned(new PgConnectOptions());
    Path dir = settings.embeddedDir();
    embedded = EmbeddedDatabase.start(dir, settings.embeddedPort());
    return options.setHost("127.0.0.1")
        .setPort(embedded.port())
        .setDatabase(EmbeddedDatabase.DATABASE)
        .setUser(EmbeddedDatabase.USER)
        .setPassword(embedded.password());
  }
}
