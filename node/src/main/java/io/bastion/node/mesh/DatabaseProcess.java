package io.bastion.node.mesh;

import java.nio.file.Path;

/**
 * The embedded PostgreSQL's process (io.bastion.user.db.DatabaseMain), its data directory, its port and the
 * address it listens on for the nodes (besides loopback).
 */
public record DatabaseProcess(NodeProcess process, Path dataDir, int port, String host) {

  public DatabaseProcess(NodeProcess process, Path dataDir, int port) {
    this(process, dataDir, port, NodeSpec.LOOPBACK);
  }

  /** The superuser's password file that the database writes next to its data (as EmbeddedDatabase.passwordFile). */
  public Path passwordFile() {
    return dataDir.toAbsolutePath().resolveSibling("db-password");
  }
}
