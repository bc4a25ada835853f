package io.bastion.node.mesh;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports for processes that will bind them later. A port the OS hands out for {@code bind(0)} comes from the
 * ephemeral range, where every outgoing connection of the machine takes its local port too: between our check and
 * the node's bind, a connection may take it. So ports are drawn below that range, where only listeners go, and
 * checked by binding them. A listener that takes one meanwhile is still possible; the starter then sees the
 * node fail with "Address already in use" and launches it again on another port (see {@link MeshStarter}).
 */
public final class Ports {

  static final int LOWEST = 10_000;
  static final int HIGHEST = 20_000;

  private Ports() {
  }

  /** A port that no process listens on now, below the ephemeral range when the machine leaves room there. */
  public static int free() {
    int high = Math.min(HIGHEST, ephemeralLow());
    if (high - LOWEST >= 1_000) {
      for (int i = 0; i < 200; i++) {
        int port = ThreadLocalRandom.current().nextInt(LOWEST, high);
        if (bindable(port)) {
          return port;
        }
      }
    }
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }

  /** Whether a listener could bind this port on every interface now. */
  static boolean bindable(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(false);
      s.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The first port of Linux's ephemeral range; elsewhere, the IANA one. */
  static int ephemeralLow() {
    // Read by line: Files.readString trusts the size procfs reports, and returned one character here.
    try (BufferedReader in = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
      return Integer.parseInt(in.readLine().trim().split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return 49_152;
    }
  }
}
