package io.bastion.user.db;

import io.bastion.node.Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The database of a user node: the PostgreSQL server at {@code db.url} or {@code db.host}, or without either an
 * embedded server with its data in {@code db.embedded.dir} ({@code db.embedded.port} 0: any free port).
 *
 * <p>{@code db.url} is a {@code postgresql://user[:password]@host[:port]/database} URL whose parameters may set
 * {@code sslmode} and {@code sslrootcert}, which then win over {@code db.ssl-mode} and {@code db.ssl-ca}; without a
 * URL, {@code db.host}, {@code db.port}, {@code db.name} and {@code db.user} say where. The password is the URL's,
 * else {@code db.password}, or the content of the file {@code db.password-file} when set (how the mesh starter hands
 * a node the embedded server's generated password, see EmbeddedDatabase). TLS: {@code db.ssl-mode} is disable,
 * require (encrypted; the certificate is checked against {@code db.ssl-ca} only when one is given), verify-ca (a
 * certificate {@code db.ssl-ca} signed) or verify-full (verify-ca, and the certificate names the host), as
 * libpq's sslmode; {@code db.ssl-ca} is a PEM file of the certificate authorities to trust. {@code db.url} and
 * {@code db.host} together are refused.
 */
public record DatabaseSettings(
    Optional<String> host,
    int port,
    String name,
    String user,
    String password,
    Optional<Path> passwordFile,
    Path embeddedDir,
    int embeddedPort,
    int poolSize,
    Optional<String> url,
    String sslMode,
    Optional<Path> sslCa) {

  /** The values of {@code db.ssl-mode}, as libpq spells them. */
  public static final List<String> SSL_MODES = List.of("disable", "require", "verify-ca", "verify-full");

  public static DatabaseSettings from(Settings s) {
    DatabaseSettings settings = new DatabaseSettings(
        s.optionalString("db.host"),
        s.integer("db.port", 1, 65535),
        s.nonEmpty("db.name"),
        s.nonEmpty("db.user"),
        s.string("db.password"),
        s.optionalString("db.password-file").map(Path::of),
        s.path("db.embedded.dir"),
        s.integer("db.embedded.port", 0, 65535),
        s.integer("db.pool.size", 1, 10_000),
        s.optionalString("db.url").map(String::trim),
        s.oneOf("db.ssl-mode", SSL_MODES),
        s.optionalPath("db.ssl-ca"));
    settings.url().ifPresent(DatabaseUrl::parse); // a bad URL stops the node now, naming the setting
    if (settings.url().isPresent() && settings.host().isPresent()) {
      // One would silently win over the other: the operator meant one server, so say which keys clash.
      throw new IllegalArgumentException("settings db.url and db.host are both set: use one of them (db.url names "
          + "the server, its port and database itself)");
    }
    return settings;
  }

  /** Whether a server is named (by URL or host) rather than an embedded one started. */
  public boolean external() {
    return url.isPresent() || host.isPresent();
  }
}
