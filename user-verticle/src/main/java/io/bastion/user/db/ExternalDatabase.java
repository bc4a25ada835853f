package io.bastion.user.db;

import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How a user node reaches a PostgreSQL it did not start ({@code db.url} or {@code db.host}, see
 * {@link DatabaseSettings}): address, credentials and TLS as Vert.x's {@link PgConnectOptions}. Migrations derive
 * their JDBC URL from the same options, so both clients connect alike.
 */
public final class ExternalDatabase {

  private ExternalDatabase() {
  }

  /** The options for {@code settings}, which must name a server; reads the password and CA files (blocking). */
  public static PgConnectOptions options(DatabaseSettings settings) throws IOException {
    PgConnectOptions options;
    String mode = settings.sslMode();
    Optional<Path> ca = settings.sslCa();
    if (settings.url().isPresent()) {
      DatabaseUrl url = DatabaseUrl.parse(settings.url().get());
      options = url.where();
      mode = url.sslMode().orElse(mode);
      ca = url.sslRootCert().map(Path::of).or(() -> settings.sslCa());
      // What the URL leaves out comes from the separate keys, not from Vert.x's defaults.
      if (!url.hasUser()) {
        options.setUser(settings.user());
      }
      if (!url.hasPassword()) {
        options.setPassword(password(settings));
      }
      if (!url.hasDatabase()) {
        options.setDatabase(settings.name());
      }
    } else {
      options = new PgConnectOptions()
          .setHost(settings.host().orElseThrow(() -> new IllegalArgumentException("no database host")))
          .setPort(settings.port())
          .setDatabase(settings.name())
          .setUser(settings.user())
          .setPassword(password(settings));
    }
    return tls(options, mode, ca);
  }

  private static String password(DatabaseSettings settings) throws IOException {
    return settings.passwordFile().isPresent()
        ? Files.readString(settings.passwordFile().get()).trim() : settings.password();
  }

  /**
   * libpq's sslmode on Vert.x: require encrypts (and checks the chain only when a CA is given, as libpq does with a
   * root certificate), verify-ca checks the chain against the CA, verify-full also the host name.
   */
  static PgConnectOptions tls(PgConnectOptions options, String mode, Optional<Path> ca) {
    if (ca.isPresent() && !Files.isReadable(ca.get())) {
      throw new IllegalArgumentException("setting db.ssl-ca: cannot read the CA file " + ca.get().toAbsolutePath());
    }
    ClientSSLOptions ssl = new ClientSSLOptions();
    ca.ifPresent(file -> ssl.setTrustOptions(new PemTrustOptions().addCertPath(file.toAbsolutePath().toString())));
    switch (mode) {
      case "disable" -> {
        return options.setSslMode(SslMode.DISABLE);
      }
      case "require" -> {
        if (ca.isEmpty()) {
          ssl.setTrustAll(true);
        }
        ssl.setHostnameVerificationAlgorithm("");
        return options.setSslMode(ca.isEmpty() ? SslMode.REQUIRE : SslMode.VERIFY_CA).setSslOptions(ssl);
      }
      case "verify-ca", "verify-full" -> {
        if (ca.isEmpty()) {
          throw new IllegalArgumentException("setting db.ssl-mode " + mode + " needs db.ssl-ca (or sslrootcert in "
              + "db.url): the PEM file of the certificate authority that signed the server's certificate");
        }
        boolean full = mode.equals("verify-full");
        ssl.setHostnameVerificationAlgorithm(full ? "HTTPS" : "");
        return options.setSslMode(full ? SslMode.VERIFY_FULL : SslMode.VERIFY_CA).setSslOptions(ssl);
      }
      default -> throw new IllegalArgumentException("setting db.ssl-mode must be one of "
          + String.join(", ", DatabaseSettings.SSL_MODES) + ", got '" + mode + "'");
    }
  }
}
