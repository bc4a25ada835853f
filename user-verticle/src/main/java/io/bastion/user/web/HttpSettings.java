package io.bastion.user.web;

import io.bastion.node.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * @param host           {@code http.host}: the address the web server binds
 * @param port           {@code http.port} (0: any free port)
 * @param publicUrl      {@code http.public-url}: how browsers reach this node (links in mail, its trusted origin),
 *                       else {@code http://127.0.0.1:<port>}
 * @param webroot        {@code webroot}: the page's files
 * @param trustedOrigins {@code http.trusted-origins}: comma-separated origins ({@code scheme://host[:port]}) whose
 *                       pages may use this node with the session cookie, besides its own and the user nodes that
 *                       announce themselves with the cluster's certificate (see {@link TrustedOrigins})
 * @param trustedProxies {@code http.trusted-proxies}: IP addresses of reverse proxies whose
 *                       {@code X-Forwarded-For} names the client (comma-separated; empty: the header is ignored)
 */
public record HttpSettings(String host, int port, String publicUrl, Path webroot, List<String> trustedOrigins,
    Set<String> trustedProxies) {

  private static final String DEFAULT_PUBLIC = "http://127.0.0.1:";

  public static HttpSettings from(Settings s) {
    int port = s.integer("http.port", 0, 65535);
    return new HttpSettings(
        s.nonEmpty("http.host"),
        port,
        s.optionalString("http.public-url").orElse(DEFAULT_PUBLIC + port),
        s.path("webroot"),
        origins(s.string("http.trusted-origins")),
        ClientAddress.parse("http.trusted-proxies", s.string("http.trusted-proxies")));
  }

  /** An https public URL: cookies get {@code Secure} and responses HSTS, also behind a TLS-terminating proxy. */
  public boolean httpsPublicUrl() {
    return publicUrl.regionMatches(true, 0, "https://", 0, 8);
  }

  /** The public URL once the server listens: with {@code http.port} 0 and no public URL, the port it took. */
  public String publicUrl(int actualPort) {
    return port == 0 && publicUrl.equals(DEFAULT_PUBLIC + 0) ? DEFAULT_PUBLIC + actualPort : publicUrl;
  }

  private static List<String> origins(String list) {
    List<String> origins = new ArrayList<>();
    for (String item : list.split(",")) {
      if (item.isBlank()) {
        continue;
      }
      origins.add(Origins.bare(item).orElseThrow(() -> new IllegalArgumentException("http.trusted-origins: '"
          + item.trim() + "' is not an origin: write scheme://host[:port], http or https, without a path")));
    }
    return List.copyOf(origins);
  }
}
