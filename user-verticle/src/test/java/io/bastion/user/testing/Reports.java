package io.bastion.user.testing;

import io.bastion.catalogue.Effort;
import io.bastion.catalogue.Impact;
import io.bastion.codecs.AnswerEvent;
import io.bastion.codecs.Delta;
import io.bastion.codecs.Finding;
import io.bastion.codecs.FunctionDelta;
import io.bastion.codecs.FunctionScore;
import io.bastion.codecs.QuestionChange;
import io.bastion.codecs.ReportEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * ReportEvents as a security node would send them, for the baseline catalogue: the scoring facts only (no words),
 * one finding (pr-mfa-email answered "partial", also the one quick win) and a delta with one improved question.
 * The numbers are not the scorer's: these tests are about carrying and storing reports, not scoring them.
 */
public final class Reports {

  public static final String FINDING_QUESTION = "pr-mfa-email";
  public static final String IMPROVED_QUESTION = "gv-owner";

  private Reports() {
  }

  /** The reply of a security node to an AnswerEvent. */
  public static ReportEvent answering(AnswerEvent event) {
    return report(event.eventId(), event.accountId(), event.assessmentId(), event.version(), event.catalogueId(),
        event.catalogueVersion());
  }

  /** A report of the baseline's version of the assessment, as if answering an event never seen. */
  public static ReportEvent of(UUID accountId, UUID assessmentId, long version) {
    return report(UUID.randomUUID(), accountId, assessmentId, version, "baseline",
        Fixtures.baseline().version());
  }

  private static ReportEvent report(UUID eventId, UUID accountId, UUID assessmentId, long version,
      String catalogueId, String catalogueVersion) {
    Finding finding = new Finding(1, FINDING_QUESTION, "PR", "partial", 0.5, 5, 2.5, Effort.QUICK_WIN, Impact.HIGH);
    Delta delta = new Delta(version - 1, 40.0, 2.5, List.of(new FunctionDelta("GV", 50.0, 55.0, 5.0)),
        List.of(new QuestionChange(IMPROVED_QUESTION, "no", "yes", 0, 1)), List.of());
    return new ReportEvent(eventId, accountId, assessmentId, version, catalogueId, catalogueVersion,
        "bastion-score/1", 42.5, 2, "Risk Informed", false, 1, 40, 0.025,
        List.of(new FunctionScore("GV", "Govern", 55.0, 1.0, 7, 1)), List.of(finding), List.of(finding),
        version > 1 ? delta : null, "test-security", Instant.now());
  }
}
