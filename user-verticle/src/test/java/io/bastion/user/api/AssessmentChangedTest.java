package io.bastion.user.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bastion.codecs.Addresses;
import io.bastion.user.testing.BridgeSocket;
import io.bastion.user.testing.GraphQLClient;
import io.bastion.user.testing.GraphQLClient.Session;
import io.bastion.user.testing.GraphQLWsClient;
import io.bastion.user.testing.StandInScorer;
import io.bastion.user.testing.TeamRows;
import io.bastion.user.testing.UserNode;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Subscription.assessmentChanged over graphql-transport-ws: a member (any role) gets the assessment's reports,
 * answers and presence as AssessmentEvents; an outsider gets NOT_FOUND; a member who loses access has the
 * subscription end with an error (NOT_FOUND's message) while the socket stays open, and so does reportCreated.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Subscription.assessmentChanged")
class AssessmentChangedTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String CHANGED = "subscription($a: ID!) { assessmentChanged(assessmentId: $a) { type "
      + "assessmentId report { version score } answer { questionId value comment version answeredBy { id email } at } "
      + "viewers { id email } } }";
  private static final String REPORTS = "subscription($a: ID!) { reportCreated(assessmentId: $a) { version } }";

  private Vertx vertx;
  private UserNode node;
  private GraphQLClient api;
  private TeamRows teams;
  private UUID organisation;
  private Session alice;
  private Session vera;
  private Session carol;
  private String shared;

  @BeforeAll
  void start(Vertx vertx) {
    this.vertx = vertx;
    node = UserNode.start(vertx);
    StandInScorer.register(vertx); // scores answers in this JVM, so that reports come back
    api = node.graphql();
    teams = new TeamRows(vertx);
    alice = api.signUp(UserNode.email("alice"), UserNode.PASSWORD);
    vera = api.signUp(UserNode.email("vera"), UserNode.PASSWORD);
    carol = api.signUp(UserNode.email("carol"), UserNode.PASSWORD);
    organisation = teams.organisation();
    teams.member(organisation, alice.accountId(), "OWNER");
    teams.member(organisation, vera.accountId(), "VIEWER");
    shared = api.startAssessment(alice.token(), "baseline", "the team's");
    teams.assessmentOf(organisation, shared);
  }

  @AfterAll
  void stop() {
    teams.close();
  }

  @Test
  void aViewerGetsReportsAnswersAndPresence() {
    try (GraphQLWsClient ws = GraphQLWsClient.connect(vertx, node.port(), vera.token())) {
      await().atMost(WAIT).until(ws::acknowledged);
      ws.subscribe("c", CHANGED, new JsonObject().put("a", shared));

      // A report of the owner's answer (answers alternate, so each one is a new version).
      List<String> values = List.of("yes", "no");
      int[] round = {0};
      await("assessmentChanged delivers the report").atMost(WAIT).until(() -> {
        if (events(ws, "report").isEmpty()) {
          api.answer(alice.token(), shared, "gv-metrics", values.get(round[0]++ % 2)).data();
        }
        return !events(ws, "report").isEmpty();
      });
      JsonObject report = events(ws, "report").get(0);
      assertThat(report.getString("assessmentId")).isEqualTo(shared);
      assertThat(report.getJsonObject("report").getInteger("version")).isPositive();
      assertThat(report.getValue("answer")).isNull();

      // An answer event as the answer path publishes it after its commit.
      String at = Instant.now().toString();
      await("assessmentChanged delivers the answer").atMost(WAIT).until(() -> {
        vertx.eventBus().publish(Addresses.assessment(UUID.fromString(shared)), new JsonObject().put("type", "answer")
            .put("assessmentId", shared).put("questionId", "gv-owner").put("value", "partial").put("version", 42)
            .put("answeredBy", new JsonObject().put("id", alice.accountId()).put("email", alice.email()))
            .put("at", at));
        return !events(ws, "answer").isEmpty();
      });
      JsonObject answer = events(ws, "answer").get(0).getJsonObject("answer");
      assertThat(answer.getString("questionId")).isEqualTo("gv-owner");
      assertThat(answer.getString("value")).isEqualTo("partial");
      assertThat(answer.getInteger("version")).isEqualTo(42);
      assertThat(answer.getJsonObject("answeredBy").getString("email")).isEqualTo(alice.email());
      assertThat(answer.getString("at")).isEqualTo(at);

      // Presence: the owner opens the assessment on the bridge, then closes it.
      try (BridgeSocket page = BridgeSocket.connect(vertx, node.port(), MultiMap.caseInsensitiveMultiMap())) {
        page.register(Addresses.ASSESSMENTS_PREFIX + shared, alice.token());
        await("assessmentChanged: the owner is viewing").atMost(WAIT)
            .until(() -> lastViewers(ws).contains(alice.email()));
      }
      await("assessmentChanged: the owner left").atMost(WAIT).until(() -> !lastViewers(ws).contains(alice.email()));
      assertThat(errors(ws, "c")).isEmpty();
    }
  }

  @Test
  void anOutsiderGetsNotFound() {
    try (GraphQLWsClient ws = GraphQLWsClient.connect(vertx, node.port(), carol.token())) {
      await().atMost(WAIT).until(ws::acknowledged);
      ws.subscribe("c", CHANGED, new JsonObject().put("a", shared));
      await().atMost(WAIT).until(() -> !ws.messages("c", "complete").isEmpty());
      assertThat(errors(ws, "c")).as("assessmentChanged as an outsider").containsExactly("NOT_FOUND");
      assertThat(events(ws, "report")).isEmpty();
    }
  }

  @Test
  void bothSubscriptionsEndWhenTheMemberLosesAccessAndTheSocketStays() {
    Session dave = api.signUp(UserNode.email("dave"), UserNode.PASSWORD);
    teams.member(organisation, dave.accountId(), "EDITOR");
    try (GraphQLWsClient ws = GraphQLWsClient.connect(vertx, node.port(), dave.token())) {
      await().atMost(WAIT).until(ws::acknowledged);
      ws.subscribe("c", CHANGED, new JsonObject().put("a", shared));
      ws.subscribe("r", REPORTS, new JsonObject().put("a", shared));
      // Subscribed once an event reaches the subscription (presence of a page that opened the assessment).
      try (BridgeSocket page = BridgeSocket.connect(vertx, node.port(), MultiMap.caseInsensitiveMultiMap())) {
        page.register(Addresses.ASSESSMENTS_PREFIX + shared, dave.token());
        await().atMost(WAIT).until(() -> lastViewers(ws).contains(dave.email()));
      }
      teams.announce(organisation, dave.accountId()); // still a member: nothing ends
      teams.remove(organisation, dave.accountId());
      teams.announce(organisation, dave.accountId());
      await("both subscriptions end within a second").atMost(Duration.ofSeconds(1))
          .until(() -> !errors(ws, "c").isEmpty() && !errors(ws, "r").isEmpty());
      // graphql-transport-ws's error message carries a message only: the code leads it, no class name, no stack.
      assertThat(ws.messages("c", "error").get(0).getJsonArray("payload").getJsonObject(0).getString("message"))
          .as("the error that ends assessmentChanged").isEqualTo("NOT_FOUND: assessment " + shared + " not found");
      assertThat(ws.messages("r", "error")).as("the error that ends reportCreated").hasSize(1);
      assertThat(ws.closeCode()).as("the socket itself stays open").isNull();
      // The next subscribe is refused like an outsider's.
      ws.subscribe("again", CHANGED, new JsonObject().put("a", shared));
      await().atMost(WAIT).until(() -> !ws.messages("again", "complete").isEmpty());
      assertThat(errors(ws, "again")).containsExactly("NOT_FOUND");
    }
  }

  // ------------------------------------------------------------------ helpers

  private static List<JsonObject> events(GraphQLWsClient ws, String type) {
    return ws.messages("c", "next").stream()
        .map(m -> m.getJsonObject("payload").getJsonObject("data"))
        .filter(data -> data != null)
        .map(data -> data.getJsonObject("assessmentChanged"))
        .filter(e -> type.equals(e.getString("type")))
        .toList();
  }

  /** The extensions.code of every error an operation got (graphql-transport-ws sends them in next or error). */
  private static List<String> errors(GraphQLWsClient ws, String id) {
    return ws.received.stream().filter(m -> id.equals(m.getString("id")))
        .flatMap(m -> {
          Object payload = m.getValue("payload");
          JsonArray list = payload instanceof JsonObject o ? o.getJsonArray("errors", new JsonArray())
              : payload instanceof JsonArray a ? a : new JsonArray();
          return list.stream().map(e -> {
            JsonObject ext = ((JsonObject) e).getJsonObject("extensions");
            return ext == null ? String.valueOf(((JsonObject) e).getString("message")) : ext.getString("code");
          });
        })
        .toList();
  }

  /** The emails of the latest presence event's viewers (none before any). */
  private static List<String> lastViewers(GraphQLWsClient ws) {
    List<JsonObject> presence = events(ws, "presence");
    if (presence.isEmpty()) {
      return List.of();
    }
    JsonArray viewers = presence.get(presence.size() - 1).getJsonArray("viewers");
    return viewers.stream().map(v -> ((JsonObject) v).getString("email")).toList();
  }
}
