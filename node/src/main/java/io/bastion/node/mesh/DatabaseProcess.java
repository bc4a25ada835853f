package io.bastion.node.mesh;

import java.nio.file.Path;

/** The embedded PostgreSQL's process (io.bastion.user.db.DatabaseMain), its data directory and its port. */
public record DatabaseProcess(NodeProcess process, Path dataDir, int port) {
}
