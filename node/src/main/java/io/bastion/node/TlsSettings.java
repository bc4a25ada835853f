package io.bastion.node;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Mutual TLS on the event bus (see {@link NodeTls}), setting {@code cluster.tls}: {@code dev}, {@code pem} or
 * {@code off}.
 *
 * @param devCertificates {@code cluster.tls.dir}, else {@code <data.dir>/certs}: where development certificates are
 * @param cert            {@code cluster.tls.cert}: this node's PEM certificate (set when the mode is PEM)
 * @param key             {@code cluster.tls.key}: its PEM private key (set when the mode is PEM)
 * @param ca              {@code cluster.tls.ca}: the cluster CA's PEM certificate (set when the mode is PEM)
 */
public record TlsSettings(Mode mode, Path devCertificates, Optional<Path> cert, Optional<Path> key,
    Optional<Path> ca) {

  public enum Mode {
    DEV, PEM, OFF;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static TlsSettings from(Settings s) {
    String mode = s.string("cluster.tls").trim();
    if (!List.of("dev", "pem", "off").contains(mode)) {
      throw new IllegalArgumentException("cluster.tls must be dev, pem or off, not '" + mode + "'");
    }
    TlsSettings tls = new TlsSettings(Mode.valueOf(mode.toUpperCase(Locale.ROOT)),
        s.optionalPath("cluster.tls.dir").orElse(s.path("data.dir").resolve("certs")),
        s.optionalPath("cluster.tls.cert"), s.optionalPath("cluster.tls.key"), s.optionalPath("cluster.tls.ca"));
    if (tls.mode == Mode.PEM) {
      require(tls.cert, "cluster.tls.cert");
      require(tls.key, "cluster.tls.key");
      require(tls.ca, "cluster.tls.ca");
    }
    return tls;
  }

  private static void require(Optional<Path> file, String key) {
    if (file.isEmpty()) {
      throw new IllegalArgumentException("cluster.tls=pem needs " + key);
    }
  }
}
