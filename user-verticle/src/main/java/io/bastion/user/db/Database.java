package io.bastion.user.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the database once per JVM: the configured server ({@code db.host}), or else an embedded one with its data
 * under {@code db.embedded.dir}; then brings the schema up to date. Both steps block and run off the event loop.
 */
public final class Database {

  private static final Logger LOG = LoggerFactory.getLogger(Database.class);
  /** Kept apart from any Vert.x instance: a JVM that runs several (in-process tests) asks from each. */
  private static CompletableFuture<PgConnectOptions> prepared;
  private static EmbeddedDatabase embedded;

  private Database() {
  }

  public static synchronized Future<PgConnectOptions> prepare(Vertx vertx, DatabaseSettings settings) {
    if (prepared == null) {
      CompletableFuture<PgConnectOptions> preparing = vertx.executeBlocking(() -> {
        PgConnectOptions options = connectOptions(settings);
        Migrations.migrate(options);
        return options;
      }, false).toCompletionStage().toCompletableFuture();
      preparing.whenComplete((options, e) -> {
        if (e != null) {
          synchronized (Database.class) {
            prepared = null;
          }
        }
      });
      prepared = preparing;
    }
    // Each node still connects where its own settings say (in-process tests put a proxy of the same server there).
    return Future.fromCompletionStage(prepared, vertx.getOrCreateContext())
        .map(options -> settings.host().isEmpty() ? options
            : new PgConnectOptions(options).setHost(settings.host().get()).setPort(settings.port()));
  }

  public static Pool pool(Vertx vertx, PgConnectOptions options, int size) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(size))
        .connectingTo(options)
        .using(vertx)
        .build();
  }

  private static PgConnectOptions connectOptions(DatabaseSettings settings) throws Exception {
    PgConnectOptions options = new PgConnectOptions()
        .setCachePreparedStatements(true)
        .setPipeliningLimit(256)
        .setReconnectAttempts(5)
        .setReconnectInterval(500);
    String host = settings.host().orElse(null);
    if (host != null) {
      LOG.info("using PostgreSQL at {}:{}", host, settings.port());
      return options.setHost(host)
          .setPort(settings.port())
          .setDatabase(settings.name())
          .setUser(settings.user())
          .setPassword(settings.passwordFile().isPresent()
              ? Files.readString(settings.passwordFile().get()).trim() : settings.password());
    }
    Path dir = settings.embeddedDir();
    embedded = EmbeddedDatabase.start(dir, settings.embeddedPort());
    return options.setHost("127.0.0.1")
        .setPort(embedded.port())
        .setDatabase(EmbeddedDatabase.DATABASE)
        .setUser(EmbeddedDatabase.USER)
        .setPassword(embedded.password());
  }
}
