package io.bastion.user.report;

import io.bastion.codecs.Addresses;
import io.bastion.codecs.JsonText;
import io.vertx.core.eventbus.EventBus;
import java.time.Instant;
import java.util.UUID;

/**
 * Publishes each newly stored report, as its facts (no catalogue words), the time it was stored and
 * {@code "type":"report"}, as JSON to the assessment's live feed {@code assessments.<assessmentId>} across the
 * cluster. Who listens there: the SockJS bridge of every user node (which pushes it to the browsers of everyone who
 * may read the assessment; the page joins the words from the catalogue it loaded for the assessment) and the GraphQL
 * subscriptions ({@link AssessmentFeed}, which add the words with {@link ReportText} per event).
 *
 * <p>The body is {@link JsonText}: encoded here once, not copied and encoded again per socket by the bridge.
 *
 * <p>Why facts only: the bridge copies and encodes the body once per socket registered on the address (one
 * event-bus consumer each), so a team of 1,000 viewers costs 1,000 times the body; the facts are a third of the
 * report with its words.
 */
public final class ReportBroadcast {

  /** The {@code type} of a report on the feed. */
  public static final String TYPE = "report";

  private final EventBus bus;

  public ReportBroadcast(EventBus bus) {
    this.bus = bus;
  }

  /** @param facts the report as stored: the security node's ReportEvent as JSON text */
  public void publish(UUID assessmentId, String facts, Instant storedAt) {
    bus.publish(Addresses.assessment(assessmentId), withEnvelope(facts, storedAt));
  }

  /**
   * The facts with {@code type} and {@code createdAt} put first, by joining texts: the report is not parsed and
   * encoded again on its way out. The facts are a JSON object with neither of these names (a ReportEvent).
   */
  static JsonText withEnvelope(String facts, Instant storedAt) {
    String body = facts.strip();
    if (!body.startsWith("{")) {
      throw new IllegalArgumentException("a report's facts are a JSON object");
    }
    String rest = body.substring(1).strip();
    return new JsonText("{\"type\":\"" + TYPE + "\",\"createdAt\":\"" + storedAt + "\""
        + (rest.startsWith("}") ? "" : ",") + rest);
  }
}
