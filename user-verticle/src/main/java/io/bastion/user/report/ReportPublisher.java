package io.bastion.user.report;

import io.vertx.core.Vertx;
import java.util.UUID;

/**
 * The source of the {@code reportCreated} subscription: the reports of one assessment's live feed (as
 * {@link ReportBroadcast} publishes them, with their words), nothing else of it.
 */
public final class ReportPublisher {

  private ReportPublisher() {
  }

  public static AssessmentFeed of(Vertx vertx, UUID assessmentId) {
    return new AssessmentFeed(vertx, assessmentId,
        () -> body -> ReportBroadcast.TYPE.equals(body.getString("type")) ? AssessmentFeed.plainMap(body) : null);
  }
}
