package io.bastion.node.mesh;

import java.nio.file.Path;

/** The embedded PostgreSQL's process (io.bastion.user.db.DatabaseMain), its data directory and its port. */
public record DatabaseProcess(NodeProcess process, Path dataDir, int port) {

  /** The superuser's password file that the database writes next to its data (as EmbeddedDatabase.passwordFile). */
  public Path passwordFile() {
    return dataDir.toAbsolutePath().resolveSibling("db-password");
  }
}
