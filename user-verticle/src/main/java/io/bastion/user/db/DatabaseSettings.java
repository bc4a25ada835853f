package io.bastion.user.db;

import io.bastion.node.Settings;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The database of a user node: the PostgreSQL server at {@code db.host}, or without one an embedded server with its
 * data in {@code db.embedded.dir} ({@code db.embedded.port} 0: any free port). The password of {@code db.host} is
 * {@code db.password}, or the content of the file {@code db.password-file} when set (how the mesh starter hands a
 * node the embedded server's generated password, see EmbeddedDatabase).
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
    int poolSize) {

  public static DatabaseSettings from(Settings s) {
    return new DatabaseSettings(
        s.optionalString("db.host"),
        s.integer("db.port", 1, 65535),
        s.nonEmpty("db.name"),
        s.nonEmpty("db.user"),
        s.string("db.password"),
        s.optionalString("db.password-file").map(Path::of),
        s.path("db.embedded.dir"),
        s.integer("db.embedded.port", 0, 65535),
        s.integer("db.pool.size", 1, 10_000));
  }
}
