package io.bastion.user.report;

import io.bastion.codecs.Addresses;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * Publishes each newly stored report, with the catalogue's words and the time it was stored, as JSON to
 * {@code reports.<accountId>} across the cluster. Who listens there: the SockJS bridge of every user node (which
 * pushes it to that account's browsers) and the GraphQL subscriptions ({@link ReportPublisher}).
 */
public final class ReportBroadcast {

  private final EventBus bus;
  private final ReportText text;

  public ReportBroadcast(EventBus bus, ReportText text) {
    this.bus = bus;
    this.text = text;
  }

  /** @param facts the report as stored: the security node's ReportEvent as JSON text */
  public void publish(UUID accountId, String facts, Instant storedAt) {
    JsonObject report = new JsonObject(facts).put("createdAt", storedAt.toString());
    bus.publish(Addresses.reports(accountId), text.add(report));
  }
}
