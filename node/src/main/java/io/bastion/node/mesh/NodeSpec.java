package io.bastion.node.mesh;

import java.util.List;

/**
 * What was asked for when a node was launched: its kind, name, the address it binds and advertises (HTTP,
 * Hazelcast, event bus, readiness probe: the host it stands for), HTTP port (0: the starter assigns one) and its
 * own system properties. Enough to launch it again.
 */
record NodeSpec(NodeProcess.Kind kind, String name, String host, int httpPort, List<String> properties) {

  static final String LOOPBACK = "127.0.0.1";

  NodeSpec {
    properties = List.copyOf(properties);
  }

  NodeSpec(NodeProcess.Kind kind, String name, int httpPort, List<String> properties) {
    this(kind, name, LOOPBACK, httpPort, properties);
  }

  /** The starter chose this node's ports, so it may choose others when one was taken before the node bound it. */
  boolean portsAssigned() {
    // A user node with a fixed HTTP port still has an assigned management port; launches are capped anyway.
    return kind == NodeProcess.Kind.SECURITY || kind == NodeProcess.Kind.USER;
  }
}
