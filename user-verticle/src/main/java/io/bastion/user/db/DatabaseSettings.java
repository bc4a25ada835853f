package io.bastion.user.db;

import io.bastion.node.Settings;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The database of a user node: the PostgreSQL server at {@code db.host}, or without one an embedded server with its
 * data in {@code db.embedded.dir} ({@code db.embedded.port} 0: any free port).
 */
public record DatabaseSettings(
    Optional<String> host,
    int port,
    String name,
    String user,
    String password,
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
        s.path("db.embedded.dir"),
        s.integer("db.embedded.port", 0, 65535),
        s.integer("db.pool.size", 1, 10_000));
  }
}
