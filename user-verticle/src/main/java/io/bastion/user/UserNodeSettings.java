package io.bastion.user;

import io.bastion.node.ClusterSettings;
import io.bastion.node.NodeSettings;
import io.bastion.node.Settings;
import io.bastion.node.health.ProbeSettings;
import io.bastion.user.api.ApiSettings;
import io.bastion.user.auth.AuthSettings;
import io.bastion.user.db.DatabaseSettings;
import io.bastion.user.evidence.EvidenceSettings;
import io.bastion.user.organisation.OrganisationSettings;
import io.bastion.user.outbox.RelayOptions;
import io.bastion.user.report.SinkSettings;
import io.bastion.user.web.DeveloperTools;
import io.bastion.user.web.HttpSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Everything a user node reads from its settings, built in one place; the keys and their defaults are in
 * {@code conf/bastion.json}, the sources in {@link Settings}. A bad value fails the deployment with a message that
 * names the key.
 */
public record UserNodeSettings(
    NodeSettings node,
    HttpSettings http,
    DatabaseSettings db,
    AuthSettings auth,
    RelayOptions relay,
    SinkSettings sink,
    DeveloperTools developerTools, ClusterSettings cluster, ApiSettings api, ProbeSettings management,
    OrganisationSettings organisations,
    EvidenceSettings evidence) {

  public static UserNodeSettings from(Settings s) {
    return new UserNodeSettings(
        NodeSettings.from(s, "user"),
        HttpSettings.from(s),
        DatabaseSettings.from(s),
        AuthSettings.from(s),
        RelayOptions.from(s),
        SinkSettings.from(s),
        DeveloperTools.from(s),
        ClusterSettings.from(s, false),
        ApiSettings.from(s),
        ProbeSettings.from(s),
        OrganisationSettings.from(s),
        EvidenceSettings.from(s));
  }

  /** Reads every source, {@code deploymentConfig} (the verticle's {@code config()}) included. */
  public static Future<UserNodeSettings> load(Vertx vertx, JsonObject deploymentConfig) {
    return Settings.load(vertx, deploymentConfig).map(UserNodeSettings::from);
  }
}
