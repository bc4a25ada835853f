package io.bastion.user.db;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Which clients the embedded database accepts (with the password) when it listens beyond loopback: those of the
 * network the listen address is on, as this machine's interfaces say (an address routed through an interface, such
 * as 127.0.0.4 on Linux's lo, belongs to that interface's network). Clients from elsewhere are refused by
 * pg_hba.conf before they may try a password. Only when no interface's network holds the address (a service address
 * routed to the machine) or the server listens on every interface are all addresses allowed, with the password.
 */
final class ClientNetwork {

  /** An address of this machine with its network prefix length (as {@code 10.0.1.5/24}). */
  record Local(InetAddress address, int prefix) {
  }

  private ClientNetwork() {
  }

  /** The pg_hba.conf address field for clients of {@code host}'s network: {@code 10.0.1.0/24}, or {@code all}. */
  static String of(String host) {
    if (host.equals("*") || host.equals("0.0.0.0") || host.equals("::")) {
      return "all"; // every interface: no one network to name
    }
    try {
      return of(InetAddress.getByName(host), localAddresses()).orElse("all");
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("the database's listen address '" + host + "' is not an address", e);
    }
  }

  /** The network (in CIDR form) of the first of {@code local} whose network holds {@code host}. */
  static Optional<String> of(InetAddress host, List<Local> local) {
    byte[] h = host.getAddress();
    for (Local l : local) {
      byte[] a = l.address().getAddress();
      if (a.length == h.length && l.prefix() > 0 && samePrefix(a, h, l.prefix())) {
        return Optional.of(network(h, l.prefix()) + "/" + l.prefix());
      }
    }
    return Optional.empty();
  }

  private static boolean samePrefix(byte[] a, byte[] b, int bits) {
    for (int i = 0; i < bits; i++) {
      int mask = 0x80 >> (i % 8);
      if ((a[i / 8] & mask) != (b[i / 8] & mask)) {
        return false;
      }
    }
    return true;
  }

  private static String network(byte[] address, int bits) {
    byte[] n = address.clone();
    for (int i = bits; i < n.length * 8; i++) {
      n[i / 8] &= (byte) ~(0x80 >> (i % 8));
    }
    try {
      return InetAddress.getByAddress(n).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Local> localAddresses() {
    try {
      return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
          .flatMap(i -> i.getInterfaceAddresses().stream())
          .map(a -> new Local(a.getAddress(), a.getNetworkPrefixLength()))
          .toList();
    } catch (SocketException e) {
      throw new IllegalStateException("cannot list this machine's network interfaces: " + e.getMessage(), e);
    }
  }
}
