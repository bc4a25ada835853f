package io.bastion.user.auth;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Where passkeys of this node belong: the relying party id is the host of {@code http.public-url} and the origin
 * the browser reports must be that URL's origin exactly (never taken from a request's Host header). WebAuthn
 * refuses IP addresses as relying party ids, so a public URL on an IP address has no passkeys.
 *
 * @param rpId   the host name, without port
 * @param origin {@code scheme://host[:port]}
 */
public record PasskeySite(String rpId, String origin) {

  /** The site of a public URL, or empty when its host is an IP address (or the URL has no host). */
  public static Optional<PasskeySite> of(String publicUrl) {
    URI uri;
    try {
      uri = URI.create(publicUrl);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    String host = uri.getHost();
    if (host == null || uri.getScheme() == null || isIpAddress(host)) {
      return Optional.empty();
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    host = host.toLowerCase(Locale.ROOT);
    return Optional.of(new PasskeySite(host, scheme + "://" + host + (uri.getPort() < 0 ? "" : ":" + uri.getPort())));
  }

  static boolean isIpAddress(String host) {
    return host.startsWith("[") || host.contains(":") || host.matches("[0-9.]+");
  }
}
