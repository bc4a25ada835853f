package io.bastion.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The public contract on a running mesh (one user node, one security node): bad input gets a clear error with a
 * code and stores nothing; tokens are required and checked; subscriptions and the bridge deliver reports only to
 * the owner.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiIT {

  private static final String PASSWORD = "a long enough passphrase";

  private Mesh mesh;
  private Api api;
  private int port;
  private Api.Session alice;
  private Api.Session bob;
  private String aliceAssessment;

  @BeforeAll
  void startMesh() throws Exception {
    Mesh.deleteTree(Mesh.in("api").dir);
    mesh = Mesh.in("api").startDatabase();
    Node user = mesh.startUser("user-1");
    mesh.startSecurity("security-1");
    port = user.httpPort;
    api = new Api(port);
    alice = api.signUp("alice@example.com", PASSWORD);
    bob = api.signUp("bob@example.com", PASSWORD);
    aliceAssessment = api.startAssessment(alice.token(), "baseline");
    api.answer(alice.token(), aliceAssessment, "gv-owner", "yes").data();
  }

  @AfterAll
  void stopMesh() throws Exception {
    mesh.close();
  }

  // ------------------------------------------------------------------ bad input stores nothing

  @Test
  void unknownQuestionIsRefusedAndNothingIsStored() throws Exception {
    State before = state(aliceAssessment);
    Api.Response r = api.answer(alice.token(), aliceAssessment, "no-such-question", "yes");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.errorCode()).isEqualTo("INVALID_INPUT");
    assertThat(r.firstError().getString("message")).contains("unknown question 'no-such-question'");
    assertThat(state(aliceAssessment)).isEqualTo(before);
  }

  @Test
  void valueTheQuestionDoesNotAllowIsRefusedAndNothingIsStored() throws Exception {
    State before = state(aliceAssessment);
    Api.Response r = api.answer(alice.token(), aliceAssessment, "gv-owner", "na"); // gv-owner does not allow na
    assertThat(r.errorCode()).isEqualTo("INVALID_INPUT");
    assertThat(r.firstError().getString("message")).contains("not allowed").contains("yes, partial, no");
    Api.Response r2 = api.answer(alice.token(), aliceAssessment, "gv-policy", "7");
    assertThat(r2.errorCode()).isEqualTo("INVALID_INPUT");
    assertThat(state(aliceAssessment)).isEqualTo(before);
  }

  @Test
  void unknownAssessmentIsNotFound() {
    assertThat(api.answer(alice.token(), UUID.randomUUID().toString(), "gv-owner", "yes").errorCode())
        .isEqualTo("NOT_FOUND");
    assertThat(api.answer(alice.token(), "not-an-id", "gv-owner", "yes").errorCode()).isEqualTo("NOT_FOUND");
    Api.Response read = api.call(alice.token(), "query($a: ID!) { assessment(id: $a) { id } }",
        new JsonObject().put("a", UUID.randomUUID().toString()));
    assertThat(read.errorCode()).isEqualTo("NOT_FOUND");
  }

  @Test
  void anotherAccountsAssessmentIsNotFoundAndUntouched() throws Exception {
    State before = state(aliceAssessment);
    Api.Response write = api.answer(bob.token(), aliceAssessment, "gv-owner", "no");
    assertThat(write.errorCode()).isEqualTo("NOT_FOUND");
    Api.Response read = api.call(bob.token(), "query($a: ID!) { assessment(id: $a) { id answers { value } } }",
        new JsonObject().put("a", aliceAssessment));
    assertThat(read.errorCode()).isEqualTo("NOT_FOUND");
    assertThat(read.body().getJsonObject("data").getValue("assessment")).isNull();
    // Same message as for an assessment that does not exist: nothing tells Bob that it does.
    Api.Response missing = api.answer(bob.token(), UUID.randomUUID().toString(), "gv-owner", "no");
    assertThat(write.firstError().getString("message").replace(aliceAssessment, "X"))
        .isEqualTo(missing.firstError().getString("message").replaceAll("[0-9a-f-]{36}", "X"));
    assertThat(api.call(bob.token(), "{ assessments { id } }", new JsonObject()).data().getJsonArray("assessments"))
        .isEmpty();
    assertThat(state(aliceAssessment)).isEqualTo(before);
  }

  @Test
  void malformedBodiesGetHttp400() {
    Api.Response notJson = api.post(alice.token(), "{this is not json");
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.body().getString("error")).contains("bad request");
    Api.Response noQuery = api.post(alice.token(), "{\"variables\": {}}");
    assertThat(noQuery.status()).isEqualTo(400);
  }

  @Test
  void graphQlSyntaxAndValidationErrorsHaveACode() {
    Api.Response syntax = api.call(alice.token(), "{ assessments { id ", new JsonObject());
    assertThat(syntax.errorCode()).isEqualTo("INVALID_INPUT");
    Api.Response unknownField = api.call(alice.token(), "{ assessments { password } }", new JsonObject());
    assertThat(unknownField.errorCode()).isEqualTo("INVALID_INPUT");
    Api.Response missingArgument = api.call(alice.token(), "mutation { answer(assessmentId: \"x\") { version } }",
        new JsonObject());
    assertThat(missingArgument.errorCode()).isEqualTo("INVALID_INPUT");
  }

  @Test
  void missingOrInvalidTokenIsAnAuthenticationErrorAndNeverData() {
    Api.Response none = api.call(null, "{ assessments { id } }", new JsonObject());
    assertThat(none.errorCode()).isEqualTo("UNAUTHENTICATED");
    assertThat(none.body().getValue("data")).isNull();
    Api.Response garbage = api.call("not.a.token", "{ assessments { id } }", new JsonObject());
    assertThat(garbage.errorCode()).isEqualTo("UNAUTHENTICATED");
    Api.Response answer = api.answer(null, aliceAssessment, "gv-owner", "no");
    assertThat(answer.errorCode()).isEqualTo("UNAUTHENTICATED");
  }

  @Test
  void cataloguesNeedASessionAndBaselineCoversTheSixFunctions() {
    String catalogues = "{ catalogues { id title version questions { id function text type options } } }";
    // A caller without a session reaches only the account fields (sign up, log in, reset).
    assertThat(api.call(null, catalogues, new JsonObject()).errorCode()).isEqualTo("UNAUTHENTICATED");
    JsonObject data = api.call(alice.token(), catalogues, new JsonObject()).data();
    JsonObject baseline = data.getJsonArray("catalogues").stream().map(JsonObject.class::cast)
        .filter(c -> c.getString("id").equals("baseline")).findFirst().orElseThrow();
    assertThat(baseline.getJsonArray("questions").stream().map(q -> ((JsonObject) q).getString("function"))
        .distinct()).containsExactlyInAnyOrder("GV", "ID", "PR", "DE", "RS", "RC");
    JsonObject owner = baseline.getJsonArray("questions").stream().map(JsonObject.class::cast)
        .filter(q -> q.getString("id").equals("pr-remote-access")).findFirst().orElseThrow();
    assertThat(owner.getJsonArray("options").getList()).containsExactly("yes", "partial", "no", "na");
  }

  // ------------------------------------------------------------------ subscriptions

  @Test
  void subscriptionDeliversTheOwnersReports() {
    String assessment = api.startAssessment(alice.token(), "baseline");
    try (GraphQLWsClient ws = GraphQLWsClient.connect(port, alice.token())) {
      await().atMost(Duration.ofSeconds(10)).until(ws::acknowledged);
      ws.subscribe("s1", "subscription($a: ID!) { reportCreated(assessmentId: $a) { assessmentId version score } }",
          new JsonObject().put("a", assessment));
      // The consumer registration is cluster-wide: answer until a report arrives, alternating the value so that
      // every answer is a new version with a report of its own.
      Alternating values = new Alternating("yes", "no");
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
        if (ws.messages("s1", "next").isEmpty()) {
          api.answer(alice.token(), assessment, "gv-budget", values.next()).data();
        }
        return !ws.messages("s1", "next").isEmpty();
      });
      JsonObject report = ws.messages("s1", "next").get(0).getJsonObject("payload").getJsonObject("data")
          .getJsonObject("reportCreated");
      assertThat(report.getString("assessmentId")).isEqualTo(assessment);
      assertThat(report.getLong("version")).isPositive();
    }
  }

  @Test
  void subscriptionToAnotherAccountsAssessmentIsRefused() {
    try (GraphQLWsClient ws = GraphQLWsClient.connect(port, bob.token())) {
      await().atMost(Duration.ofSeconds(10)).until(ws::acknowledged);
      ws.subscribe("s2", "subscription($a: ID!) { reportCreated(assessmentId: $a) { version } }",
          new JsonObject().put("a", aliceAssessment));
      await().atMost(Duration.ofSeconds(10)).until(() -> !ws.messages("s2", "next").isEmpty()
          || !ws.messages("s2", "error").isEmpty());
      String text = ws.received.toString();
      assertThat(text).contains("NOT_FOUND").doesNotContain("\"score\"");
    }
  }

  @Test
  void subscriptionWithoutAValidTokenIsClosedUnauthorized() {
    try (GraphQLWsClient ws = GraphQLWsClient.connect(port, "forged")) {
      await().atMost(Duration.ofSeconds(10)).until(() -> ws.closeCode != -1);
      assertThat(ws.closeCode).isEqualTo(4401);
      assertThat(ws.acknowledged()).isFalse();
    }
  }

  // ------------------------------------------------------------------ the bridge

  @Test
  void bridgeLetsAnAccountListenOnlyToTheAssessmentsItMayRead() {
    String feed = BridgeClient.feed(aliceAssessment);
    // Another account's assessment: NOT_FOUND (as for a missing one) and the socket closed with 4403.
    try (BridgeClient bridge = BridgeClient.connect(port)) {
      bridge.register(feed, bob.token());
      await().atMost(Duration.ofSeconds(10)).until(() -> bridge.errors().size() == 1 && bridge.isClosed());
      assertThat(bridge.errors()).extracting(e -> e.getString("body")).containsExactly("NOT_FOUND");
      assertThat(bridge.closeCode).isEqualTo(4403);
      assertThat(bridge.bodiesFor(feed)).isEmpty();
    }
    try (BridgeClient bridge = BridgeClient.connect(port)) {
      bridge.register("assessments.*", bob.token());
      bridge.register("bastion.answers", bob.token());
      bridge.register(feed, null); // no token at all
      bridge.register("reports." + alice.accountId(), alice.token()); // the per-account address of old is gone
      await().atMost(Duration.ofSeconds(10)).until(() -> bridge.errors().size() == 4);
      bridge.send(new JsonObject().put("type", "send").put("address", "bastion.answers")
          .put("body", new JsonObject()).put("headers", new JsonObject().put("token", bob.token())));
      bridge.send(new JsonObject().put("type", "publish").put("address", feed).put("body", new JsonObject()
          .put("type", "report").put("assessmentId", aliceAssessment).put("version", 999).put("score", 100)));
      await().atMost(Duration.ofSeconds(10)).until(() -> bridge.errors().size() == 6);
      assertThat(bridge.errors()).allMatch(e -> e.getString("body").equals("rejected")
          || e.getString("body").equals("access_denied"));
    }
    // Alice's own registration works and nothing Bob sent reached her.
    try (BridgeClient own = BridgeClient.connect(port)) {
      own.registerFeed(aliceAssessment, alice.token());
      // Answer until a report arrives, alternating the value: each answer is a new version, so a new report.
      Alternating values = new Alternating("yes", "no");
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
        if (own.reportsOf(aliceAssessment).isEmpty()) {
          api.answer(alice.token(), aliceAssessment, "gv-metrics", values.next()).data();
        }
        return !own.reportsOf(aliceAssessment).isEmpty();
      });
      assertThat(own.errors()).isEmpty();
      assertThat(own.reportsOf(aliceAssessment))
          .allMatch(b -> b.getLong("version") != 999 && b.getString("assessmentId").equals(aliceAssessment));
    }
  }

  // ------------------------------------------------------------------ helpers

  /** The given values in turn, first to last and again: consecutive answers always differ. */
  static final class Alternating {
    private final String[] values;
    private int next;

    Alternating(String... values) {
      this.values = values;
    }

    String next() {
      return values[next++ % values.length];
    }
  }

  /** What a refused request must not change: the version, the answers, and no outbox row beyond the version. */
  record State(long version, String answers, long newerEvents) {
  }

  private State state(String assessment) throws Exception {
    JsonObject a = api.assessment(alice.token(), assessment);
    long version = a.getLong("version");
    try (Connection sql = mesh.sql()) {
      return new State(version, a.getJsonArray("answers").encode(), MeshIT.count(sql,
          "SELECT count(*) FROM outbox WHERE assessment_id = '" + assessment + "' AND version > " + version));
    }
  }
}
