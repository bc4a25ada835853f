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
 * @param addresses        {@code cluster.public-address}, {@code cluster.bus.*}: the event bus's port and what a
 *                         node advertises when the others reach it at another address
 */
public record ClusterSettings(String name, int port, String members, String networkInterface, boolean lite,
    TlsSettings tls, ClusterAddresses addresses) {

  public static ClusterSettings from(Settings s, boolean liteByDefault) {
    String lite = s.oneOf("cluster.lite", List.of("auto", "true", "false"));
    return new ClusterSettings(
        s.nonEmpty("cluster.name"),
        s.integer("cluster.port", 1, 65535),
        s.nonEmpty("cluster.members"),
        s.nonEmpty("cluster.interface"),
        lite.equals("auto") ? liteByDefault : Boolean.parseBoolean(lite),
        TlsSettings.from(s),
        ClusterAddresses.from(s));
  }

  /**
   * Hazelcast's own properties. A literal address in {@code cluster.interface} is also Hazelcast's local address:
   * its interface matching only finds addresses assigned to an interface, and an address the machine reaches
   * through a route (127.0.0.2 on Linux's lo, a service address) would stop it with "no matching interface".
   * A pattern ({@code 10.0.*.*}) is left to the matching. The public address it advertises only when one is set
   * (an empty {@code <public-address>} in cluster.xml would not mean "none").
   */
  public Map<String, String> hazelcastProperties() {
    Map<String, String> p = new java.util.HashMap<>();
    if (LITERAL_ADDRESS.matcher(networkInterface).matches()) {
      p.put("hazelcast.local.localAddress", networkInterface);
    }
    addresses.hazelcastPublic().ifPresent(a -> p.put("hazelcast.local.publicAddress", a));
    return Map.copyOf(p);
  }

  /** An IPv4 address written out, or an IPv6 one (hex and colons): not one of Hazelcast's interface patterns. */
  private static final java.util.regex.Pattern LITERAL_ADDRESS =
      java.util.regex.Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*");

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
