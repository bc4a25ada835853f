package io.bastion.node.mesh;

/**
 * The shape of a whole mesh: how many nodes of each kind, and the ports the operator chose. User node i (from 1)
 * serves {@code httpPort + i - 1}.
 */
public record MeshLayout(int userNodes, int securityNodes, int httpPort, int dbPort) {

  public MeshLayout {
    if (userNodes < 1) {
      throw new IllegalArgumentException("at least one user node is needed (security nodes join through it)");
    }
    if (securityNodes < 0) {
      throw new IllegalArgumentException("the number of security nodes cannot be negative");
    }
    if (httpPort < 1 || httpPort + userNodes - 1 > 65_535) {
      throw new IllegalArgumentException("HTTP ports " + httpPort + " to " + (httpPort + userNodes - 1)
          + " are not all valid ports");
    }
    if (dbPort < 1 || dbPort > 65_535) {
      throw new IllegalArgumentException("database port " + dbPort + " is not a valid port");
    }
  }

  /** The HTTP port of user node {@code i}, counted from 1. */
  public int httpPort(int i) {
    return httpPort + i - 1;
  }
}
