package io.bastion.user.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.catalogue.Question;
import io.bastion.codecs.Addresses;
import io.bastion.user.testing.Fixtures;
import io.bastion.user.testing.Reports;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The reportCreated subscription's source: the reports of one assessment's feed, as plain maps and lists, with the
 * catalogue's words joined to the facts the feed carries.
 */
@ExtendWith(VertxExtension.class)
class ReportPublisherTest {

  @Test
  void deliversThePublishedReportsOfItsAssessmentOnlyAsMapsGraphQlCanReadWithTheirWords(Vertx vertx,
      VertxTestContext test) {
    UUID assessment = UUID.randomUUID();
    String feed = Addresses.assessment(assessment);
    // What the feed carries: facts, no words.
    JsonObject report = new JsonObject().put("type", "report").put("assessmentId", assessment.toString())
        .put("version", 3).put("catalogueId", "baseline").put("catalogueVersion", Fixtures.baseline().version())
        .put("findings", new JsonArray().add(new JsonObject().put("questionId", Reports.FINDING_QUESTION)
            .put("answer", "partial")));
    Question question = Fixtures.baseline().question(Reports.FINDING_QUESTION).orElseThrow();
    ReportPublisher.of(vertx, assessment, new ReportText(Fixtures.catalogues())).subscribe(new Subscriber<>() {
      @Override
      public void onSubscribe(Subscription s) {
        s.request(10);
        // Published once the consumer is registered (subscribe registers it on the context, then calls here).
        // Another assessment's report, and this feed's other events, are not reports of this assessment.
        vertx.eventBus().publish(Addresses.assessment(UUID.randomUUID()), report.copy().put("version", 9));
        vertx.eventBus().publish(feed, new JsonObject().put("type", "answer").put("version", 8));
        vertx.eventBus().publish(feed, new JsonObject().put("type", "presence").put("version", 7));
        vertx.eventBus().publish(feed, report);
      }

      @Override
      public void onNext(Map<String, Object> r) {
        test.verify(() -> {
          assertThat(r.get("version")).as("subscription: the report of its assessment only").isEqualTo(3);
          assertThat(r.get("findings")).as("subscription: nested lists are lists").isInstanceOf(List.class);
          Object finding = ((List<?>) r.get("findings")).get(0);
          assertThat(finding).as("subscription: nested objects are maps").isInstanceOf(Map.class);
          assertThat(((Map<?, ?>) finding).get("text")).as("subscription: the question's words joined")
              .isEqualTo(question.text());
          assertThat(((Map<?, ?>) finding).get("recommendation")).as("subscription: the recommendation joined")
              .isEqualTo(question.recommendation().text());
          assertThat(((Map<?, ?>) finding).get("answerLabel")).as("subscription: the answer's label joined")
              .isEqualTo("Partly");
        });
        test.completeNow();
      }

      @Override
      public void onError(Throwable t) {
        test.failNow(t);
      }

      @Override
      public void onComplete() {
      }
    });
  }
}
