package io.bastion.codecs;

import io.bastion.catalogue.Effort;
import io.bastion.catalogue.Impact;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Fully populated contract records for round-trip tests. */
final class Samples {

  private Samples() {
  }

  static AnswerEvent answerEvent(boolean withPrevious) {
    return new AnswerEvent(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 7, AnswerState.UPDATED,
        "pr-mfa-email", Instant.parse("2026-11-27T10:15:30.123456Z"), Instant.parse("2026-11-27T10:20:00Z"),
        "baseline", "2026.1",
        List.of(new AnswerEntry("gv-owner", "yes"), new AnswerEntry("pr-mfa-email", "partial"),
            new AnswerEntry("gv-policy", "3"), new AnswerEntry("note", "\"quotes\" & <tags> \u00e9\u4e2d")),
        withPrevious ? new Baseline(5, List.of(new AnswerEntry("gv-owner", "no"))) : null);
  }

  static ReportEvent reportEvent() {
    Finding finding = new Finding(1, "pr-mfa-email", "PR", "partial", 0.5, 5, 2.5, Effort.QUICK_WIN, Impact.HIGH);
    return new ReportEvent(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 7, "baseline", "2026.1",
        "bastion-score/1", 61.3, 2, "Risk Informed", false, 30, 44, 0.682,
        List.of(new FunctionScore("GV", "Govern", 72.5, 1.0, 7, 7), new FunctionScore("RC", "Recover", null, 1.0, 0, 0)),
        List.of(finding), List.of(finding),
        new Delta(5, 58.1, 3.2, List.of(new FunctionDelta("GV", 70.0, 72.5, 2.5), new FunctionDelta("RC", null, null, null)),
            List.of(new QuestionChange("gv-owner", "no", "yes", 0, 1)), List.of()),
        "security-1", Instant.parse("2026-11-27T10:20:01.5Z"),
        List.of(new CategoryScore("GV.OC", "GV", "Organizational Context", 60.0, 5, 3),
            new CategoryScore("RC.RP", "RC", "Incident Recovery Plan Execution", null, 0, 0)));
  }
}
