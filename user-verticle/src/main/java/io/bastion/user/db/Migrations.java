package io.bastion.user.db;

import io.vertx.pgclient.PgConnectOptions;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Flyway over JDBC. Blocking: call it from executeBlocking, never from an event loop. */
public final class Migrations {

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {
  }

  public static void migrate(PgConnectOptions db) {
    String url = "jdbc:postgresql://" + db.getHost() + ":" + db.getPort() + "/" + db.getDatabase();
    Flyway flyway = Flyway.configure()
        .dataSource(url, db.getUser(), db.getPassword())
        .locations("classpath:db/migration")
        // Several user nodes may start at once: Flyway serialises them with an advisory lock.
        .load();
    MigrateResult result = flyway.migrate();
    LOG.info("database schema at version {} ({} migration(s) applied)", result.targetSchemaVersion,
        result.migrationsExecuted);
  }
}
