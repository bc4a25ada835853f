package io.bastion.node;

import java.util.List;
import java.util.Map;

/**
 * How a node joins the cluster, read by the launcher before Vert.x starts. Hazelcast's {@code conf/cluster.xml}
 * reads the {@code bastion.cluster.*} system properties, so the launcher sets them from here ({@link
 * #systemProperties()}), whichever source the values came from.
 *
 * @param name             {@code cluster.name}: nodes join only a cluster of the same name
 * @param port             {@code cluster.port}: the first Hazelcast port tried
 * @param members          {@code cluster.members}: comma-separated hosts of other members
 * @param networkInterface {@code cluster.interface}: the interface Hazelcast and the event bus use
 * @param lite             {@code cluster.lite}: true, false, or auto (the jar says: security nodes are lite members)
 * @param tls              {@code cluster.tls*}: mutual TLS on the event bus
 */
public record ClusterSettings(String name, int port, String members, String networkInterface, boolean lite,
    TlsSettings tls) {

  public static ClusterSettings from(Settings s, boolean liteByDefault) {
    String lite = s.oneOf("cluster.lite", List.of("auto", "true", "false"));
    return new ClusterSettings(
        s.nonEmpty("cluster.name"),
        s.integer("cluster.port", 1, 65535),
        s.nonEmpty("cluster.members"),
        s.nonEmpty("cluster.interface"),
        lite.equals("auto") ? liteByDefault : Boolean.parseBoolean(lite),
        TlsSettings.from(s));
  }

  /** The properties {@code conf/cluster.xml} reads. */
  public Map<String, String> systemProperties() {
    return Map.of(
        "bastion.cluster.name", name,
        "bastion.cluster.port", Integer.toString(port),
        "bastion.cluster.members", members,
        "bastion.cluster.interface", networkInterface,
        "bastion.cluster.lite", Boolean.toString(lite));
  }
}
