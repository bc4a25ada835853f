package io.bastion.user.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/** Web origins ({@code scheme://host[:port]}) as browsers send them in the {@code Origin} header. */
final class Origins {

  private Origins() {
  }

  /** The origin of an http(s) URL, lower case, without the scheme's default port; empty when it has none. */
  static Optional<String> of(String url) {
    try {
      URI u = new URI(url.trim());
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null || u.getRawUserInfo() != null) {
        return Optional.empty();
      }
      int port = u.getPort();
      boolean defaultPort = port == -1 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
      return Optional.of(scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port));
    } catch (URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** {@code url} when it is nothing but an origin (a trailing slash allowed): no path, query, fragment or user. */
  static Optional<String> bare(String url) {
    try {
      URI u = new URI(url.trim());
      String path = u.getRawPath();
      if (u.getRawQuery() != null || u.getRawFragment() != null || path != null && !path.isEmpty()
          && !path.equals("/")) {
        return Optional.empty();
      }
      return of(url);
    } catch (URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
