package io.bastion.node;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code cluster.interface} as something a socket can bind: a literal address as written, a Hazelcast interface
 * pattern ({@code 10.0.1.*}, {@code 10.0.1.10-20}) as the first IPv4 address of this machine's interfaces that it
 * matches. Hazelcast matches the pattern itself; the event bus and the management server bind a host, so they need
 * the address it stands for (the pattern string would not resolve).
 */
public final class InterfacePattern {

  /** Four parts, each a number, {@code *} or a range {@code a-b}, with at least one of the last two. */
  private static final Pattern IPV4_PATTERN = Pattern.compile("(\\d{1,3}|\\*|\\d{1,3}-\\d{1,3})(\\.(\\d{1,3}|\\*|"
      + "\\d{1,3}-\\d{1,3})){3}");

  private InterfacePattern() {
  }

  /** Whether {@code value} is a pattern rather than an address or a host name. */
  public static boolean isPattern(String value) {
    return IPV4_PATTERN.matcher(value).matches() && (value.contains("*") || value.contains("-"));
  }

  /** The address to bind for {@code value}: itself unless a pattern, else the first local address it matches. */
  public static String resolve(String value) {
    if (!isPattern(value)) {
      return value;
    }
    return firstMatch(value, localAddresses()).orElseThrow(() -> new IllegalArgumentException("setting "
        + "cluster.interface '" + value + "' matches no address of this machine's interfaces " + localAddresses()));
  }

  /** The first of {@code candidates} (IPv4) that {@code pattern} matches. */
  static Optional<String> firstMatch(String pattern, List<InetAddress> candidates) {
    String[] parts = pattern.split("\\.");
    return candidates.stream().filter(a -> a instanceof Inet4Address).map(InetAddress::getHostAddress)
        .filter(a -> matches(parts, a.split("\\."))).findFirst();
  }

  private static boolean matches(String[] pattern, String[] address) {
    for (int i = 0; i < 4; i++) {
      String p = pattern[i];
      int octet = Integer.parseInt(address[i]);
      if (p.equals("*")) {
        continue;
      }
      int dash = p.indexOf('-');
      int low = Integer.parseInt(dash < 0 ? p : p.substring(0, dash));
      int high = dash < 0 ? low : Integer.parseInt(p.substring(dash + 1));
      if (octet < low || octet > high) {
        return false;
      }
    }
    return true;
  }

  private static List<InetAddress> localAddresses() {
    try {
      return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
          .flatMap(NetworkInterface::inetAddresses).toList();
    } catch (SocketException e) {
      throw new IllegalStateException("cannot list this machine's network interfaces: " + e.getMessage(), e);
    }
  }
}
