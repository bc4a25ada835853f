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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The action plan over the GraphQL API of an in-process node: an item made from a finding with an owner who is a
 * member, overdue when its date has passed, closed by answering its question fully and reopened when the gap opens
 * again, risk accepted only with a reason; refusals by role, bad input, the audit log and the live feed.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ActionsApiTest {

  private static final String ITEM = "id questionId title owner { id email } dueDate status setStatus closedByAnswer "
      + "reason overdue createdBy { email } createdAt updatedAt";
  private static final String CREATE = "mutation($a: ID!, $q: ID!, $t: String!, $o: ID, $d: String) { "
      + "createAction(assessmentId: $a, questionId: $q, title: $t, ownerId: $o, dueDate: $d) { " + ITEM + " } }";
  private static final String UPDATE = "mutation($id: ID!, $t: String, $o: ID, $d: String, $s: ActionStatus, "
      + "$r: String) { updateAction(id: $id, title: $t, ownerId: $o, dueDate: $d, status: $s, reason: $r) { "
      + ITEM + " } }";
  private static final String ANSWER = "mutation($a: ID!, $q: ID!, $v: String!) { "
      + "answer(assessmentId: $a, questionId: $q, value: $v) { version } }";
  private static final String PLAN = "query($a: ID!) { assessment(id: $a) { actions { " + ITEM + " } } }";
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
    team = Team.create(vertx, db, api, "plan");
    owner = team.owner;
    editor = team.editor;
    viewer = team.viewer;
    outsider = team.outsider;
  }

  /** Each test its own assessment of the organisation, and its feed from here on. */
  @BeforeEach
  void newAssessment() {
    current = team.newAssessment("plan");
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
  void aFindingBecomesAnItemThatAnsweringClosesAndAReopenedGapReopens() {
    String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
    JsonObject item = call(editor, CREATE, vars().put("q", "gv-owner").put("t", "Name a security owner")
        .put("o", viewer.accountId()).put("d", yesterday)).data().getJsonObject("createAction");
    assertThat(item.getString("status")).isEqualTo("OPEN");
    assertThat(item.getJsonObject("owner").getString("email")).as("a member as owner").isEqualTo(viewer.email());
    assertThat(item.getJsonObject("createdBy").getString("email")).isEqualTo(editor.email());
    assertThat(item.getBoolean("overdue")).as("due yesterday, still open").isTrue();
    String id = item.getString("id");

    JsonObject started = call(editor, UPDATE, new JsonObject().put("id", id).put("s", "IN_PROGRESS")
        .put("d", "")).data().getJsonObject("updateAction");
    assertThat(started.getString("status")).isEqualTo("IN_PROGRESS");
    assertThat(started.getValue("dueDate")).as("an empty date clears it").isNull();
    assertThat(started.getBoolean("overdue")).isFalse();

    call(editor, ANSWER, vars().put("q", "gv-owner").put("v", "yes")).data();
    JsonObject closed = plan(viewer).getJsonObject(0);
    assertThat(closed.getString("status")).as("answered fully: done").isEqualTo("DONE");
    assertThat(closed.getBoolean("closedByAnswer")).isTrue();
    assertThat(closed.getString("setStatus")).isEqualTo("IN_PROGRESS");

    call(editor, ANSWER, vars().put("q", "gv-owner").put("v", "no")).data();
    JsonObject reopened = plan(viewer).getJsonObject(0);
    assertThat(reopened.getString("status")).as("the gap reopened: so is the item").isEqualTo("IN_PROGRESS");
    assertThat(reopened.getBoolean("closedByAnswer")).isFalse();

    assertThat(call(owner, UPDATE, new JsonObject().put("id", id).put("s", "RISK_ACCEPTED")).errorCode())
        .as("a risk accepted without a reason").isEqualTo("INVALID_INPUT");
    JsonObject accepted = call(owner, UPDATE, new JsonObject().put("id", id).put("s", "RISK_ACCEPTED")
        .put("r", "Covered by the parent company's CISO")).data().getJsonObject("updateAction");
    assertThat(accepted.getString("status")).isEqualTo("RISK_ACCEPTED");
    assertThat(accepted.getString("reason")).isEqualTo("Covered by the parent company's CISO");

    Awaitility.await("an actions event per change").atMost(WAIT)
        .until(() -> feed.stream().filter(e -> "actions".equals(e.getString("type"))).count() == 3);
    JsonObject last = feed.stream().filter(e -> "actions".equals(e.getString("type"))).reduce((a, b) -> b).get();
    assertThat(last.getJsonArray("actions").getJsonObject(0).getString("status")).isEqualTo("RISK_ACCEPTED");

    long created = audited("ACTION_CREATED");
    long changed = audited("ACTION_CHANGED");
    assertThat(created).isEqualTo(1);
    assertThat(changed).as("two changes (the refused one is not)").isEqualTo(2);
  }

  @Test
  void rolesOwnersAndBadInputAreChecked() {
    assertThat(call(viewer, CREATE, vars().put("q", "gv-owner").put("t", "x")).errorCode()).as("VIEWER")
        .isEqualTo("FORBIDDEN");
    assertThat(call(outsider, CREATE, vars().put("q", "gv-owner").put("t", "x")).errorCode()).as("outsider")
        .isEqualTo("NOT_FOUND");
    assertThat(call(editor, CREATE, vars().put("q", "no-such-question").put("t", "x")).errorCode())
        .isEqualTo("NOT_FOUND");
    assertThat(call(editor, CREATE, vars().put("q", "gv-owner").put("t", " ")).errorCode()).as("blank title")
        .isEqualTo("INVALID_INPUT");
    assertThat(call(editor, CREATE, vars().put("q", "gv-owner").put("t", "x".repeat(201))).errorCode())
        .as("long title").isEqualTo("INVALID_INPUT");
    assertThat(call(editor, CREATE, vars().put("q", "gv-owner").put("t", "x").put("d", "31/12/2026")).errorCode())
        .as("a date not as YYYY-MM-DD").isEqualTo("INVALID_INPUT");
    assertThat(call(editor, CREATE, vars().put("q", "gv-owner").put("t", "x").put("o", outsider.accountId()))
        .errorCode()).as("an owner who is no member").isEqualTo("INVALID_INPUT");
    for (String date : List.of("+10000-01-01", "-0001-01-01", "0001-01-01", "2026-02-30", "2026-1-1")) {
      assertThat(call(editor, CREATE, vars().put("q", "gv-owner").put("t", "x").put("d", date)).errorCode())
          .as("due date %s", date).isEqualTo("INVALID_INPUT");
    }

    JsonObject item = call(editor, CREATE, vars().put("q", "gv-policy").put("t", "<b>Write</b> a policy"))
        .data().getJsonObject("createAction");
    assertThat(item.getJsonObject("owner").getString("email")).as("the caller by default").isEqualTo(editor.email());
    assertThat(item.getString("title")).as("stored as given (the page shows it as text)")
        .isEqualTo("<b>Write</b> a policy");
    String id = item.getString("id");
    assertThat(call(viewer, UPDATE, new JsonObject().put("id", id).put("s", "DONE")).errorCode()).as("VIEWER")
        .isEqualTo("FORBIDDEN");
    assertThat(call(editor, UPDATE, new JsonObject().put("id", id).put("r", "no status")).errorCode())
        .as("a reason without RISK_ACCEPTED").isEqualTo("INVALID_INPUT");
    assertThat(call(editor, UPDATE, new JsonObject().put("id", id).put("d", "99999-01-01")).errorCode())
        .as("a date out of range on update").isEqualTo("INVALID_INPUT");
    assertThat(call(outsider, UPDATE, new JsonObject().put("id", id).put("s", "DONE")).errorCode())
        .as("outsider: as if it did not exist").isEqualTo("NOT_FOUND");
    assertThat(call(editor, UPDATE, new JsonObject().put("id", UUID.randomUUID().toString()).put("s", "DONE"))
        .errorCode()).isEqualTo("NOT_FOUND");
    assertThat(call(editor, UPDATE, new JsonObject().put("id", "not-a-uuid").put("s", "DONE")).errorCode())
        .isEqualTo("NOT_FOUND");
    assertThat(call(outsider, PLAN, vars()).errorCode()).as("outsider reading the plan").isEqualTo("NOT_FOUND");
    assertThat(plan(viewer)).as("a VIEWER reads the plan").hasSize(1);
  }

  @Test
  void thePlanHoldsAtMostTwoHundredItemsEvenWhenCreatesRace() throws Exception {
    await(db.preparedQuery("INSERT INTO action_items (id, assessment_id, question_id, title) "
        + "SELECT gen_random_uuid(), $1, 'gv-owner', 'item ' || n FROM generate_series(1, 197) n")
        .execute(Tuple.of(UUID.fromString(assessment))));
    // Six creates at once for the last three places: the assessment's lock makes them count in turn.
    java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(6);
    try {
      List<java.util.concurrent.Future<String>> codes = new java.util.ArrayList<>();
      for (int i = 0; i < 6; i++) {
        int n = i;
        codes.add(threads.submit(() -> call(editor, CREATE, vars().put("q", "gv-owner").put("t", "racer " + n))
            .errorCode()));
      }
      List<String> results = new java.util.ArrayList<>();
      for (java.util.concurrent.Future<String> c : codes) {
        results.add(c.get(30, java.util.concurrent.TimeUnit.SECONDS));
      }
      assertThat(results.stream().filter(java.util.Objects::isNull).count()).as("created").isEqualTo(3);
      assertThat(results).as("past " + io.bastion.user.assessment.Actions.MAX_ITEMS).contains("CONFLICT");
    } finally {
      threads.shutdownNow();
    }
    assertThat(plan(viewer)).hasSize(200);
  }

  private JsonArray plan(Session who) {
    return call(who, PLAN, vars()).data().getJsonObject("assessment").getJsonArray("actions");
  }

  private long audited(String kind) {
    return await(db.preparedQuery("SELECT count(*) FROM audit_log WHERE kind = $1 AND target = $2")
        .execute(Tuple.of(kind, assessment))).iterator().next().getLong(0);
  }

  private JsonObject vars() {
    return new JsonObject().put("a", assessment);
  }

  private Response call(Session who, String query, JsonObject variables) {
    return api.call(who.token(), query, variables);
  }
}
