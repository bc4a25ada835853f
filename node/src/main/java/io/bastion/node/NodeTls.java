package io.bastion.node;

import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.core.net.TrustOptions;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mutual TLS on the clustered event bus: every node presents a certificate signed by the cluster's CA and accepts
 * connections only from nodes that do the same, so a process that joins Hazelcast without the certificates can
 * neither receive nor send Bastion messages. Setting {@code cluster.tls} (see {@link TlsSettings}):
 * <ul>
 *   <li>{@code dev} (default): development certificates under {@code cluster.tls.dir} (by default
 *       {@code <data.dir>/certs}), generated when missing;</li>
 *   <li>{@code pem}: {@code cluster.tls.cert}, {@code cluster.tls.key} and {@code cluster.tls.ca} (PEM files);</li>
 *   <li>{@code off}: plaintext, for experiments only; the log says so loudly.</li>
 * </ul>
 */
public final class NodeTls {

  private static final Logger LOG = LoggerFactory.getLogger(NodeTls.class);

  private NodeTls() {
  }

  public static void configure(EventBusOptions bus, TlsSettings tls) throws Exception {
    TlsSettings.Mode mode = apply(bus, tls);
    if (mode == TlsSettings.Mode.OFF) {
      LOG.warn("cluster.tls=off: the event bus is NOT encrypted or authenticated; any process that joins the "
          + "cluster can read and send Bastion messages");
    } else {
      LOG.info("event bus: mutual TLS ({} certificates)", mode);
    }
  }

  /** Sets the TLS options of {@code tls} on {@code bus} without logging; returns the mode. */
  public static TlsSettings.Mode apply(EventBusOptions bus, TlsSettings tls) throws Exception {
    Optional<KeyCertOptions> key = keyCert(tls);
    if (key.isEmpty()) {
      return tls.mode();
    }
    bus.setKeyCertOptions(key.get())
        .setTrustOptions(trust(tls).orElseThrow())
        .setSsl(true)
        .setClientAuth(ClientAuth.REQUIRED)
        .setSslHandshakeTimeout(5)
        .setSslHandshakeTimeoutUnit(TimeUnit.SECONDS);
    return tls.mode();
  }

  /**
   * The key and certificate this node presents on the event bus (also what signs its announcements, see {@link
   * ClusterSigner}); empty with {@code cluster.tls=off}. Blocking: in dev mode it may generate the certificates.
   */
  public static Optional<KeyCertOptions> keyCert(TlsSettings tls) throws Exception {
    return switch (tls.mode()) {
      case OFF -> Optional.empty();
      case DEV -> Optional.of(new PfxOptions()
          .setPath(DevCertificates.ensure(tls.devCertificates()).resolve(DevCertificates.NODE_STORE).toString())
          .setPassword(DevCertificates.PASSWORD));
      case PEM -> Optional.of(new PemKeyCertOptions().setCertPath(tls.cert().orElseThrow().toString())
          .setKeyPath(tls.key().orElseThrow().toString()));
    };
  }

  /** The cluster CA this node accepts peers (and announcements, see {@link ClusterVerifier}) from; empty when off. */
  public static Optional<TrustOptions> trust(TlsSettings tls) throws Exception {
    return switch (tls.mode()) {
      case OFF -> Optional.empty();
      case DEV -> Optional.of(new PfxOptions()
          .setPath(DevCertificates.ensure(tls.devCertificates()).resolve(DevCertificates.TRUST_STORE).toString())
          .setPassword(DevCertificates.PASSWORD));
      case PEM -> Optional.of(new PemTrustOptions().addCertPath(tls.ca().orElseThrow().toString()));
    };
  }
}
