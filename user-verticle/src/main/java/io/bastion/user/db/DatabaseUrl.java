package io.bastion.user.db;

import io.vertx.pgclient.PgConnectOptions;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@code postgresql://} (or {@code postgres://}) URL as {@code db.url} and {@code ./bastion up --db-url} take it:
 * Vert.x's own parser ({@link PgConnectOptions#fromUri}) reads where and who; the TLS parameters {@code sslmode} and
 * {@code sslrootcert}, which that parser does not know as libpq does, are taken out first and kept here.
 *
 * @param where       host, port, database, user and password; Vert.x fills in its own defaults (user "user",
 *                    password "pass", database "db") for those the URL leaves out: see the flags
 * @param hasUser     the URL names a user
 * @param hasPassword the URL carries a password
 * @param hasDatabase the URL names a database
 * @param sslMode     the URL's {@code sslmode}, when given
 * @param sslRootCert the URL's {@code sslrootcert} (a PEM file), when given
 */
public record DatabaseUrl(PgConnectOptions where, boolean hasUser, boolean hasPassword, boolean hasDatabase,
    Optional<String> sslMode, Optional<String> sslRootCert) {

  /** Parses {@code url}; a malformed one is an IllegalArgumentException naming {@code db.url}. */
  public static DatabaseUrl parse(String url) {
    if (!url.startsWith("postgresql://") && !url.startsWith("postgres://")) {
      throw invalid("must start with postgresql://", url);
    }
    int q = url.indexOf('?');
    String base = q < 0 ? url : url.substring(0, q);
    List<String> kept = new ArrayList<>();
    Optional<String> mode = Optional.empty();
    Optional<String> rootCert = Optional.empty();
    for (String param : q < 0 ? new String[0] : url.substring(q + 1).split("&")) {
      String key = param.contains("=") ? param.substring(0, param.indexOf('=')) : param;
      String value = URLDecoder.decode(param.substring(key.length() + (param.contains("=") ? 1 : 0)),
          StandardCharsets.UTF_8);
      switch (key) {
        case "sslmode" -> {
          if (!DatabaseSettings.SSL_MODES.contains(value)) {
            throw invalid("sslmode must be one of " + String.join(", ", DatabaseSettings.SSL_MODES), url);
          }
          mode = Optional.of(value);
        }
        case "sslrootcert" -> rootCert = Optional.of(value);
        default -> kept.add(param);
      }
    }
    try {
      PgConnectOptions where = PgConnectOptions.fromUri(kept.isEmpty() ? base : base + "?" + String.join("&", kept));
      String rest = base.substring(base.indexOf("://") + 3);
      int slash = rest.indexOf('/');
      String authority = slash < 0 ? rest : rest.substring(0, slash);
      String userInfo = authority.contains("@") ? authority.substring(0, authority.lastIndexOf('@')) : "";
      boolean hasDatabase = slash >= 0 && slash < rest.length() - 1;
      return new DatabaseUrl(where, !userInfo.isEmpty() && !userInfo.startsWith(":"), userInfo.contains(":"),
          hasDatabase, mode, rootCert);
    } catch (RuntimeException e) {
      throw invalid(String.valueOf(e.getMessage()), url);
    }
  }

  private static IllegalArgumentException invalid(String why, String url) {
    // Never repeat a password in an error message.
    String shown = url.replaceFirst("^([a-z]+://[^:/@]+):[^@/]*@", "$1:***@");
    return new IllegalArgumentException("setting db.url " + why + ", got '" + shown + "'");
  }
}
