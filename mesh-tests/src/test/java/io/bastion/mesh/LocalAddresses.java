package io.bastion.mesh;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Addresses of this machine other than 127.0.0.1, to knock on the cluster's ports through. */
final class LocalAddresses {

  private LocalAddresses() {
  }

  /**
   * A non-loopback address of an interface that is up, IPv4 first; else, on Linux, 127.0.0.2 (all of 127/8 reaches
   * lo there, and a socket bound to 127.0.0.1 does not listen on it). Only an address proven reachable counts.
   */
  static Optional<InetAddress> other() throws IOException {
    List<InetAddress> candidates = new ArrayList<>();
    try {
      for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nif.isUp() || nif.isLoopback()) {
          continue;
        }
        for (InetAddress a : Collections.list(nif.getInetAddresses())) {
          if (!a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isAnyLocalAddress()) {
            candidates.add(a);
          }
        }
      }
    } catch (SocketException noInterfaces) {
      // Thrown when every interface is down: only the fallback is left.
    }
    candidates.sort(Comparator.comparing(a -> a instanceof Inet6Address));
    if (System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")) {
      candidates.add(InetAddress.getByName("127.0.0.2"));
    }
    for (InetAddress a : candidates) {
      if (reachableThroughWildcard(a)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** Control: a listener on every interface accepts through {@code a}, so a refusal later means "not bound there". */
  private static boolean reachableThroughWildcard(InetAddress a) {
    try (ServerSocket control = new ServerSocket(0, 1, null); Socket s = new Socket()) {
      s.connect(new InetSocketAddress(a, control.getLocalPort()), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static boolean accepts(InetAddress a, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(a, port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The address as Hazelcast's client configuration spells it, with a port. */
  static String hostAndPort(InetAddress a, int port) {
    return (a instanceof Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress()) + ":" + port;
  }
}
