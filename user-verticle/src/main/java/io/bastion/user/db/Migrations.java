package io.bastion.user.db;

import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
    String url = "jdbc:postgresql://" + db.getHost() + ":" + db.getPort() + "/" + db.getDatabase() + tls(db);
    Flyway flyway = Flyway.configure()
        .dataSource(url, db.getUser(), db.getPassword())
        .locations("classpath:db/migration")
        // Several user nodes may start at once: Flyway serialises them with an advisory lock.
        .load();
    MigrateResult result = flyway.migrate();
    LOG.info("database schema at version {} ({} migration(s) applied)", result.targetSchemaVersion,
        result.migrationsExecuted);
  }

  /**
   * The JDBC driver's TLS parameters for the Vert.x client's (see ExternalDatabase): the same sslmode, and the same
   * CA file as sslrootcert. pgjdbc's require checks no certificate, as libpq's without a root certificate.
   */
  static String tls(PgConnectOptions db) {
    SslMode mode = db.getSslMode();
    if (mode == null || mode == SslMode.DISABLE) {
      return "?sslmode=disable";
    }
    String params = "?sslmode=" + mode.value;
    if (db.getSslOptions() != null && db.getSslOptions().getTrustOptions() instanceof PemTrustOptions pem
        && !pem.getCertPaths().isEmpty()) {
      params += "&sslrootcert=" + URLEncoder.encode(pem.getCertPaths().get(0), StandardCharsets.UTF_8);
    }
    return params;
  }
}
