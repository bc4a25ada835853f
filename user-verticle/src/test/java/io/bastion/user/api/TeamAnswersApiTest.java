package io.bastion.user.api;

import static io.bastion.user.testing.Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.codecs.Addresses;
import io.bastion.codecs.JsonText;
import io.bastion.user.testing.Fixtures;
import io.bastion.user.testing.GraphQLClient;
import io.bastion.user.testing.GraphQLClient.Response;
import io.bastion.user.testing.GraphQLClient.Session;
import io.bastion.user.testing.StandInScorer;
import io.bastion.user.testing.TestDatabase;
import io.bastion.user.testing.UserNode;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An organisation's assessment answered together over the GraphQL API of an in-process node: who answered, the
 * refusals by role, CONFLICT with extensions.current, the history, sign-offs on the assessment and its reports,
 * and the answer event on the bus with the caller's email. The organisation and its memberships are rows made here
 * with SQL.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TeamAnswersApiTest {

  private static final String ANSWER = "mutation($a: ID!, $q: ID!, $v: String!, $c: String, $e: Int) { "
      + "answer(assessmentId: $a, questionId: $q, value: $v, comment: $c, expectedVersion: $e) { "
      + "questionId value comment version answeredBy { id email } } }";
  private static final Duration WAIT = Duration.ofSeconds(15);

  private GraphQLClient api;
  private Pool db;
  private Session owner;
  private Session editor;
  private Session viewer;
  private Session outsider;
  private String assessment;
  private final List<JsonObject> feed = new CopyOnWriteArrayList<>();

  @BeforeAll
  void start(Vertx vertx) {
    UserNode node = UserNode.start(vertx);
    StandInScorer.register(vertx);
    api = node.graphql();
    db = TestDatabase.pool(vertx);
    owner = api.signUp(UserNode.email("team-owner"), UserNode.PASSWORD);
    editor = api.signUp(UserNode.email("team-editor"), UserNode.PASSWORD);
    viewer = api.signUp(UserNode.email("team-viewer"), UserNode.PASSWORD);
    outsider = api.signUp(UserNode.email("team-outsider"), UserNode.PASSWORD);
    UUID organisation = UUID.randomUUID();
    await(db.preparedQuery("INSERT INTO organisations (id, name) VALUES ($1, 'Acme')").execute(Tuple.of(organisation)));
    member(organisation, owner, "OWNER");
    member(organisation, editor, "EDITOR");
    member(organisation, viewer, "VIEWER");
    UUID id = UUID.randomUUID();
    await(db.preparedQuery("INSERT INTO assessments (id, account_id, catalogue_id, catalogue_version, title, "
        + "organisation_id) VALUES ($1, $2, 'baseline', $3, 'team', $4)").execute(Tuple.of(id,
        UUID.fromString(owner.accountId()), Fixtures.baseline().version(), organisation)));
    assessment = id.toString();
    MessageConsumer<Object> consumer = vertx.eventBus().consumer(Addresses.assessment(id),
        m -> feed.add(JsonText.read(m.body())));
    await(consumer.completion());
  }

  @AfterAll
  void stop() {
    db.close();
  }

  @Test
  void membersAnswerTogetherWithConflictsHistoryAndSignOffs() {
    JsonObject first = answer(editor, "gv-owner", "yes", "the CTO", null).data().getJsonObject("answer");
    assertThat(first.getJsonObject("answeredBy")).as("Answer.answeredBy")
        .isEqualTo(new JsonObject().put("id", editor.accountId()).put("email", editor.email()));
    Awaitility.await("the answer event").atMost(WAIT).until(() -> !feed.isEmpty());
    assertThat(feed.get(0).getString("type")).isEqualTo("answer");
    assertThat(feed.get(0).getJsonObject("answeredBy").getString("email")).as("answer event: the caller's email")
        .isEqualTo(editor.email());

    assertThat(answer(viewer, "gv-owner", "no", null, null).errorCode()).as("VIEWER").isEqualTo("FORBIDDEN");
    Response outsiders = answer(outsider, "no-such-question", "no", null, null);
    assertThat(outsiders.errorCode()).as("outsider, invalid question").isEqualTo("NOT_FOUND");
    assertThat(outsiders.body().encode()).as("nothing about the catalogue").doesNotContain("no-such-question");

    answer(owner, "gv-owner", "no", null, null).data(); // version 2
    Response conflict = answer(editor, "gv-owner", "partial", null, 1);
    assertThat(conflict.errorCode()).as("a stale expectedVersion").isEqualTo("CONFLICT");
    JsonObject current = conflict.firstError().getJsonObject("extensions").getJsonObject("current");
    assertThat(current.getString("questionId")).isEqualTo("gv-owner");
    assertThat(current.getString("value")).as("extensions.current: the answer that stands").isEqualTo("no");
    assertThat(current.getLong("version")).isEqualTo(2);
    assertThat(current.containsKey("comment") && current.getValue("comment") == null).as("comment: null").isTrue();
    assertThat(current.getJsonObject("answeredBy"))
        .isEqualTo(new JsonObject().put("id", owner.accountId()).put("email", owner.email()));
    assertThat(current.getString("at")).isNotBlank();
    assertThat(answer(editor, "gv-owner", "no", null, 1).data().getJsonObject("answer").getLong("version"))
        .as("the stored answer sent again with an old version: no conflict").isEqualTo(2);
    assertThat(answer(editor, "gv-owner", "partial", null, 2).data().getJsonObject("answer").getLong("version"))
        .as("with the version that stands").isEqualTo(3);

    JsonArray history = api.call(viewer.token(), "query($a: ID!) { answerHistory(assessmentId: $a, "
        + "questionId: \"gv-owner\") { questionId value comment version answeredBy { email } at } }",
        new JsonObject().put("a", assessment)).data().getJsonArray("answerHistory");
    assertThat(history.stream().map(h -> ((JsonObject) h).getString("value"))).as("answerHistory as a VIEWER")
        .containsExactly("yes", "no", "partial");
    assertThat(history.getJsonObject(1).getJsonObject("answeredBy").getString("email")).isEqualTo(owner.email());

    Awaitility.await("report version 3").atMost(WAIT).until(() -> api.call(owner.token(),
        "query($a: ID!) { assessment(id: $a) { report(version: 3) { version } } }",
        new JsonObject().put("a", assessment)).data().getJsonObject("assessment").getValue("report") != null);
    String signOff = "mutation($a: ID!, $n: String) { signOff(assessmentId: $a, version: 3, note: $n) "
        + "{ version note at signedBy { id email } } }";
    assertThat(api.call(editor.token(), signOff, new JsonObject().put("a", assessment)).errorCode())
        .as("signOff as an EDITOR").isEqualTo("FORBIDDEN");
    JsonObject signed = api.call(owner.token(), signOff, new JsonObject().put("a", assessment).put("n", "agreed"))
        .data().getJsonObject("signOff");
    assertThat(signed.getString("note")).isEqualTo("agreed");
    assertThat(signed.getJsonObject("signedBy").getString("email")).isEqualTo(owner.email());
    assertThat(api.call(owner.token(), signOff, new JsonObject().put("a", assessment)).errorCode())
        .as("signOff twice").isEqualTo("CONFLICT");

    // As the owner: Query.assessment for other members is the organisation work's (AssessmentService.get).
    JsonObject seen = api.call(owner.token(), "query($a: ID!) { assessment(id: $a) { signOffs { version "
        + "signedBy { email } } reports { version signOff { note } } } }", new JsonObject().put("a", assessment))
        .data().getJsonObject("assessment");
    assertThat(seen.getJsonArray("signOffs").getJsonObject(0).getLong("version")).as("Assessment.signOffs")
        .isEqualTo(3);
    JsonObject signedReport = seen.getJsonArray("reports").stream().map(JsonObject.class::cast)
        .filter(r -> r.getLong("version") == 3).findFirst().orElseThrow();
    assertThat(signedReport.getJsonObject("signOff").getString("note")).as("Report.signOff").isEqualTo("agreed");
  }

  private Response answer(Session who, String questionId, String value, String comment, Integer expectedVersion) {
    JsonObject vars = new JsonObject().put("a", assessment).put("q", questionId).put("v", value).put("c", comment)
        .put("e", expectedVersion);
    return api.call(who.token(), ANSWER, vars);
  }

  private void member(UUID organisation, Session who, String role) {
    await(db.preparedQuery("INSERT INTO memberships (organisation_id, account_id, role) VALUES ($1, $2, $3)")
        .execute(Tuple.of(organisation, UUID.fromString(who.accountId()), role)));
  }
}
