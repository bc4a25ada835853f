package io.bastion.user.web;

import io.bastion.node.Settings;
import java.nio.file.Path;
import java.util.Set;

/**
 * @param host      {@code http.host}: the address the web server binds
 * @param port      {@code http.port} (0: any free port)
 * @param publicUrl {@code http.public-url}: how browsers reach this node (links in mail), else
 *                  {@code http://127.0.0.1:<port>}
 * @param webroot   {@code webroot}: the page's files
 * @param trustedProxies {@code http.trusted-proxies}: IP addresses of reverse proxies whose
 *                  {@code X-Forwarded-For} names the client (comma-separated; empty: the header is ignored)
 */
public record HttpSettings(String host, int port, String publicUrl, Path webroot, Set<String> trustedProxies) {

  public static HttpSettings from(Settings s) {
    int port = s.integer("http.port", 0, 65535);
    return new HttpSettings(
        s.nonEmpty("http.host"),
        port,
        s.optionalString("http.public-url").orElse("http://127.0.0.1:" + port),
        s.path("webroot"),
        ClientAddress.parse("http.trusted-proxies", s.string("http.trusted-proxies")));
  }

  /** An https public URL: cookies get {@code Secure} and responses HSTS, also behind a TLS-terminating proxy. */
  public boolean httpsPublicUrl() {
    return publicUrl.regionMatches(true, 0, "https://", 0, 8);
  }
}
