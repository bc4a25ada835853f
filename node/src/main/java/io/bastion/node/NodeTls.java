package io.bastion.node;

import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.PfxOptions;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mutual TLS on the clustered event bus: every node presents a certificate signed by the cluster's CA and accepts
 * connections only from nodes that do the same, so a process that joins Hazelcast without the certificates can
 * neither receive nor send Bastion messages. Setting {@code cluster.tls}:
 * <ul>
 *   <li>{@code dev} (default): development certificates under {@code <data.dir>/certs}, generated when missing;</li>
 *   <li>{@code pem}: {@code cluster.tls.cert}, {@code cluster.tls.key} and {@code cluster.tls.ca} (PEM files);</li>
 *   <li>{@code off}: plaintext, for experiments only; the log says so loudly.</li>
 * </ul>
 */
public final class NodeTls {

  private static final Logger LOG = LoggerFactory.getLogger(NodeTls.class);

  private NodeTls() {
  }

  public static void configure(EventBusOptions bus, Settings settings) throws Exception {
    String mode = apply(bus, settings);
    if (mode.equals("off")) {
      LOG.warn("cluster.tls=off: the event bus is NOT encrypted or authenticated; any process that joins the "
          + "cluster can read and send Bastion messages");
    } else {
      LOG.info("event bus: mutual TLS ({} certificates)", mode);
    }
  }

  /** Sets the TLS options of {@code cluster.tls} on {@code bus} without logging; returns the mode. */
  public static String apply(EventBusOptions bus, Settings settings) throws Exception {
    String mode = settings.string("cluster.tls", "dev");
    switch (mode) {
      case "off" -> {
        return mode;
      }
      case "dev" -> {
        Path dir = DevCertificates.ensure(Path.of(settings.string("cluster.tls.dir",
            Path.of(settings.string("data.dir", "data")).resolve("certs").toString())));
        bus.setKeyCertOptions(new PfxOptions().setPath(dir.resolve(DevCertificates.NODE_STORE).toString())
                .setPassword(DevCertificates.PASSWORD))
            .setTrustOptions(new PfxOptions().setPath(dir.resolve(DevCertificates.TRUST_STORE).toString())
                .setPassword(DevCertificates.PASSWORD));
      }
      case "pem" -> bus
          .setKeyCertOptions(new PemKeyCertOptions().setCertPath(required(settings, "cluster.tls.cert"))
              .setKeyPath(required(settings, "cluster.tls.key")))
          .setTrustOptions(new PemTrustOptions().addCertPath(required(settings, "cluster.tls.ca")));
      default -> throw new IllegalArgumentException("cluster.tls must be dev, pem or off, not '" + mode + "'");
    }
    bus.setSsl(true)
        .setClientAuth(ClientAuth.REQUIRED)
        .setSslHandshakeTimeout(5)
        .setSslHandshakeTimeoutUnit(TimeUnit.SECONDS);
    return mode;
  }

  private static String required(Settings s, String key) {
    String v = s.string(key);
    if (v == null) {
      throw new IllegalArgumentException("cluster.tls=pem needs " + key);
    }
    return v;
  }
}
