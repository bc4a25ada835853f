package io.bastion.node;

import io.vertx.core.eventbus.EventBusOptions;
import java.util.Optional;

/**
 * What a node advertises to the others when the address it binds is not the one they reach it at (NAT, containers
 * with published ports). Hazelcast binds {@code cluster.interface} and the event bus binds it too; by default both
 * advertise that same address.
 *
 * @param hazelcastPublic {@code cluster.public-address}: {@code host[:port]} Hazelcast tells the other members
 *                        (Hazelcast's {@code hazelcast.local.publicAddress}); empty: the bound address
 * @param busPort         {@code cluster.bus.port}: the event bus's TCP port (0: any free port, told to the others
 *                        through Hazelcast; fix it when a firewall must name it)
 * @param busPublicHost   {@code cluster.bus.public-host}: the host the other nodes connect to for this node's event
 *                        bus; empty: {@code cluster.interface}
 * @param busPublicPort   {@code cluster.bus.public-port}: the port they connect to; 0: the bound port
 */
public record ClusterAddresses(Optional<String> hazelcastPublic, int busPort, Optional<String> busPublicHost,
    int busPublicPort) {

  public static ClusterAddresses from(Settings s) {
    return new ClusterAddresses(
        s.optionalString("cluster.public-address"),
        s.integer("cluster.bus.port", 0, 65535),
        s.optionalString("cluster.bus.public-host"),
        s.integer("cluster.bus.public-port", 0, 65535));
  }

  /** Binds the event bus to {@code host} on {@link #busPort()} and sets what it advertises. */
  public void applyTo(EventBusOptions bus, String host) {
    bus.setHost(host).setPort(busPort);
    busPublicHost.ifPresent(bus::setClusterPublicHost);
    if (busPublicPort > 0) {
      bus.setClusterPublicPort(busPublicPort);
    }
  }
}
