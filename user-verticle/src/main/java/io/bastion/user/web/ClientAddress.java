package io.bastion.user.web;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The client's address as rate limits see it. The TCP peer, unless that peer is a configured trusted proxy: then
 * the right-most address of {@code X-Forwarded-For} that is not itself a trusted proxy (each proxy appends the
 * address it saw, so everything left of that was written by the client and may be forged).
 */
public final class ClientAddress {

  /** IPv4 or IPv6 literals only: a proxy setting must never need a name lookup. */
  private static final Pattern IP = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

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
      if (!IP.matcher(ip).matches()) {
        throw new IllegalArgumentException("setting " + key + " must list IP addresses separated by commas, got '"
            + value + "'");
      }
      proxies.add(normalise(ip));
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
      String hop = hops.get(i);
      if (!IP.matcher(hop).matches()) {
        return peer; // garbage where a proxy should have written an address: count it against the proxy
      }
      String ip = normalise(hop);
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
    String ip = address.hostAddress();
    return normalise(ip == null ? address.host() : ip);
  }

  private static String normalise(String ip) {
    return ip.toLowerCase(Locale.ROOT);
  }
}
