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
 *                       else {@code http://<http.host>:<port>} (127.0.0.1 when the host is a wildcard)
 * @param webroot        {@code webroot}: the page's files
 * @param trustedOrigins {@code http.trusted-origins}: comma-separated origins ({@code scheme://host[:port]}) whose
 *                       pages may use this node with the session cookie, besides its own and the user nodes that
 *                       announce themselves with the cluster's certificate (see {@link TrustedOrigins})
 * @param trustedProxies {@code http.trusted-proxies}: IP addresses of reverse proxies whose
 *                       {@code X-Forwarded-For} names the client (comma-separated; empty: the header is ignored)
 */
public record HttpSettings(String host, int port, String publicUrl, Path webroot, List<String> trustedOrigins,
    Set<String> trustedProxies) {

  public static HttpSettings from(Settings s) {
    int port = s.integer("http.port", 0, 65535);
    String host = s.nonEmpty("http.host");
    return new HttpSettings(
        host,
        port,
        s.optionalString("http.public-url").orElse(defaultPublic(host) + port),
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
    String defaultPublic = defaultPublic(host);
    return port == 0 && publicUrl.equals(defaultPublic + 0) ? defaultPublic + actualPort : publicUrl;
  }

  /**
   * Without {@code http.public-url}, the node is reached where it binds (on another machine, its address, not
   * loopback); a wildcard names no address, so loopback then, and a real deployment sets the public URL.
   */
  private static String defaultPublic(String host) {
    boolean wildcard = host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") || host.equals("*");
    String name = wildcard ? "127.0.0.1" : host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return "http://" + name + ":";
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
