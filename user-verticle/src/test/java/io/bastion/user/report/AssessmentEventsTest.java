package io.bastion.user.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.catalogue.Question;
import io.bastion.user.testing.Fixtures;
import io.bastion.user.testing.Reports;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The assessmentChanged subscription's view of a report: the feed carries facts, the subscriber gets words too. */
class AssessmentEventsTest {

  @Test
  void aReportOfTheFeedReachesTheSubscriberWithTheCataloguesWords() {
    JsonObject facts = new JsonObject().put("type", "report").put("assessmentId", "a-1").put("version", 4)
        .put("catalogueId", "baseline").put("catalogueVersion", Fixtures.baseline().version())
        .put("findings", new JsonArray().add(new JsonObject().put("questionId", Reports.FINDING_QUESTION)
            .put("answer", "partial")));
    Question question = Fixtures.baseline().question(Reports.FINDING_QUESTION).orElseThrow();

    Map<String, Object> event = new AssessmentEvents(new ReportText(Fixtures.catalogues())).apply(facts);

    assertThat(event).as("assessmentChanged: a report event").containsEntry("type", "report")
        .containsEntry("assessmentId", "a-1");
    Map<?, ?> report = (Map<?, ?>) event.get("report");
    Map<?, ?> finding = (Map<?, ?>) ((List<?>) report.get("findings")).get(0);
    assertThat(finding.get("text")).as("assessmentChanged: the finding's question text").isEqualTo(question.text());
    assertThat(finding.get("recommendation")).as("assessmentChanged: its recommendation")
        .isEqualTo(question.recommendation().text());
    assertThat(finding.get("answerLabel")).as("assessmentChanged: the answer's label").isEqualTo("Partly");
  }

  @Test
  void targetsOfTheFeedReachTheSubscriberAsFunctionTargets() {
    JsonObject body = new JsonObject().put("type", "targets").put("assessmentId", "a-2").put("targets", new JsonArray()
        .add(new JsonObject().put("function", "PR").put("name", "Protect").put("score", 75.5)
            .put("setBy", new JsonObject().put("id", "p-1").put("email", "a@example.org")).put("setAt", "2026-11-28T00:00:00Z")));

    Map<String, Object> event = new AssessmentEvents(new ReportText(Fixtures.catalogues())).apply(body);

    assertThat(event).as("assessmentChanged: a targets event").containsEntry("type", "targets")
        .containsEntry("assessmentId", "a-2");
    Map<?, ?> target = (Map<?, ?>) ((List<?>) event.get("targets")).get(0);
    assertThat(target.get("score")).isEqualTo(75.5);
    assertThat(((Map<?, ?>) target.get("setBy")).get("email")).isEqualTo("a@example.org");
  }

  @Test
  void evidenceOfTheFeedReachesTheSubscriberWithItsQuestionEvenWhenTheListIsEmpty() {
    AssessmentEvents events = new AssessmentEvents(new ReportText(Fixtures.catalogues()));
    JsonObject added = new JsonObject().put("type", "evidence").put("assessmentId", "a-3").put("questionId", "gv-owner")
        .put("evidence", new JsonArray().add(new JsonObject().put("id", "e-1").put("kind", "LINK")
            .put("name", "Policy").put("url", "https://example.org").put("expired", true)));

    Map<String, Object> event = events.apply(added);

    assertThat(event).as("assessmentChanged: an evidence event").containsEntry("type", "evidence")
        .containsEntry("assessmentId", "a-3").containsEntry("questionId", "gv-owner");
    Map<?, ?> item = (Map<?, ?>) ((List<?>) event.get("evidence")).get(0);
    assertThat(item.get("name")).isEqualTo("Policy");
    assertThat(item.get("expired")).isEqualTo(true);

    Map<String, Object> emptied = events.apply(added.copy().put("evidence", new JsonArray()));
    assertThat(emptied).containsEntry("questionId", "gv-owner");
    assertThat((List<?>) emptied.get("evidence")).isEmpty();
  }
}
