package io.bastion.user.api;

import static io.bastion.user.testing.Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.user.testing.GraphQLClient;
import io.bastion.user.testing.GraphQLClient.Response;
import io.bastion.user.testing.GraphQLClient.Session;
import io.bastion.user.testing.Team;
import io.bastion.user.testing.TestDatabase;
import io.bastion.user.testing.UserNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Targets per function over the GraphQL API of an in-process node: set, replaced, cleared, read by a VIEWER,
 * refused for a VIEWER and hidden from an outsider, bad input refused with INVALID_INPUT, each change in the audit
 * log and on the assessment's live feed.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TargetsApiTest {

  private static final String SET = "mutation($a: ID!, $f: String!, $s: Float) { setTarget(assessmentId: $a, "
      + "function: $f, score: $s) { function name score setBy { id email } setAt } }";
  private static final String READ = "query($a: ID!) { assessment(id: $a) { targets { function name score "
      + "setBy { email } setAt } } }";
  private static final Duration WAIT = Duration.ofSeconds(15);

  private GraphQLClient api;
  private Pool db;
  private Session owner;
  private Session editor;
  private Session viewer;
  private Session outsider;
  private Team team;
  private Team.Assessment current;
  private String assessment;
  private List<JsonObject> feed;

  @BeforeAll
  void start(Vertx vertx) {
    api = UserNode.start(vertx).graphql();
    db = TestDatabase.pool(vertx);
    team = Team.create(vertx, db, api, "target");
    owner = team.owner;
    editor = team.editor;
    viewer = team.viewer;
    outsider = team.outsider;
  }

  /** Each test its own assessment of the organisation, and its feed from here on. */
  @BeforeEach
  void newAssessment() {
    current = team.newAssessment("targets");
    assessment = current.id();
    feed = current.feed();
  }

  @AfterEach
  void stopListening() {
    current.stopListening();
  }

  @AfterAll
  void stop() {
    db.close();
  }

  @Test
  void editorsSetTargetsThatEveryReaderSeesLive() {
    JsonArray afterFirst = set(editor, "PR", 70.04).data().getJsonArray("setTarget");
    assertThat(afterFirst).hasSize(1);
    JsonObject pr = afterFirst.getJsonObject(0);
    assertThat(pr.getString("function")).isEqualTo("PR");
    assertThat(pr.getString("name")).isEqualTo("Protect");
    assertThat(pr.getDouble("score")).as("one decimal kept").isEqualTo(70.0);
    assertThat(pr.getJsonObject("setBy").getString("email")).isEqualTo(editor.email());

    set(owner, "Govern", 80.0).data(); // a function's name works too
    JsonArray afterReplace = set(owner, "PR", 75.5).data().getJsonArray("setTarget");
    assertThat(afterReplace.stream().map(t -> ((JsonObject) t).getString("function")))
        .as("the framework's order of functions").containsExactly("GV", "PR");
    assertThat(afterReplace.getJsonObject(1).getDouble("score")).isEqualTo(75.5);

    JsonArray seen = api.call(viewer.token(), READ, new JsonObject().put("a", assessment)).data()
        .getJsonObject("assessment").getJsonArray("targets");
    assertThat(seen).as("a VIEWER reads the targets").hasSize(2);
    assertThat(seen.getJsonObject(1).getJsonObject("setBy").getString("email")).isEqualTo(owner.email());

    Awaitility.await("three targets events on the feed").atMost(WAIT)
        .until(() -> feed.stream().filter(e -> "targets".equals(e.getString("type"))).count() == 3);
    JsonObject last = feed.stream().filter(e -> "targets".equals(e.getString("type"))).reduce((a, b) -> b).get();
    assertThat(last.getString("assessmentId")).isEqualTo(assessment);
    assertThat(last.getJsonArray("targets").getJsonObject(1).getDouble("score")).isEqualTo(75.5);

    JsonArray cleared = set(editor, "GV", null).data().getJsonArray("setTarget");
    assertThat(cleared.stream().map(t -> ((JsonObject) t).getString("function"))).as("GV cleared")
        .containsExactly("PR");

    long entries = await(db.preparedQuery("SELECT count(*) FROM audit_log WHERE kind = 'TARGET_SET' AND target = $1")
        .execute(Tuple.of(assessment))).iterator().next().getLong(0);
    assertThat(entries).as("each change in the audit log").isEqualTo(4);
  }

  @Test
  void viewersOutsidersAndBadInputAreRefused() {
    assertThat(set(viewer, "DE", 50.0).errorCode()).as("VIEWER").isEqualTo("FORBIDDEN");
    Response outsiders = set(outsider, "DE", 50.0);
    assertThat(outsiders.errorCode()).as("outsider: as if it did not exist").isEqualTo("NOT_FOUND");
    assertThat(api.call(outsider.token(), READ, new JsonObject().put("a", assessment)).errorCode())
        .as("outsider reading").isEqualTo("NOT_FOUND");
    assertThat(set(editor, "XX", 50.0).errorCode()).as("unknown function").isEqualTo("INVALID_INPUT");
    assertThat(set(editor, "DE", 100.5).errorCode()).as("above 100").isEqualTo("INVALID_INPUT");
    assertThat(set(editor, "DE", -1.0).errorCode()).as("below 0").isEqualTo("INVALID_INPUT");
    assertThat(set(editor, "DE", 50.0).errorCode()).as("no error for a valid one").isNull();
    assertThat(api.call(null, SET, new JsonObject().put("a", assessment).put("f", "DE").put("s", 1.0)).errorCode())
        .as("no session").isEqualTo("UNAUTHENTICATED");
  }

  private Response set(Session who, String function, Double score) {
    JsonObject vars = new JsonObject().put("a", assessment).put("f", function);
    vars.put("s", score);
    return api.call(who.token(), SET, vars);
  }
}
