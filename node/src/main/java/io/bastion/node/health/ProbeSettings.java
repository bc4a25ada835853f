package io.bastion.node.health;

import io.bastion.node.Settings;

/**
 * Where a node without a web server of its own answers its readiness probe ({@link HealthServer}).
 *
 * @param port {@code health.port}: 0, no probe server; the mesh starter gives each node it starts a free port
 * @param host {@code cluster.interface}: the probe listens there, not on every interface
 */
public record ProbeSettings(int port, String host) {

  public static ProbeSettings from(Settings s) {
    return new ProbeSettings(s.integer("health.port", 0, 65535), s.nonEmpty("cluster.interface"));
  }
}
