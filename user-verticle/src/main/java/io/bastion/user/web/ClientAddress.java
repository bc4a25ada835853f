package io.bastion.user.web;

import io.netty.util.NetUtil;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The client's address as rate limits see it. The TCP peer, unless that peer is a configured trusted proxy: then
 * the right-most address of {@code X-Forwarded-For} that is not itself a trusted proxy (each proxy appends the
 * address it saw, so everything left of that was written by the client and may be forged).
 */
public final class ClientAddress {

  private final Set<String> trustedProxies;

  public ClientAddress(Set<String> trustedProxies) {
    this.trustedProxies = Set.copyOf(trustedProxies);
  }

  /** Parses {@code http.trusted-proxies}: comma-separated IP addresses, possibly empty. */
  public static Set<String> parse(String key, String value) {
    Set<String> proxies = new LinkedHashSet<>();
    for (String part : value.split(",")) {
      String ip = part.trim();
      if (ip.isEmpty()) {
        continue;
      }
      String canonical = canonical(ip);
      if (canonical == null) {
        throw new IllegalArgumentException("setting " + key + " must list IP addresses separated by commas, got '"
            + value + "'");
      }
      proxies.add(canonical);
    }
    return Set.copyOf(proxies);
  }

  public String of(HttpServerRequest request) {
    String peer = peer(request.remoteAddress());
    if (!trustedProxies.contains(peer)) {
      return peer;
    }
    List<String> hops = request.headers().getAll("X-Forwarded-For").stream()
        .flatMap(h -> Arrays.stream(h.split(",")))
        .map(String::trim)
        .toList();
    for (int i = hops.size() - 1; i >= 0; i--) {
      String ip = canonical(hops.get(i));
      if (ip == null) {
        return peer; // garbage where a proxy should have written an address: count it against the proxy
      }
      if (!trustedProxies.contains(ip)) {
        return ip;
      }
    }
    return peer;
  }

  private static String peer(SocketAddress address) {
    if (address == null) {
      return "unknown";
    }
    String ip = address.hostAddress() == null ? address.host() : address.hostAddress();
    String canonical = canonical(ip);
    return canonical == null ? ip : canonical;
  }

  /**
   * One spelling per address (IPv6 compressed, as {@code ::1}), so that a configured proxy matches the peer;
   * null for anything that is not an IP literal. Parsed without any name lookup.
   */
  static String canonical(String ip) {
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(ip);
    return bytes == null ? null : NetUtil.bytesToIpAddress(bytes).toLowerCase(Locale.ROOT);
  }
}
