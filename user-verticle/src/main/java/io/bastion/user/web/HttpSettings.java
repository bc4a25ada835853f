package io.bastion.user.web;

import io.bastion.node.Settings;
import java.nio.file.Path;

/**
 * @param host      {@code http.host}: the address the web server binds
 * @param port      {@code http.port} (0: any free port)
 * @param publicUrl {@code http.public-url}: how browsers reach this node (links in mail), else
 *                  {@code http://127.0.0.1:<port>}
 * @param webroot   {@code webroot}: the page's files
 */
public record HttpSettings(String host, int port, String publicUrl, Path webroot) {

  public static HttpSettings from(Settings s) {
    int port = s.integer("http.port", 0, 65535);
    return new HttpSettings(
        s.nonEmpty("http.host"),
        port,
        s.optionalString("http.public-url").orElse("http://127.0.0.1:" + port),
        s.path("webroot"));
  }
}
