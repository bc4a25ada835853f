package io.bastion.user.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import graphql.language.FieldDefinition;
import io.bastion.user.testing.GraphQLClient;
import io.bastion.user.testing.GraphQLClient.Response;
import io.bastion.user.testing.GraphQLClient.Session;
import io.bastion.user.testing.GraphQLWsClient;
import io.bastion.user.testing.StandInScorer;
import io.bastion.user.testing.UserNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who may call every field of the GraphQL API. The table {@link #CASES} says, for each Query, Mutation and
 * Subscription field, whether it is public, acts on the caller's own account, or reaches an assessment by id; the
 * tests read the field list from the schema itself, so a field added without a line in the table fails here.
 *
 * <ul>
 *   <li>anonymous (and forged tokens): UNAUTHENTICATED and no data, except for public fields;</li>
 *   <li>another account naming Alice's assessment: exactly what an id that does not exist gets (NOT_FOUND, the same
 *       message), no data, nothing changed;</li>
 *   <li>the owner (or the caller, for fields about the caller): succeeds.</li>
 * </ul>
 * Nested fields of an Assessment (answers, reports...) are only reachable through one, so each is tried through
 * {@code assessment(id:)} too. Subscriptions go over graphql-transport-ws.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("GraphQL authorization of every field")
class GraphQLAuthorizationTest {

  /** Who may call a field. */
  enum Access {
    /** Anyone, signed in or not. */
    PUBLIC,
    /** A signed-in caller, about their own account only (no argument names another account's data). */
    CALLER,
    /** A signed-in caller, about an assessment named by id, which must be theirs. */
    OWNER
  }

  /**
   * One line of the table.
   *
   * @param access    who may call it
   * @param throwaway the caller's run needs an account of its own (it logs out, changes the password, deletes)
   * @param anonymous the error code an anonymous call gets (null: none) for a public field
   * @param args      the field's arguments, for the world of this test and the assessment id to aim at
   * @param owner     the error code the caller gets with these sample arguments (null: success), for fields whose
   *                  success needs what a table cannot hold (a code from an app, a browser's passkey)
   */
  record Case(Access access, boolean throwaway, String anonymous, BiFunction<GraphQLAuthorizationTest, String,
      JsonObject> args, String owner) {

    Case(Access access, boolean throwaway, String anonymous, BiFunction<GraphQLAuthorizationTest, String,
        JsonObject> args) {
      this(access, throwaway, anonymous, args, null);
    }

    static Case of(Access access, BiFunction<GraphQLAuthorizationTest, String, JsonObject> args) {
      return new Case(access, false, null, args);
    }

    /** A caller field that, with sample arguments, gets past authentication to this error. */
    static Case callerGets(String owner, BiFunction<GraphQLAuthorizationTest, String, JsonObject> args) {
      return new Case(Access.CALLER, false, null, args, owner);
    }
  }

  private static final String NEW_PASSWORD = "a different fine passphrase";
  private static final Map<String, Case> CASES = new LinkedHashMap<>();

  static {
    CASES.put("Query.me", Case.of(Access.CALLER, (t, a) -> new JsonObject()));
    // Not needed before logging in: a caller without a session reaches only the account fields (RequestChecks).
    CASES.put("Query.catalogues", Case.of(Access.CALLER, (t, a) -> new JsonObject()));
    CASES.put("Query.catalogue", Case.of(Access.CALLER, (t, a) -> new JsonObject().put("id", "baseline")));
    CASES.put("Query.sessions", Case.of(Access.CALLER, (t, a) -> new JsonObject()));
    CASES.put("Query.assessments", Case.of(Access.CALLER, (t, a) -> new JsonObject()));
    CASES.put("Query.assessment", Case.of(Access.OWNER, (t, a) -> new JsonObject().put("id", a)));
    CASES.put("Mutation.signUp", Case.of(Access.PUBLIC, (t, a) -> new JsonObject()
        .put("email", UserNode.email("new")).put("password", UserNode.PASSWORD)));
    CASES.put("Mutation.logIn", Case.of(Access.PUBLIC, (t, a) -> new JsonObject()
        .put("email", t.alice.email()).put("password", UserNode.PASSWORD)));
    CASES.put("Mutation.logOut", new Case(Access.CALLER, true, null, (t, a) -> new JsonObject()));
    CASES.put("Mutation.changePassword", new Case(Access.CALLER, true, null, (t, a) -> new JsonObject()
        .put("currentPassword", UserNode.PASSWORD).put("newPassword", NEW_PASSWORD)));
    CASES.put("Mutation.setLanguage", Case.of(Access.CALLER, (t, a) -> new JsonObject().put("language", "en")));
    CASES.put("Mutation.deleteAccount", new Case(Access.CALLER, true, null, (t, a) -> new JsonObject()
        .put("password", UserNode.PASSWORD)));
    CASES.put("Mutation.endSession", Case.of(Access.CALLER, (t, a) -> new JsonObject()
        .put("id", java.util.UUID.randomUUID().toString())));
    CASES.put("Mutation.requestPasswordReset", Case.of(Access.PUBLIC, (t, a) -> new JsonObject()
        .put("email", t.alice.email())));
    // Public, and only a token from the reset mail opens it: a made-up one is INVALID_INPUT for everyone.
    CASES.put("Mutation.resetPassword", new Case(Access.PUBLIC, false, "INVALID_INPUT", (t, a) -> new JsonObject()
        .put("token", "made-up-reset-token").put("password", NEW_PASSWORD)));
    CASES.put("Mutation.startAssessment", Case.of(Access.CALLER, (t, a) -> new JsonObject()
        .put("catalogueId", "baseline").put("title", "another assessment")));
    CASES.put("Mutation.answer", Case.of(Access.OWNER, (t, a) -> new JsonObject()
        .put("assessmentId", a).put("questionId", "gv-budget").put("value", "partial")));
    CASES.put("Query.answerHistory", Case.of(Access.OWNER, (t, a) -> new JsonObject()
        .put("assessmentId", a).put("questionId", "gv-owner")));
    // Version 1 is signed off in start(): past authorization, the owner hears CONFLICT.
    CASES.put("Mutation.signOff", new Case(Access.OWNER, false, null, (t, a) -> new JsonObject()
        .put("assessmentId", a).put("version", 1).put("note", "checked"), "CONFLICT"));
    CASES.put("Mutation.setTarget", Case.of(Access.OWNER, (t, a) -> new JsonObject()
        .put("assessmentId", a).put("function", "PR").put("score", 60.0)));
    CASES.put("Mutation.createAction", Case.of(Access.OWNER, (t, a) -> new JsonObject()
        .put("assessmentId", a).put("questionId", "gv-owner").put("title", "Name an owner")));
    // An action id that is nobody's: NOT_FOUND for everyone past authentication (ActionsApiTest: real items).
    CASES.put("Mutation.updateAction", Case.callerGets("NOT_FOUND", (t, a) -> new JsonObject()
        .put("id", UUID.randomUUID().toString()).put("status", "DONE")));
    CASES.put("Mutation.addEvidenceLink", Case.of(Access.OWNER, (t, a) -> new JsonObject()
        .put("assessmentId", a).put("questionId", "gv-owner").put("url", "https://example.org/policy")
        .put("effectiveDate", "2026-01-01")));
    // An evidence id that is nobody's: NOT_FOUND for everyone past authentication (EvidenceHttpTest: real items).
    CASES.put("Mutation.removeEvidence", Case.callerGets("NOT_FOUND", (t, a) -> new JsonObject()
        .put("id", UUID.randomUUID().toString())));
    CASES.put("Subscription.reportCreated", Case.of(Access.OWNER, (t, a) -> new JsonObject()
        .put("assessmentId", a)));
    // Teams (ORGS): organisation ids that do not exist (or not the caller's) are NOT_FOUND past authentication;
    // OrganisationsTest covers members, roles and invitations. deleteAssessment deletes a fresh assessment of Alice's
    // (never the one the other lines need), so her owner run succeeds and another account's run changes nothing.
    CASES.put("Query.organisations", Case.of(Access.CALLER, (t, a) -> new JsonObject()));
    CASES.put("Mutation.createOrganisation", Case.of(Access.CALLER, (t, a) -> new JsonObject()
        .put("name", "a team")));
    CASES.put("Mutation.invite", Case.callerGets("NOT_FOUND", (t, a) -> new JsonObject()
        .put("organisationId", UUID.randomUUID().toString()).put("email", UserNode.email("invited"))
        .put("role", "EDITOR")));
    CASES.put("Mutation.revokeInvitation", Case.callerGets("NOT_FOUND", (t, a) -> new JsonObject()
        .put("organisationId", UUID.randomUUID().toString()).put("invitationId", UUID.randomUUID().toString())));
    CASES.put("Mutation.acceptInvitation", Case.callerGets("NOT_FOUND", (t, a) -> new JsonObject()
        .put("token", "made-up-invitation-token-made-up-invitation")));
    CASES.put("Mutation.changeRole", Case.callerGets("NOT_FOUND", (t, a) -> new JsonObject()
        .put("organisationId", UUID.randomUUID().toString()).put("accountId", t.alice.accountId())
        .put("role", "VIEWER")));
    CASES.put("Mutation.removeMember", Case.callerGets("NOT_FOUND", (t, a) -> new JsonObject()
        .put("organisationId", UUID.randomUUID().toString()).put("accountId", t.alice.accountId())));
    CASES.put("Mutation.leaveOrganisation", Case.callerGets("NOT_FOUND", (t, a) -> new JsonObject()
        .put("organisationId", UUID.randomUUID().toString())));
    CASES.put("Mutation.deleteAssessment", Case.of(Access.OWNER, (t, a) -> new JsonObject()
        .put("id", a.equals(t.aliceAssessment) ? t.api.startAssessment(t.alice.token(), "baseline", "to delete") : a)));
    CASES.put("Subscription.assessmentChanged", Case.of(Access.OWNER, (t, a) -> new JsonObject()
        .put("assessmentId", a)));
    // Passkeys and two-step verification. This node's public URL is an IP address, so it offers no passkeys
    // (FORBIDDEN past authentication); SecondFactorTest and PasskeysTest cover them on a host name.
    CASES.put("Query.passkeys", Case.of(Access.CALLER, (t, a) -> new JsonObject()));
    CASES.put("Query.twoStepEnabled", Case.of(Access.CALLER, (t, a) -> new JsonObject()));
    // The audit log: without organisationId the caller's own chain (AuditApiTest covers the organisations').
    CASES.put("Query.auditLog", Case.of(Access.CALLER, (t, a) -> new JsonObject()));
    CASES.put("Query.verifyAuditLog", Case.of(Access.CALLER, (t, a) -> new JsonObject()));
    CASES.put("Mutation.completeLogIn", new Case(Access.PUBLIC, false, "UNAUTHENTICATED", (t, a) -> new JsonObject()
        .put("secondFactorToken", "made-up-pending-login").put("code", "123456")));
    CASES.put("Mutation.passkeyLoginOptions", new Case(Access.PUBLIC, false, "FORBIDDEN", (t, a) -> new JsonObject()));
    CASES.put("Mutation.logInWithPasskey", new Case(Access.PUBLIC, false, "FORBIDDEN", (t, a) -> new JsonObject()
        .put("flow", UUID.randomUUID().toString()).put("credential", "{}")));
    CASES.put("Mutation.passkeyRegistrationOptions", Case.callerGets("FORBIDDEN", (t, a) -> new JsonObject()));
    CASES.put("Mutation.registerPasskey", Case.callerGets("FORBIDDEN", (t, a) -> new JsonObject()
        .put("flow", UUID.randomUUID().toString()).put("credential", "{}").put("label", "laptop")));
    CASES.put("Mutation.removePasskey", Case.of(Access.CALLER, (t, a) -> new JsonObject().put("id", "made-up-id")));
    CASES.put("Mutation.startTwoStep", Case.of(Access.CALLER, (t, a) -> new JsonObject()));
    CASES.put("Mutation.confirmTwoStep", Case.callerGets("INVALID_INPUT", (t, a) -> new JsonObject()
        .put("code", "not-a-code")));
    CASES.put("Mutation.disableTwoStep", Case.callerGets("INVALID_INPUT", (t, a) -> new JsonObject()
        .put("code", "not-a-code")));
  }

  /** Arguments of nested Assessment fields. */
  private static final Map<String, Object> NESTED_ARGS = Map.of("version", 1, "first", 10, "after", 0,
      "questionId", "gv-owner");
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String UUID_TEXT = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
  /** Nested Assessment fields that are null for a personal assessment like Alice's. */
  private static final Set<String> PERSONAL_NULLS = Set.of("organisation");

  private final Schema schema = Schema.load();
  private Vertx vertx;
  private UserNode node;
  private GraphQLClient api;
  Session alice;
  private Session bob;
  private String aliceAssessment;
  /** Words only Alice's data contains: no answer to anyone else may contain them. */
  private String secretTitle;
  private String secretComment;

  @BeforeAll
  void start(Vertx vertx) {
    this.vertx = vertx;
    node = UserNode.start(vertx);
    StandInScorer.register(vertx);
    api = node.graphql();
    alice = api.signUp(UserNode.email("alice"), UserNode.PASSWORD);
    bob = api.signUp(UserNode.email("bob"), UserNode.PASSWORD);
    secretTitle = "alice-title-" + UUID.randomUUID();
    secretComment = "alice-comment-" + UUID.randomUUID();
    aliceAssessment = api.startAssessment(alice.token(), "baseline", secretTitle);
    api.call(alice.token(), "mutation($a: ID!, $c: String) { answer(assessmentId: $a, questionId: \"gv-owner\", "
        + "value: \"yes\", comment: $c) { version } }", new JsonObject().put("a", aliceAssessment)
        .put("c", secretComment)).data();
    // So that the report fields have something to protect.
    await("the stand-in scorer's first report of Alice's assessment").atMost(WAIT).until(() ->
        api.assessment(alice.token(), aliceAssessment).getValue("latestReport") != null);
    // So that Assessment.signOffs and Report.signOff have something to show.
    api.call(alice.token(), "mutation($a: ID!) { signOff(assessmentId: $a, version: 1, note: \"ok\") { version } }",
        new JsonObject().put("a", aliceAssessment)).data();
    // And Assessment.actions and Assessment.targets.
    api.call(alice.token(), "mutation($a: ID!) { createAction(assessmentId: $a, questionId: \"gv-owner\", "
        + "title: \"Name an owner\") { id } }", new JsonObject().put("a", aliceAssessment)).data();
    api.call(alice.token(), "mutation($a: ID!) { setTarget(assessmentId: $a, function: \"GV\", score: 70) { score } }",
        new JsonObject().put("a", aliceAssessment)).data();
    // And Assessment.evidence and Assessment.expiredEvidence: a link that expired in 2021.
    api.call(alice.token(), "mutation($a: ID!) { addEvidenceLink(assessmentId: $a, questionId: \"gv-owner\", "
        + "url: \"https://example.org/2020\", effectiveDate: \"2020-01-01\", expiresOn: \"2021-01-01\") { id } }",
        new JsonObject().put("a", aliceAssessment)).data();
  }

  // ------------------------------------------------------------------ the table and the schema

  @Test
  void everyFieldOfTheSchemaHasALineInTheTable() {
    Set<String> inSchema = new TreeSet<>(schema.coordinates("Query", "Mutation", "Subscription"));
    Set<String> inTable = new TreeSet<>(CASES.keySet());
    assertThat(difference(inSchema, inTable))
        .as("GraphQL authorization: fields without a line in GraphQLAuthorizationTest.CASES (say who may call them)")
        .isEmpty();
    assertThat(difference(inTable, inSchema))
        .as("GraphQL authorization: lines in GraphQLAuthorizationTest.CASES for fields the schema no longer has")
        .isEmpty();
  }

  // ------------------------------------------------------------------ over HTTP

  @ParameterizedTest(name = "{0}")
  @MethodSource("httpFields")
  @DisplayName("anonymous and forged-token callers get UNAUTHENTICATED, except on public fields")
  void anonymousCallers(String coordinate) {
    Case c = caseOf(coordinate);
    JsonObject args = c.args().apply(this, aliceAssessment);
    Response anonymous = callField(coordinate, null, args);
    if (c.access() == Access.PUBLIC) {
      assertThat(anonymous.errorCode()).as("%s is public: anonymous gets %s", coordinate, anonymous.body().encode())
          .isEqualTo(c.anonymous());
      return;
    }
    assertUnauthenticated(coordinate, "no token", anonymous);
    assertUnauthenticated(coordinate, "a forged token", callField(coordinate, "abc.def.ghi", args));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ownerHttpFields")
  @DisplayName("another account naming Alice's assessment gets what a missing id gets, and changes nothing")
  void anotherAccount(String coordinate) {
    String field = fieldName(coordinate);
    JsonObject before = state();
    Response others = callField(coordinate, bob.token(), caseOf(coordinate).args().apply(this, aliceAssessment));
    String missingId = UUID.randomUUID().toString();
    Response missing = callField(coordinate, bob.token(), caseOf(coordinate).args().apply(this, missingId));

    assertThat(missing.errorCode()).as("%s with an id that does not exist", coordinate).isEqualTo("NOT_FOUND");
    assertThat(others.errorCode()).as("%s as another account: %s", coordinate, others.body().encode())
        .isEqualTo("NOT_FOUND");
    // Ids as <id>: deleteAssessment aims at a fresh assessment of Alice's, not at aliceAssessment.
    assertThat(others.firstError().getString("message").replaceAll(UUID_TEXT, "<id>"))
        .as("%s: the message for someone else's assessment and for a missing one", coordinate)
        .isEqualTo(missing.firstError().getString("message").replace(missingId, "<id>"));
    assertThat(others.field(field)).as("%s returns no data to another account", coordinate).isNull();
    assertNoSecret(coordinate + " as another account", others);
    assertThat(state()).as("%s as another account changed Alice's assessment", coordinate).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("privateHttpFields")
  @DisplayName("the owner, or the caller for fields about the caller, succeeds")
  void theOwnerSucceeds(String coordinate) {
    Case c = caseOf(coordinate);
    Session caller = c.throwaway() ? api.signUp(UserNode.email("throwaway"), UserNode.PASSWORD) : alice;
    Response r = callField(coordinate, caller.token(), c.args().apply(this, aliceAssessment));
    if (c.owner() != null) {
      assertThat(r.errorCode()).as("%s as a signed-in caller: %s", coordinate, r.body().encode())
          .isEqualTo(c.owner());
      return;
    }
    assertThat(r.errorCode()).as("%s as its owner: %s", coordinate, r.body().encode()).isNull();
    assertThat(r.field(fieldName(coordinate))).as("%s as its owner returns data", coordinate).isNotNull();
    if (c.access() == Access.CALLER && !c.throwaway()) {
      // Fields about the caller show Bob his own account and nothing of Alice's.
      Response asBob = callField(coordinate, bob.token(), c.args().apply(this, aliceAssessment));
      assertThat(asBob.errorCode()).as("%s as Bob: %s", coordinate, asBob.body().encode()).isNull();
      assertNoSecret(coordinate + " as Bob", asBob);
      assertThat(asBob.body().encode()).as("%s as Bob", coordinate).doesNotContain(aliceAssessment)
          .doesNotContain(alice.accountId());
    }
  }

  @ParameterizedTest(name = "Assessment.{0}")
  @MethodSource("assessmentFields")
  @DisplayName("every field of an Assessment: NOT_FOUND for another account, data for the owner")
  void nestedAssessmentFields(String nested) {
    FieldDefinition field = schema.field("Assessment", nested);
    JsonObject nestedArgs = new JsonObject();
    field.getInputValueDefinitions().forEach(a -> {
      if (!NESTED_ARGS.containsKey(a.getName())) {
        throw new AssertionError("GraphQL authorization: no sample value for argument " + a.getName()
            + " of Assessment." + nested + ": add one to NESTED_ARGS");
      }
      nestedArgs.put(a.getName(), NESTED_ARGS.get(a.getName()));
    });
    Schema.Call call = schema.call(field, nestedArgs.fieldNames());
    String query = "query($assessment: ID!" + (call.declarations().isEmpty() ? "" : ", " + call.declarations())
        + ") { assessment(id: $assessment) { " + call.selection() + " } }";
    JsonObject vars = nestedArgs.copy().put("assessment", aliceAssessment);

    Response asBob = api.call(bob.token(), query, vars);
    assertThat(asBob.errorCode()).as("Assessment.%s as another account: %s", nested, asBob.body().encode())
        .isEqualTo("NOT_FOUND");
    assertThat(asBob.field("assessment")).as("Assessment.%s as another account", nested).isNull();
    assertNoSecret("Assessment." + nested + " as another account", asBob);

    Response asAlice = api.call(alice.token(), query, vars);
    assertThat(asAlice.errorCode()).as("Assessment.%s as its owner: %s", nested, asAlice.body().encode()).isNull();
    Object value = asAlice.data().getJsonObject("assessment").getValue(nested);
    if (PERSONAL_NULLS.contains(nested)) {
      return; // Alice's assessment is personal: no organisation (OrganisationsTest reads it on a team's)
    }
    assertThat(value).as("Assessment.%s as its owner (a report exists, so every field has a value)", nested)
        .isNotNull();
    if (value instanceof io.vertx.core.json.JsonArray list) {
      assertThat(list).as("Assessment.%s as its owner", nested).isNotEmpty();
    }
  }

  // ------------------------------------------------------------------ over graphql-transport-ws

  @Test
  void subscriptionsNeedAValidTokenInConnectionInit() {
    Session ended = api.signUp(UserNode.email("ended"), UserNode.PASSWORD);
    api.call(ended.token(), "mutation { logOut }", new JsonObject()).data();
    Map<String, String> refused = new LinkedHashMap<>();
    refused.put("no token", null);
    refused.put("a forged token", "abc.def.ghi");
    refused.put("a logged-out session's token", ended.token());
    for (Map.Entry<String, String> t : refused.entrySet()) {
      try (GraphQLWsClient ws = GraphQLWsClient.connect(vertx, node.port(), t.getValue())) {
        await("GraphQL WebSocket with " + t.getKey() + " is closed").atMost(WAIT)
            .until(() -> ws.closeCode() != null);
        assertThat(ws.closeCode()).as("close code for connection_init with %s", t.getKey()).isEqualTo((short) 4401);
        assertThat(ws.acknowledged()).as("connection_ack with %s", t.getKey()).isFalse();
      }
    }
  }

  @Test
  void reportCreatedReachesTheOwnerAndNoOneElse() {
    String subscription = "subscription($assessmentId: ID!) { reportCreated(assessmentId: $assessmentId) "
        + "{ assessmentId version score scoredBy } }";
    String missingId = UUID.randomUUID().toString();
    try (GraphQLWsClient own = GraphQLWsClient.connect(vertx, node.port(), alice.token());
         GraphQLWsClient other = GraphQLWsClient.connect(vertx, node.port(), bob.token())) {
      await("connection_ack for Alice and Bob").atMost(WAIT).until(() -> own.acknowledged() && other.acknowledged());
      other.subscribe("theirs", subscription, new JsonObject().put("assessmentId", aliceAssessment));
      other.subscribe("missing", subscription, new JsonObject().put("assessmentId", missingId));
      own.subscribe("mine", subscription, new JsonObject().put("assessmentId", aliceAssessment));
      await("Bob's subscriptions are answered").atMost(WAIT).until(() ->
          answered(other, "theirs") && answered(other, "missing"));
      assertThat(other.received.toString()).as("Subscription.reportCreated as another account")
          .contains("NOT_FOUND").doesNotContain("\"score\"");
      assertThat(errorMessage(other, "theirs").replace(aliceAssessment, "<id>"))
          .as("Subscription.reportCreated: someone else's assessment and a missing one get the same error")
          .isEqualTo(errorMessage(other, "missing").replace(missingId, "<id>"));

      // A new report of Alice's: her subscription delivers it (answers alternate, so each one is a new version).
      List<String> values = List.of("yes", "no");
      int[] round = {0};
      await("Subscription.reportCreated delivers the owner's report").atMost(WAIT).until(() -> {
        if (own.messages("mine", "next").isEmpty()) {
          api.answer(alice.token(), aliceAssessment, "gv-metrics", values.get(round[0]++ % 2)).data();
        }
        return !own.messages("mine", "next").isEmpty();
      });
      JsonObject report = own.messages("mine", "next").get(0).getJsonObject("payload").getJsonObject("data")
          .getJsonObject("reportCreated");
      assertThat(report.getString("assessmentId")).isEqualTo(aliceAssessment);
      assertThat(report.getString("scoredBy")).isEqualTo(StandInScorer.NAME);
      assertThat(other.messages("theirs", "next").stream().filter(m -> m.encode().contains("\"score\"")))
          .as("Subscription.reportCreated delivered Alice's report to Bob").isEmpty();
    }
  }

  // ------------------------------------------------------------------ helpers

  Stream<String> httpFields() {
    return schema.coordinates("Query", "Mutation").stream();
  }

  Stream<String> ownerHttpFields() {
    return httpFields().filter(c -> caseOf(c).access() == Access.OWNER);
  }

  Stream<String> privateHttpFields() {
    return httpFields().filter(c -> caseOf(c).access() != Access.PUBLIC);
  }

  Stream<String> assessmentFields() {
    return schema.fields("Assessment").stream().map(FieldDefinition::getName);
  }

  private static Case caseOf(String coordinate) {
    Case c = CASES.get(coordinate);
    if (c == null) {
      throw new AssertionError("GraphQL authorization: " + coordinate + " has no line in "
          + "GraphQLAuthorizationTest.CASES: say who may call it");
    }
    return c;
  }

  private static String fieldName(String coordinate) {
    return coordinate.substring(coordinate.indexOf('.') + 1);
  }

  private Response callField(String coordinate, String token, JsonObject args) {
    String root = coordinate.substring(0, coordinate.indexOf('.'));
    String operation = root.equals("Query") ? "query" : "mutation";
    String document = schema.document(operation, schema.field(root, fieldName(coordinate)), args.fieldNames());
    return api.call(token, document, args);
  }

  private static void assertUnauthenticated(String coordinate, String how, Response r) {
    assertThat(r.errorCode()).as("%s with %s: %s", coordinate, how, r.body().encode()).isEqualTo("UNAUTHENTICATED");
    assertThat(r.field(fieldName(coordinate))).as("%s with %s returns no data", coordinate, how).isNull();
  }

  private void assertNoSecret(String what, Response r) {
    assertThat(r.body().encode()).as("%s leaks nothing of Alice's", what)
        .doesNotContain(secretTitle).doesNotContain(secretComment);
  }

  /** What another account must not be able to change: the version and the answers of Alice's assessment. */
  private JsonObject state() {
    JsonObject a = api.assessment(alice.token(), aliceAssessment);
    return new JsonObject().put("title", a.getString("title")).put("version", a.getLong("version"))
        .put("answers", a.getJsonArray("answers"));
  }

  private static boolean answered(GraphQLWsClient ws, String id) {
    return !ws.messages(id, "error").isEmpty() || !ws.messages(id, "next").isEmpty();
  }

  /** The first error of an operation, whether it came as an error message or as errors in a next message. */
  private static String errorMessage(GraphQLWsClient ws, String id) {
    List<JsonObject> errors = ws.messages(id, "error");
    if (!errors.isEmpty()) {
      return errors.get(0).getJsonArray("payload").getJsonObject(0).getString("message");
    }
    return ws.messages(id, "next").get(0).getJsonObject("payload").getJsonArray("errors").getJsonObject(0)
        .getString("message");
  }

  private static Set<String> difference(Set<String> a, Set<String> b) {
    Set<String> d = new TreeSet<>(a);
    d.removeAll(b);
    return d;
  }
}
