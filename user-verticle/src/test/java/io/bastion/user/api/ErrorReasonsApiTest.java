package io.bastion.user.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.user.testing.GraphQLClient;
import io.bastion.user.testing.UserNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The page shows errors from {@code extensions.code} and {@code extensions.reason} with its parameters, in the
 * user's language (issue 16): a few refusals a user of the page meets, as the API answers them.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Error reasons: extensions.reason and its parameters")
class ErrorReasonsApiTest {

  private static final String START = "mutation($c: ID!, $t: String) { startAssessment(catalogueId: $c, title: $t) "
      + "{ id } }";

  private GraphQLClient api;
  private GraphQLClient.Session alice;

  @BeforeAll
  void start(Vertx vertx) {
    api = UserNode.start(vertx).graphql();
    alice = api.signUp(UserNode.email("alice"), UserNode.PASSWORD);
  }

  @Test
  void aTitleTooLongSaysWhichFieldAndTheMaximum() {
    JsonObject ext = extensions(api.call(alice.token(), START, new JsonObject().put("c", "baseline")
        .put("t", "x".repeat(201))));
    assertThat(ext.getString("code")).isEqualTo("INVALID_INPUT");
    assertThat(ext.getString("reason")).isEqualTo("TOO_LONG");
    assertThat(ext.getString("field")).isEqualTo("title");
    assertThat(ext.getInteger("max")).isEqualTo(200);
  }

  @Test
  void aNulCharacterAnywhereIsNulCharacter() {
    JsonObject ext = extensions(api.call(alice.token(), START, new JsonObject().put("c", "baseline")
        .put("t", "a\u0000b")));
    assertThat(ext.getString("code")).isEqualTo("INVALID_INPUT");
    assertThat(ext.getString("reason")).isEqualTo("NUL_CHARACTER");
  }

  @Test
  void aTargetOutOfRangeIsTargetRange() {
    String id = api.startAssessment(alice.token(), "baseline", "targets");
    JsonObject ext = extensions(api.call(alice.token(), "mutation($a: ID!) { setTarget(assessmentId: $a, "
        + "function: \"PR\", score: 120) { function } }", new JsonObject().put("a", id)));
    assertThat(ext.getString("reason")).isEqualTo("TARGET_RANGE");
    assertThat(ext.getInteger("min")).isZero();
    assertThat(ext.getInteger("max")).isEqualTo(100);
  }

  @Test
  void aDueDateInAnotherFormatIsDueDateFormat() {
    String id = api.startAssessment(alice.token(), "baseline", "plan");
    JsonObject ext = extensions(api.call(alice.token(), "mutation($a: ID!) { createAction(assessmentId: $a, "
        + "questionId: \"gv-owner\", title: \"Name an owner\", dueDate: \"31.12.2026\") { id } }",
        new JsonObject().put("a", id)));
    assertThat(ext.getString("code")).isEqualTo("INVALID_INPUT");
    assertThat(ext.getString("reason")).isEqualTo("DUE_DATE_FORMAT");
  }

  @Test
  void accountRefusalsHaveTheirReasons() {
    assertThat(extensions(api.call(null, "mutation { requestPasswordReset(email: \"  \") }",
        new JsonObject())).getString("reason")).isEqualTo("INVALID_EMAIL");
    assertThat(extensions(api.call(null, "mutation { resetPassword(token: \"made-up\", password: \"x\") }",
        new JsonObject())).getString("reason")).isEqualTo("RESET_LINK_INVALID");
    assertThat(extensions(api.call(null, "mutation($e: String!) { signUp(email: $e, password: \"whatever it is\") "
        + "{ token } }", new JsonObject().put("e", "nobody@"))).getString("reason")).isEqualTo("INVALID_EMAIL");
  }

  @Test
  void aConflictHasItsReasonAndWhatStandsNow() {
    String id = api.startAssessment(alice.token(), "baseline", "conflict");
    String answer = "mutation($a: ID!, $x: String!, $v: Int) { answer(assessmentId: $a, questionId: \"gv-owner\", "
        + "value: $x, expectedVersion: $v) { version } }";
    assertThat(api.call(alice.token(), answer, new JsonObject().put("a", id).put("x", "yes").put("v", 0)).errorCode())
        .isNull();
    // Another answer from a client that still saw none.
    JsonObject ext = extensions(api.call(alice.token(), answer, new JsonObject().put("a", id).put("x", "no")
        .put("v", 0)));
    assertThat(ext.getString("code")).isEqualTo("CONFLICT");
    assertThat(ext.getString("reason")).isEqualTo("ANSWER_CHANGED");
    assertThat(ext.getJsonObject("current")).as("what stands now").isNotNull();
  }

  private static JsonObject extensions(GraphQLClient.Response r) {
    assertThat(r.body().getJsonArray("errors")).as(r.body().encode()).isNotNull();
    return r.firstError().getJsonObject("extensions");
  }
}
