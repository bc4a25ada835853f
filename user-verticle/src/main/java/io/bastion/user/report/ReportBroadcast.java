package io.bastion.user.report;

import io.bastion.codecs.Addresses;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * Publishes each newly stored report, with the catalogue's words, the time it was stored and {@code "type":"report"},
 * as JSON to the assessment's live feed {@code assessments.<assessmentId>} across the cluster. Who listens there: the
 * SockJS bridge of every user node (which pushes it to the browsers of everyone who may read the assessment) and the
 * GraphQL subscriptions ({@link AssessmentFeed}).
 */
public final class ReportBroadcast {

  /** The {@code type} of a report on the feed. */
  public static final String TYPE = "report";

  private final EventBus bus;
  private final ReportText text;

  public ReportBroadcast(EventBus bus, ReportText text) {
    this.bus = bus;
    this.text = text;
  }

  /** @param facts the report as stored: the security node's ReportEvent as JSON text */
  public void publish(UUID assessmentId, String facts, Instant storedAt) {
    JsonObject report = new JsonObject(facts).put("createdAt", storedAt.toString());
    bus.publish(Addresses.assessment(assessmentId), text.add(report).put("type", TYPE));
  }
}
