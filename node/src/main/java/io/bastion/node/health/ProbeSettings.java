package io.bastion.node.health;

import io.bastion.node.Settings;

/**
 * Where a node's management server ({@link ManagementServer}: health, liveness, metrics) listens.
 *
 * @param port {@code management.port}: 0, no management server; the mesh starter gives each node it starts a free
 *             port
 * @param host {@code management.host}, or when empty {@code cluster.interface} (a pattern such as {@code 10.0.1.*}:
 *             the local address it matches): never every interface by default
 */
public record ProbeSettings(int port, String host) {

  public static ProbeSettings from(Settings s) {
    String clusterInterface = s.nonEmpty("cluster.interface");
    return new ProbeSettings(s.integer("management.port", 0, 65535),
        s.optionalString("management.host").map(String::trim)
            .orElseGet(() -> io.bastion.node.InterfacePattern.resolve(clusterInterface)));
  }
}
