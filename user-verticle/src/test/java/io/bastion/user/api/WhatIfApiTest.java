package io.bastion.user.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.user.testing.Fixtures;
import io.bastion.user.testing.GraphQLClient;
import io.bastion.user.testing.GraphQLClient.Response;
import io.bastion.user.testing.GraphQLClient.Session;
import io.bastion.user.testing.StandInScorer;
import io.bastion.user.testing.UserNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Assessment.whatIf over the GraphQL API of an in-process node: UNAVAILABLE (retryable) while no security node
 * answers, then the options a security node replies (here the stand-in's), with the catalogue's words added and
 * the answered question left out. The computing itself is tested in security-verticle (WhatIfTest) and with real
 * nodes in ScoringExampleIT.
 */
@ExtendWith(VertxExtension.class)
class WhatIfApiTest {

  private static final String WHAT_IF = "query($a: ID!) { assessment(id: $a) { whatIf { questionId text function "
      + "value answerLabel recommendation score gain tier tierName effort gainPerEffort functions { function name score } } } }";

  @Test
  void optionsComeFromASecurityNodeAndItsAbsenceIsUnavailable(Vertx vertx) {
    UserNode node = UserNode.start(vertx);
    GraphQLClient api = node.graphql();
    Session alice = api.signUp(UserNode.email("what-if"), UserNode.PASSWORD);
    String assessment = api.call(alice.token(), "mutation { startAssessment(catalogueId: \"baseline\", "
        + "title: \"what if\") { id } }", new JsonObject()).data().getJsonObject("startAssessment").getString("id");
    api.call(alice.token(), "mutation($a: ID!) { answer(assessmentId: $a, questionId: \"gv-owner\", value: \"no\") "
        + "{ version } }", new JsonObject().put("a", assessment)).data();

    Response none = api.call(alice.token(), WHAT_IF, new JsonObject().put("a", assessment));
    assertThat(none.errorCode()).as("no security node").isEqualTo("UNAVAILABLE");
    assertThat(none.firstError().getJsonObject("extensions").getBoolean("retryable")).isTrue();

    StandInScorer.register(vertx);
    JsonArray options = api.call(alice.token(), WHAT_IF, new JsonObject().put("a", assessment)).data()
        .getJsonObject("assessment").getJsonArray("whatIf");
    int questions = Fixtures.baseline().questions().size();
    assertThat(options).as("the stand-in's: every question but the answered one").hasSize(questions - 1);
    assertThat(options.stream().map(o -> ((JsonObject) o).getString("questionId"))).doesNotContain("gv-owner");
    JsonObject first = options.getJsonObject(0);
    var question = Fixtures.baseline().question(first.getString("questionId")).orElseThrow();
    assertThat(first.getString("text")).as("the catalogue's words").isEqualTo(question.text());
    assertThat(first.getString("recommendation")).isEqualTo(question.recommendation().text());
    assertThat(first.getString("answerLabel")).isEqualTo(question.option(first.getString("value")).orElseThrow().label());
    assertThat(first.getDouble("gain")).isEqualTo(1.0);
    assertThat(first.getJsonArray("functions").getJsonObject(0))
        .isEqualTo(new JsonObject().put("function", "GV").put("name", "Govern").put("score", 50.0));

    // A few a minute per account (each costs a security node a scoring per finding): then RATE_LIMITED.
    String code = null;
    for (int i = 0; i < AssessmentFetchers.WHAT_IF_PER_MINUTE && code == null; i++) {
      code = api.call(alice.token(), WHAT_IF, new JsonObject().put("a", assessment)).errorCode();
    }
    assertThat(code).as("past %s a minute", AssessmentFetchers.WHAT_IF_PER_MINUTE).isEqualTo("RATE_LIMITED");

    Session bob = api.signUp(UserNode.email("what-if-other"), UserNode.PASSWORD);
    assertThat(api.call(bob.token(), WHAT_IF, new JsonObject().put("a", assessment)).errorCode())
        .as("another account").isEqualTo("NOT_FOUND");
  }
}
