package io.bastion.security;

import io.bastion.node.NodeSettings;
import io.bastion.node.Settings;
import io.bastion.node.TlsSettings;
import io.bastion.node.health.ProbeSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Everything a security node reads from its settings, built in one place; the keys and their defaults are in
 * {@code conf/bastion.json}, the sources in {@link Settings}.
 *
 * @param node       its name and the catalogues it scores with
 * @param clusterTls the event bus's mutual TLS, for the warm-up's handshake (see {@link WarmUp})
 * @param probe      where its readiness probe listens (security nodes serve no other HTTP)
 */
public record SecurityNodeSettings(NodeSettings node, TlsSettings clusterTls, ProbeSettings probe) {

  public static SecurityNodeSettings from(Settings s) {
    return new SecurityNodeSettings(NodeSettings.from(s, "security"), TlsSettings.from(s), ProbeSettings.from(s));
  }

  /** Reads every source, {@code deploymentConfig} (the verticle's {@code config()}) included. */
  public static Future<SecurityNodeSettings> load(Vertx vertx, JsonObject deploymentConfig) {
    return Settings.load(vertx, deploymentConfig).map(SecurityNodeSettings::from);
  }
}
