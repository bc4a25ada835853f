package io.bastion.user.report;

import io.bastion.catalogue.Language;
import io.vertx.core.Vertx;
import java.util.UUID;

/**
 * The source of the {@code reportCreated} subscription: the reports of one assessment's live feed (as
 * {@link ReportBroadcast} publishes them, facts only), with their words added, nothing else of it.
 */
public final class ReportPublisher {

  private ReportPublisher() {
  }

  /** Each subscriber's consumer reads its own object of a body (JsonText.read parses the feed's text per consumer). */
  public static AssessmentFeed of(Vertx vertx, UUID assessmentId, ReportText text) {
    return of(vertx, assessmentId, text, Language.DEFAULT);
  }

  /** With the words in {@code language}: the language of the subscription's socket. */
  public static AssessmentFeed of(Vertx vertx, UUID assessmentId, ReportText text, Language language) {
    return new AssessmentFeed(vertx, assessmentId, () -> body -> ReportBroadcast.TYPE.equals(body.getString("type"))
        ? AssessmentFeed.plainMap(text.add(body, language)) : null);
  }
}
