package io.bastion.user.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.bastion.user.testing.GraphQLClient;
import io.bastion.user.testing.GraphQLClient.Response;
import io.bastion.user.testing.GraphQLClient.Session;
import io.bastion.user.testing.GraphQLWsClient;
import io.bastion.user.testing.StandInScorer;
import io.bastion.user.testing.UserNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * What a GraphQL request may cost (issue 11, findings 4 and 5): list sizes in the complexity count, aliases, what a
 * caller without a session may reach, NUL characters, the existence oracle of the answer mutation, subscriptions
 * per socket, answers per account and pages of reports. One in-process user node with small per-caller limits.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("GraphQL cost limits")
class GraphQLCostTest {

  private static final int SUBSCRIPTIONS_PER_SOCKET = 3;
  private static final int ANSWERS_PER_MINUTE = 6;
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String QUESTION = "id function functionName text help type options allowNa weight "
      + "choices { value label score } references { framework id } recommendation { text effort impact }";

  private Vertx vertx;
  private UserNode node;
  private GraphQLClient api;
  private Session alice;
  private String aliceAssessment;

  @BeforeAll
  void start(Vertx vertx) {
    this.vertx = vertx;
    node = UserNode.start(vertx, new JsonObject()
        .put("api.subscriptions-per-socket", SUBSCRIPTIONS_PER_SOCKET)
        .put("api.answers-per-account-per-minute", ANSWERS_PER_MINUTE));
    StandInScorer.register(vertx);
    api = node.graphql();
    alice = api.signUp(UserNode.email("alice"), UserNode.PASSWORD);
    aliceAssessment = api.startAssessment(alice.token(), "baseline", "alice's");
  }

  // ------------------------------------------------------------------ complexity

  @Test
  void theAmplificationQueryIsRefusedBeforeItRuns() {
    StringBuilder q = new StringBuilder("{");
    for (int i = 0; i < 86; i++) {
      q.append(" c").append(i).append(": catalogues { questions { ").append(QUESTION).append(" } }");
    }
    String amplification = q.append(" }").toString();
    assertThat(amplification.length()).as("the request of the finding: about 16 KB").isBetween(14_000, 20_000);
    assertRefused(api.call(alice.token(), amplification, new JsonObject()), "QUERY_TOO_COMPLEX");
  }

  @Test
  void listsCountAsManyAsTheyCanReturn() {
    // Few aliases (under the alias bound), each a whole list of catalogues with their questions: refused by size.
    String few = "{" + IntStream.range(0, 8).mapToObj(i -> " c" + i + ": catalogues { questions { " + QUESTION
        + " } }").reduce("", String::concat) + " }";
    assertRefused(api.call(alice.token(), few, new JsonObject()), "QUERY_TOO_COMPLEX");
    assertThat(api.call(alice.token(), "{ catalogues { questions { " + QUESTION + " } } }", new JsonObject())
        .errorCode()).as("the catalogues once").isNull();

    // A whole history of full reports counts a page of reports times their findings.
    String fullHistory = "query($a: ID!) { assessment(id: $a) { reports%s { version findings { rank text answer "
        + "references { framework id } } delta { improved { questionId text } regressed { questionId text } } } } }";
    JsonObject vars = new JsonObject().put("a", aliceAssessment);
    assertRefused(api.call(alice.token(), fullHistory.formatted(""), vars), "QUERY_TOO_COMPLEX");
    assertThat(api.call(alice.token(), fullHistory.formatted("(first: 2)"), vars).errorCode())
        .as("two full reports").isNull();
  }

  @Test
  void introspectionCountsTheSchemaNotTheData() {
    // What the attack suite asks to enumerate the fields: lists bounded by the schema, not by the catalogues.
    Response r = api.call(alice.token(), "{ __schema { queryType { name } mutationType { name } types { name "
        + "fields { name args { name type { kind name ofType { kind name } } } } } } }", new JsonObject());
    // (Whether introspection is on at all is a setting of its own; here only its cost matters.)
    assertThat(r.errorCode()).as(r.body().encode()).isNotEqualTo("QUERY_TOO_COMPLEX");
  }

  @Test
  void aliasesAreBounded() {
    String many = "{" + IntStream.range(0, RequestChecks.MAX_ALIASES + 1).mapToObj(i -> " m" + i + ": me { id }")
        .reduce("", String::concat) + " }";
    assertRefused(api.call(alice.token(), many, new JsonObject()), "QUERY_TOO_COMPLEX");
    String fine = "{ a: me { id } b: me { email } }";
    assertThat(api.call(alice.token(), fine, new JsonObject()).errorCode()).isNull();
  }

  @Test
  void everyQueryThePageSendsPasses() {
    Map<String, String> documents = PageQueries.read(UserNode.repositoryRoot().resolve("webroot"));
    assertThat(documents).as("gql(...) calls found in webroot/js").hasSizeGreaterThanOrEqualTo(12);
    for (String where : PageQueries.mutationsFirstLast(documents)) {
      String document = documents.get(where);
      // Each on an account of its own: some log out, change the password or delete the account.
      Session s = api.signUp(UserNode.email("page"), UserNode.PASSWORD);
      String assessment = api.startAssessment(s.token(), "baseline", null);
      api.answer(s.token(), assessment, "gv-owner", "yes").data();
      Response r = api.call(s.token(), document, sample(document, assessment));
      if (PageQueries.isMutation(document)) {
        // Mutations run with made-up arguments and may fail, but never on the request's cost or shape.
        assertThat(r.errorCode()).as("%s: %s -> %s", where, document, r.body().encode())
            .isNotIn("QUERY_TOO_COMPLEX", "INTERNAL");
        assertThat(r.body().encode()).as("%s is valid", where).doesNotContain("ValidationError");
      } else {
        assertThat(r.errorCode()).as("%s: %s -> %s", where, document, r.body().encode()).isNull();
      }
    }
  }

  @Test
  void anAssessmentOfTheLargestCatalogueOpensWithThePagesQuery() {
    // csf-2.0 (106 questions, imported from NIST's OSCAL catalog): started, answered and opened as the page does.
    Map<String, String> documents = PageQueries.read(UserNode.repositoryRoot().resolve("webroot"));
    String open = documents.values().stream()
        .filter(d -> !PageQueries.isMutation(d) && d.contains("catalogue {") && d.contains("assessment(id: $id)"))
        .findFirst().orElseThrow();
    Session s = api.signUp(UserNode.email("csf"), UserNode.PASSWORD);
    String assessment = api.startAssessment(s.token(), "csf-2.0", null);
    Response answered = api.answer(s.token(), assessment, "gv-oc-01", "3");
    assertThat(answered.errorCode()).as(answered.body().encode()).isNull();
    Response r = api.call(s.token(), open, new JsonObject().put("id", assessment));
    assertThat(r.errorCode()).as(r.body().encode()).isNull();
    JsonObject catalogue = r.data().getJsonObject("assessment").getJsonObject("catalogue");
    assertThat(catalogue.getString("id")).isEqualTo("csf-2.0");
    assertThat(catalogue.getJsonArray("questions")).hasSize(106);
  }

  // ------------------------------------------------------------------ callers without a session

  @Test
  void callersWithoutASessionReachOnlyTheAccountFields() {
    List<String> refused = List.of(
        "{ catalogues { id } }",
        "{ catalogue(id: \"baseline\") { id } }",
        "{ __schema { types { name } } }",
        "query { ...F } fragment F on Query { assessments { id } }",
        "{ ... on Query { me { id } } }",
        "{" + " c: catalogues { questions { id } }".repeat(86) + " }");
    for (String document : refused) {
      assertRefused(api.call(null, document, new JsonObject()), "UNAUTHENTICATED");
      assertRefused(api.call("abc.def.ghi", document, new JsonObject()), "UNAUTHENTICATED");
    }
    Response signUp = api.call(null, "mutation($e: String!, $p: String!) { signUp(email: $e, password: $p) "
        + "{ token } }", new JsonObject().put("e", UserNode.email("newcomer")).put("p", UserNode.PASSWORD));
    assertThat(signUp.errorCode()).as(signUp.body().encode()).isNull();
    Response reset = api.call(null, "mutation($e: String!) { requestPasswordReset(email: $e) }",
        new JsonObject().put("e", alice.email()));
    assertThat(reset.errorCode()).as(reset.body().encode()).isNull();
  }

  // ------------------------------------------------------------------ NUL characters

  @Test
  void aNulCharacterIsInvalidInputAndLogsNothing() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    root.addAppender(log);
    try {
      Session s = api.signUp(UserNode.email("nul"), UserNode.PASSWORD);
      String assessment = api.startAssessment(s.token(), "baseline", null);
      String nul = "before\u0000after";
      assertRefused(api.call(s.token(), "mutation($a: ID!, $c: String) { answer(assessmentId: $a, "
          + "questionId: \"gv-owner\", value: \"yes\", comment: $c) { version } }",
          new JsonObject().put("a", assessment).put("c", nul)), "INVALID_INPUT");
      assertRefused(api.call(s.token(), "mutation { startAssessment(catalogueId: \"baseline\", "
          + "title: \"a\\u0000b\") { id } }", new JsonObject()), "INVALID_INPUT");
      assertRefused(api.call(null, "mutation($e: String!, $p: String!) { signUp(email: $e, password: $p) "
          + "{ token } }", new JsonObject().put("e", "x" + nul + "@example.com").put("p", UserNode.PASSWORD)),
          "INVALID_INPUT");
      assertRefused(api.call(null, "mutation($e: String!, $p: String!) { logIn(email: $e, password: $p) "
          + "{ token } }", new JsonObject().put("e", alice.email() + nul).put("p", UserNode.PASSWORD)),
          "INVALID_INPUT");
      assertRefused(api.call(null, "mutation($e: String!) { requestPasswordReset(email: $e) }",
          new JsonObject().put("e", nul)), "INVALID_INPUT");
      assertRefused(api.call(s.token(), "mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, "
          + "newPassword: $n) }", new JsonObject().put("c", UserNode.PASSWORD).put("n", nul.repeat(5))),
          "INVALID_INPUT");
      assertThat(api.assessment(s.token(), assessment).getJsonArray("answers")).as("nothing stored").isEmpty();
    } finally {
      root.detachAppender(log);
    }
    assertThat(log.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
        .map(ILoggingEvent::getFormattedMessage)).as("errors logged for NUL characters").isEmpty();
  }

  // ------------------------------------------------------------------ existence oracle

  @Test
  void anUnknownQuestionOnSomeoneElsesAssessmentIsNotFound() {
    // Alice answers first, so that the node knows her assessment's catalogue.
    api.answer(alice.token(), aliceAssessment, "gv-owner", "yes").data();
    Session mallory = api.signUp(UserNode.email("mallory"), UserNode.PASSWORD);
    String missing = UUID.randomUUID().toString();
    Response theirs = api.answer(mallory.token(), aliceAssessment, "no-such-question", "yes");
    Response none = api.answer(mallory.token(), missing, "no-such-question", "yes");
    assertThat(theirs.errorCode()).as(theirs.body().encode()).isEqualTo("NOT_FOUND");
    assertThat(theirs.firstError().getString("message").replace(aliceAssessment, "<id>"))
        .isEqualTo(none.firstError().getString("message").replace(missing, "<id>"));
    // Her own unknown question is still explained to the owner.
    Response own = api.answer(alice.token(), aliceAssessment, "no-such-question", "yes");
    assertThat(own.errorCode()).isEqualTo("INVALID_INPUT");
  }

  // ------------------------------------------------------------------ answers per account

  @Test
  void answersAreThrottledPerAccount() {
    Session eager = api.signUp(UserNode.email("eager"), UserNode.PASSWORD);
    String assessment = api.startAssessment(eager.token(), "baseline", null);
    for (int i = 0; i < ANSWERS_PER_MINUTE; i++) {
      Response r = api.answer(eager.token(), assessment, "gv-owner", i % 2 == 0 ? "yes" : "no");
      assertThat(r.errorCode()).as("answer %d of %d: %s", i + 1, ANSWERS_PER_MINUTE, r.body().encode()).isNull();
    }
    Response over = api.answer(eager.token(), assessment, "gv-owner", "partial");
    assertThat(over.errorCode()).as(over.body().encode()).isEqualTo("RATE_LIMITED");
    assertThat(over.firstError().getJsonObject("extensions").getLong("retryAfterSeconds")).isBetween(1L, 60L);
    assertThat(api.answer(eager.token(), assessment, "gv-owner", "partial").errorCode()).isEqualTo("RATE_LIMITED");

    Session other = api.signUp(UserNode.email("other"), UserNode.PASSWORD);
    String theirs = api.startAssessment(other.token(), "baseline", null);
    assertThat(api.answer(other.token(), theirs, "gv-owner", "yes").errorCode()).as("another account").isNull();
  }

  // ------------------------------------------------------------------ subscriptions per socket

  @Test
  void oneSocketOpensAtMostTheConfiguredSubscriptions() {
    Session s = api.signUp(UserNode.email("subscriber"), UserNode.PASSWORD);
    String assessment = api.startAssessment(s.token(), "baseline", null);
    String subscription = "subscription($a: ID!) { reportCreated(assessmentId: $a) { version } }";
    JsonObject vars = new JsonObject().put("a", assessment);
    try (GraphQLWsClient ws = GraphQLWsClient.connect(vertx, node.port(), s.token())) {
      await("connection_ack").atMost(WAIT).until(ws::acknowledged);
      List<String> ids = IntStream.rangeClosed(1, SUBSCRIPTIONS_PER_SOCKET + 1).mapToObj(i -> "s" + i).toList();
      ids.forEach(id -> ws.subscribe(id, subscription, vars));
      await("one subscription over the limit is refused").atMost(WAIT)
          .until(() -> ids.stream().filter(id -> code(ws, id) != null).count() == 1);
      String refused = ids.stream().filter(id -> code(ws, id) != null).findFirst().orElseThrow();
      assertThat(code(ws, refused)).isEqualTo("TOO_MANY_SUBSCRIPTIONS");
      assertThat(ws.closeCode()).as("the socket stays open").isNull();

      // Completing one makes room for another on the same socket, which then delivers.
      String done = ids.stream().filter(id -> !id.equals(refused)).findFirst().orElseThrow();
      ws.send(new JsonObject().put("id", done).put("type", "complete"));
      ws.subscribe("again", subscription, vars);
      api.answer(s.token(), assessment, "gv-owner", "yes").data();
      await("the new subscription delivers a report").atMost(WAIT)
          .until(() -> !ws.messages("again", "next").isEmpty());
      assertThat(code(ws, "again")).isNull();
      assertThat(ws.messages(done, "next")).as("the completed subscription").isEmpty();
    }
  }

  @Test
  void aSubscriptionOverHttpIsRefusedWithACode() {
    Response r = api.call(alice.token(), "subscription($a: ID!) { reportCreated(assessmentId: $a) { version } }",
        new JsonObject().put("a", aliceAssessment));
    assertThat(r.errorCode()).as(r.body().encode()).isEqualTo("FORBIDDEN");
  }

  // ------------------------------------------------------------------ pages of reports

  @Test
  void reportsComeAPageAtATime() {
    Session s = api.signUp(UserNode.email("pages"), UserNode.PASSWORD);
    String assessment = api.startAssessment(s.token(), "baseline", null);
    for (String value : List.of("yes", "no", "yes")) {
      api.answer(s.token(), assessment, "gv-owner", value).data();
    }
    String page = "query($a: ID!, $first: Int, $after: Int) { assessment(id: $a) { "
        + "reports(first: $first, after: $after) { version score } } }";
    JsonObject vars = new JsonObject().put("a", assessment);
    await("reports of at least two versions, the last one included").atMost(WAIT).until(() -> {
      JsonArray all = reports(api.call(s.token(), page, vars));
      return all.size() >= 2 && all.getJsonObject(all.size() - 1).getLong("version") == 3;
    });
    JsonArray all = reports(api.call(s.token(), page, vars));
    long first = all.getJsonObject(0).getLong("version");
    long second = all.getJsonObject(1).getLong("version");

    JsonArray one = reports(api.call(s.token(), page, vars.copy().put("first", 1)));
    assertThat(one.size()).isEqualTo(1);
    assertThat(one.getJsonObject(0).getLong("version")).isEqualTo(first);
    JsonArray next = reports(api.call(s.token(), page, vars.copy().put("first", 1).put("after", (int) first)));
    assertThat(next.getJsonObject(0).getLong("version")).isEqualTo(second);

    Response since = api.call(s.token(), "query($a: ID!) { assessment(id: $a) { reportsSince(version: 0, first: 1) "
        + "{ version findings { rank } } } }", vars);
    assertThat(since.data().getJsonObject("assessment").getJsonArray("reportsSince").size()).isEqualTo(1);

    for (int bad : new int[] {0, ReportPage.MAX + 1}) {
      Response r = api.call(s.token(), page, vars.copy().put("first", bad));
      assertThat(r.errorCode()).as("first: %d -> %s", bad, r.body().encode()).isEqualTo("INVALID_INPUT");
    }
  }

  // ------------------------------------------------------------------ helpers

  private static void assertRefused(Response r, String code) {
    assertThat(r.errorCode()).as(r.body().encode()).isEqualTo(code);
    assertThat(r.body().getValue("data")).as("refused before it ran: no data").isNull();
  }

  private static JsonArray reports(Response r) {
    assertThat(r.errorCode()).as(r.body().encode()).isNull();
    return r.data().getJsonObject("assessment").getJsonArray("reports");
  }

  /** The code of an operation's first error, whether sent as an error message or in a next message; or null. */
  private static String code(GraphQLWsClient ws, String id) {
    List<JsonObject> errors = ws.messages(id, "error");
    JsonArray list = null;
    if (!errors.isEmpty()) {
      list = errors.get(0).getJsonArray("payload");
    } else {
      list = ws.messages(id, "next").stream().map(m -> m.getJsonObject("payload").getJsonArray("errors"))
          .filter(e -> e != null && !e.isEmpty()).findFirst().orElse(null);
    }
    if (list == null) {
      return null;
    }
    JsonObject ext = list.getJsonObject(0).getJsonObject("extensions");
    return ext == null ? "none" : ext.getString("code");
  }

  /** Made-up values for a page document's variables, by name and type. */
  private static JsonObject sample(String document, String assessment) {
    JsonObject vars = new JsonObject();
    PageQueries.variables(document).forEach((name, type) -> {
      if (type.equals("ID") || type.equals("String")) {
        // An optional id or text (an organisation, a page's "after", a filter, a comment) is left out, as in
        // the page's first call.
        return;
      }
      if (type.startsWith("ID")) {
        vars.put(name, switch (name) {
          case "c" -> "baseline";
          case "q" -> "gv-owner";
          default -> assessment;
        });
      } else if (type.startsWith("Int")) {
        vars.put(name, name.equals("after") ? 0 : 1);
      } else if (type.startsWith("Role")) {
        vars.put(name, "EDITOR");
      } else if (type.startsWith("ActionStatus")) {
        vars.put(name, "IN_PROGRESS");
      } else if (type.startsWith("Float")) {
        vars.put(name, 50.0);
      } else {
        vars.put(name, switch (name) {
          case "e" -> UserNode.email("sample");
          case "v" -> "yes";
          case "f" -> "PR";
          case "t" -> "a title";
          default -> "a made-up passphrase, long enough";
        });
      }
    });
    return vars;
  }
}
