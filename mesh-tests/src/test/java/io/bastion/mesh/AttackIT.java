package io.bastion.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The attack suite. Alice has an assessment with answers and reports; Mallory, another customer, tries to reach
 * them through every GraphQL field, subscriptions and the bridge, with forged, expired, unsigned and dead tokens,
 * with injection payloads, by brute force, and from a JVM that joins the cluster without the certificates. Every
 * attempt must be refused, and the test says so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AttackIT {

  private static final String PASSWORD = "attack suite passphrase";
  /** Fields anyone may call, or that only touch the caller's own data. */
  private static final Set<String> NOT_ABOUT_OTHERS = Set.of("me", "catalogues", "catalogue", "assessments",
      "signUp", "logIn", "logOut", "startAssessment", "changePassword", "deleteAccount", "requestPasswordReset",
      "resetPassword",
      // The caller's own sessions; ending another account's session is refused in SessionListTest.
      "sessions", "endSession",
      // The caller's own passkeys and second factor (another account's passkey: PasskeysTest), and log-in steps.
      "passkeys", "twoStepEnabled", "passkeyRegistrationOptions", "registerPasskey", "removePasskey",
      "startTwoStep", "confirmTwoStep", "disableTwoStep", "completeLogIn", "passkeyLoginOptions",
      "logInWithPasskey",
      // The caller's own language (it takes no id: AccountLanguageTest refuses it to an anonymous caller).
      "setLanguage",
      // The caller's own organisations, and a new one of the caller's.
      "organisations", "createOrganisation");

  private Mesh mesh;
  private Node user;
  private Api api;
  private Api.Session alice;
  private Api.Session mallory;
  private String aliceAssessment;
  /** Alice's organisation: Mallory is no member (OrganisationsTest covers the roles inside one). */
  private String aliceOrganisation;

  @BeforeAll
  void startMesh() throws Exception {
    Mesh.deleteTree(Mesh.in("attack").dir);
    mesh = Mesh.in("attack").startDatabase();
    // The suite enumerates the API through introspection, off by default (api.introspection).
    user = mesh.startUser("user-1", "bastion.api.introspection=true");
    mesh.startSecurity("security-1");
    api = new Api(user.httpPort);
    alice = api.signUp("alice@example.com", PASSWORD);
    mallory = api.signUp("mallory@example.com", PASSWORD);
    aliceAssessment = api.startAssessment(alice.token(), "baseline");
    aliceOrganisation = api.call(alice.token(), "mutation { createOrganisation(name: \"Alice's team\") { id } }",
        new JsonObject()).data().getJsonObject("createOrganisation").getString("id");
    api.answer(alice.token(), aliceAssessment, "gv-owner", "yes").data();
    api.answer(alice.token(), aliceAssessment, "pr-mfa-email", "partial").data();
    await().atMost(Duration.ofSeconds(60)).until(() ->
        api.assessment(alice.token(), aliceAssessment).getJsonObject("latestReport") != null);
  }

  @AfterAll
  void stopMesh() throws Exception {
    mesh.close();
  }

  // ------------------------------------------------------------------ another customer's data

  @Test
  void everyFieldThatTakesAnIdRefusesAnotherAccountsAssessment() throws Exception {
    JsonObject schema = api.call(mallory.token(), "{ __schema { queryType { name } mutationType { name } "
        + "types { name fields { name type { kind name ofType { kind name } } "
        + "args { name type { kind name ofType { kind name } } } } } } }",
        new JsonObject()).data().getJsonObject("__schema");
    List<String> checked = new ArrayList<>();
    long answersBefore = count("SELECT count(*) FROM answers");
    for (String root : List.of("Query", "Mutation")) {
      JsonObject type = schema.getJsonArray("types").stream().map(JsonObject.class::cast)
          .filter(t -> t.getString("name").equals(root)).findFirst().orElseThrow();
      for (Object f : type.getJsonArray("fields")) {
        JsonObject field = (JsonObject) f;
        String name = field.getString("name");
        if (NOT_ABOUT_OTHERS.contains(name)) {
          continue;
        }
        Api.Response r = callWithAlicesIds(root, field);
        assertThat(r.errorCode()).as("%s.%s as Mallory", root, name).isEqualTo("NOT_FOUND");
        assertThat(r.body().encode()).as("%s.%s leaks nothing", root, name)
            .doesNotContain("gv-owner").doesNotContain("\"score\"");
        checked.add(root + "." + name);
      }
    }
    assertThat(checked).contains("Query.assessment", "Mutation.answer", "Mutation.invite", "Mutation.changeRole",
        "Query.answerHistory", "Query.auditLog", "Query.verifyAuditLog", "Mutation.signOff",
        "Mutation.deleteAssessment", "Mutation.removeMember", "Mutation.revokeInvitation",
        "Mutation.leaveOrganisation");
    assertThat(api.call(mallory.token(), "mutation($o: ID) { startAssessment(catalogueId: \"baseline\", "
        + "organisationId: $o) { id } }", new JsonObject().put("o", aliceOrganisation)).errorCode())
        .as("Mallory starts an assessment in Alice's organisation").isEqualTo("NOT_FOUND");
    // Nested fields are reachable only through an assessment: try them all in one query.
    Api.Response nested = api.call(mallory.token(), "query($a: ID!) { assessment(id: $a) { id title "
        + "answers { value comment } reports { score } latestReport { score findings { text } } "
        + "report(version: 1) { score } reportsSince(version: 0) { score } catalogue { id } } }",
        new JsonObject().put("a", aliceAssessment));
    assertThat(nested.errorCode()).isEqualTo("NOT_FOUND");
    assertThat(nested.body().getJsonObject("data").getValue("assessment")).isNull();
    assertThat(api.call(mallory.token(), "{ assessments { id } }", new JsonObject()).data()
        .getJsonArray("assessments")).isEmpty();
    assertThat(count("SELECT count(*) FROM answers")).isEqualTo(answersBefore);
  }

  /** Whether a field gives a scalar (deleteAssessment, removeMember...): such a field takes no selection. */
  private static boolean returnsScalar(JsonObject field) {
    JsonObject t = field.getJsonObject("type");
    String kind = t.getString("kind").equals("NON_NULL") ? t.getJsonObject("ofType").getString("kind")
        : t.getString("kind");
    return kind.equals("SCALAR") || kind.equals("ENUM");
  }

  private Api.Response callWithAlicesIds(String root, JsonObject field) {
    Map<String, Object> samples = new java.util.HashMap<>(Map.of("id", aliceAssessment,
        "assessmentId", aliceAssessment, "questionId", "gv-owner", "value", "no", "comment", "mallory was here",
        "version", 1));
    // Teams: Alice's organisation and Alice herself in it; a made-up invitation and token.
    samples.putAll(Map.of("organisationId", aliceOrganisation, "accountId", alice.accountId(),
        "email", "mallory@example.com", "role", "OWNER", "invitationId", java.util.UUID.randomUUID().toString(),
        "token", "m".repeat(43)));
    // Answers with a version, their history, sign-offs and the audit log of Alice's organisation: every filter set.
    samples.putAll(Map.of("expectedVersion", 1, "note", "signed by mallory", "after", "1", "limit", 10,
        "actorId", alice.accountId(), "kind", "log-in", "from", "2000-01-01T00:00:00Z",
        "to", "2100-01-01T00:00:00Z"));
    // Evidence links (removeEvidence gets Alice's assessment id as an evidence id: none, NOT_FOUND).
    samples.putAll(Map.of("url", "https://mallory.example/", "title", "mallory's", "effectiveDate", "2026-01-01",
        "expiresOn", "2027-01-01"));
    // Targets and the action plan: a function and score; an item's owner (Alice), date, status and reason.
    samples.putAll(Map.of("function", "PR", "score", 50.0, "ownerId", alice.accountId(), "dueDate", "2030-01-01",
        "status", "RISK_ACCEPTED", "reason", "mallory accepts"));
    StringBuilder decl = new StringBuilder();
    StringBuilder args = new StringBuilder();
    JsonObject vars = new JsonObject();
    for (Object a : field.getJsonArray("args")) {
      JsonObject arg = (JsonObject) a;
      String n = arg.getString("name");
      if (!samples.containsKey(n)) {
        throw new AssertionError("no sample value for argument " + n + " of " + field.getString("name")
            + ": add it, and make sure the field checks the owner");
      }
      JsonObject t = arg.getJsonObject("type");
      String typeName = t.getString("kind").equals("NON_NULL") ? t.getJsonObject("ofType").getString("name") + "!"
          : t.getString("name");
      decl.append(decl.length() == 0 ? "" : ", ").append('$').append(n).append(": ").append(typeName);
      args.append(args.length() == 0 ? "" : ", ").append(n).append(": $").append(n);
      vars.put(n, samples.get(n));
    }
    String op = root.equals("Query") ? "query" : "mutation";
    String query = op + (decl.length() > 0 ? "(" + decl + ")" : "") + " { " + field.getString("name")
        + (args.length() > 0 ? "(" + args + ")" : "") + (returnsScalar(field) ? "" : " { __typename }") + " }";
    return api.call(mallory.token(), query, vars);
  }

  @Test
  void subscribingToAnotherAccountsAssessmentIsRefused() {
    try (GraphQLWsClient ws = GraphQLWsClient.connect(user.httpPort, mallory.token())) {
      await().atMost(Duration.ofSeconds(10)).until(ws::acknowledged);
      ws.subscribe("x", "subscription($a: ID!) { reportCreated(assessmentId: $a) { score } }",
          new JsonObject().put("a", aliceAssessment));
      await().atMost(Duration.ofSeconds(10)).until(() -> !ws.messages("x", "next").isEmpty()
          || !ws.messages("x", "error").isEmpty());
      assertThat(ws.received.toString()).contains("NOT_FOUND").doesNotContain("\"score\":");
      // The whole feed of the assessment (answers, reports, presence) is refused the same way.
      ws.subscribe("y", "subscription($a: ID!) { assessmentChanged(assessmentId: $a) { type answer { value } "
          + "report { score } viewers { email } } }", new JsonObject().put("a", aliceAssessment));
      await().atMost(Duration.ofSeconds(10)).until(() -> !ws.messages("y", "next").isEmpty()
          || !ws.messages("y", "error").isEmpty());
      String refused = ws.messages("y", "next").toString() + ws.messages("y", "error");
      assertThat(refused).contains("NOT_FOUND").doesNotContain("\"score\":").doesNotContain("gv-");
      assertThat(ws.messages("y", "next")).as("no event of Alice's assessment")
          .allMatch(m -> m.getJsonObject("payload").getValue("data") == null);
    }
  }

  @Test
  void theBridgeRefusesEveryRegistrationButTheOwnersAndEverythingInbound() {
    String feed = BridgeClient.feed(aliceAssessment);
    // Alice's assessment: NOT_FOUND, as for a missing one, and the socket closed with 4403.
    try (BridgeClient bridge = BridgeClient.connect(user.httpPort)) {
      bridge.register(feed, mallory.token());
      await().atMost(Duration.ofSeconds(10)).until(() -> bridge.errors().size() == 1 && bridge.isClosed());
      assertThat(bridge.errors()).extracting(e -> e.getString("body")).containsExactly("NOT_FOUND");
      assertThat(bridge.closeCode).isEqualTo(4403);
      assertThat(bridge.bodiesFor(feed)).isEmpty();
    }
    try (BridgeClient bridge = BridgeClient.connect(user.httpPort)) {
      bridge.register("assessments.*", mallory.token());
      bridge.register(feed.toUpperCase(), mallory.token());
      bridge.register("bastion.answers", mallory.token());
      bridge.register("bastion.sessions.ended", mallory.token());
      bridge.register(feed, null);
      bridge.send(new JsonObject().put("type", "send").put("address", "bastion.answers").put("body", new JsonObject())
          .put("headers", new JsonObject().put("token", mallory.token())));
      bridge.send(new JsonObject().put("type", "publish").put("address", feed)
          .put("body", new JsonObject().put("forged", true)));
      bridge.send(new JsonObject().put("type", "send").put("address", feed)
          .put("body", new JsonObject()).put("replyAddress", "x"));
      await().atMost(Duration.ofSeconds(10)).until(() -> bridge.errors().size() == 8);
      assertThat(bridge.errors()).extracting(e -> e.getString("body")).allMatch(b -> b.equals("rejected")
          || b.equals("access_denied"));
      assertThat(bridge.bodiesFor(feed)).isEmpty();
    }
  }

  // ------------------------------------------------------------------ bad tokens

  @Test
  void forgedExpiredUnsignedAndDeadTokensAreRefusedEverywhere() throws Exception {
    JsonObject real = Tokens.claims(alice.token());
    long now = Instant.now().getEpochSecond();
    String forged = Tokens.forged(real);
    String expired = Tokens.signedWithServerKey(mesh.dir, real.copy().put("iat", now - 7200).put("exp", now - 3600));
    String unsigned = Tokens.unsigned(real);
    String otherAccount = Tokens.signedWithServerKey(mesh.dir,
        real.copy().put("sub", mallory.accountId())); // Alice's session, Mallory's account
    Api.Session carol = api.signUp("carol@example.com", PASSWORD);
    api.call(carol.token(), "mutation($p: String!) { deleteAccount(password: $p) }", new JsonObject().put("p", PASSWORD))
        .data();
    Api.Session dave = api.signUp("dave@example.com", PASSWORD);
    String davesAssessment = api.startAssessment(dave.token(), "baseline");
    api.call(dave.token(), "mutation { logOut }", new JsonObject()).data();

    Map<String, String> bad = Map.of("forged", forged, "expired", expired, "alg none", unsigned,
        "session of another account", otherAccount, "deleted account", carol.token(), "logged out", dave.token(),
        "garbage", "abc.def.ghi");
    for (Map.Entry<String, String> t : bad.entrySet()) {
      Api.Response r = api.call(t.getValue(), "{ me { id email } assessments { id } }", new JsonObject());
      assertThat(r.errorCode()).as("HTTP with %s token", t.getKey()).isEqualTo("UNAUTHENTICATED");
      assertThat(r.body().getValue("data")).as(t.getKey()).isNull();
      try (GraphQLWsClient ws = GraphQLWsClient.connect(user.httpPort, t.getValue())) {
        await().atMost(Duration.ofSeconds(10)).until(() -> ws.closeCode != -1);
        assertThat(ws.closeCode).as("WebSocket with %s token", t.getKey()).isEqualTo(4401);
      }
      try (BridgeClient bridge = BridgeClient.connect(user.httpPort)) {
        // An assessment the token's account could read, were the token good (Carol's went with her account).
        String readable = t.getKey().equals("logged out") ? davesAssessment : aliceAssessment;
        bridge.registerFeed(readable, t.getValue());
        await().atMost(Duration.ofSeconds(10)).until(() -> !bridge.errors().isEmpty());
      }
    }
    assertThat(api.call(null, "mutation($e: String!, $p: String!) { logIn(email: $e, password: $p) { token } }",
        new JsonObject().put("e", "carol@example.com").put("p", PASSWORD)).errorCode())
        .as("a deleted account cannot log in").isEqualTo("UNAUTHENTICATED");
  }

  @Test
  void aSocketIsClosedWhenItsTokenExpiresOrItsSessionEnds() throws Exception {
    JsonObject real = Tokens.claims(alice.token());
    String shortLived = Tokens.signedWithServerKey(mesh.dir, real.copy().put("exp", Instant.now().getEpochSecond() + 3));
    try (BridgeClient bridge = BridgeClient.connect(user.httpPort)) {
      bridge.registerFeed(aliceAssessment, shortLived);
      await().atMost(Duration.ofSeconds(15)).until(bridge::isClosed);
      assertThat(bridge.errors()).isEmpty();
    }
    Api.Session second = api.logIn("alice@example.com", PASSWORD);
    try (BridgeClient bridge = BridgeClient.connect(user.httpPort);
         GraphQLWsClient ws = GraphQLWsClient.connect(user.httpPort, second.token())) {
      bridge.registerFeed(aliceAssessment, second.token());
      await().atMost(Duration.ofSeconds(10)).until(ws::acknowledged);
      api.call(second.token(), "mutation { logOut }", new JsonObject()).data();
      await().atMost(Duration.ofSeconds(10)).until(() -> bridge.isClosed() && ws.closeCode == 4401);
    }
    assertThat(api.call(alice.token(), "{ me { id } }", new JsonObject()).data().getJsonObject("me")
        .getString("id")).as("logging out one session leaves the others").isEqualTo(alice.accountId());
  }

  @Test
  void cookieAuthenticationRefusesCrossSiteRequests() throws Exception {
    String body = new JsonObject().put("query", "{ me { id } }").encode();
    String cookie = "bastion_token=" + alice.token();
    String evil = rawPost("127.0.0.1", "/graphql", body, Map.of("Cookie", cookie, "Origin", "http://evil.example"));
    assertThat(evil).startsWith("HTTP/1.1 403").contains("FORBIDDEN").doesNotContain(alice.accountId());
    String noOrigin = rawPost("127.0.0.1", "/graphql", body, Map.of("Cookie", cookie));
    assertThat(noOrigin).startsWith("HTTP/1.1 403").doesNotContain(alice.accountId());
    String same = rawPost("127.0.0.1", "/graphql", body,
        Map.of("Cookie", cookie, "Origin", "http://127.0.0.1:" + user.httpPort));
    assertThat(same).startsWith("HTTP/1.1 200").contains(alice.accountId());
  }

  @Test
  void responsesCarrySecurityHeaders() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> page = http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + user.httpPort + "/")).build(),
        HttpResponse.BodyHandlers.ofString());
    String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
    assertThat(csp).contains("script-src 'self'").contains("frame-ancestors 'none'").contains("object-src 'none'")
        .doesNotContain("unsafe-inline");
    assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(page.headers().firstValue("Referrer-Policy")).contains("no-referrer");
    // The policy only helps if the page itself needs no inline script.
    assertThat(page.body()).doesNotContain("<script>").contains("<script type=\"module\" src=\"js/app.js\">");

    HttpResponse<String> api = http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + user.httpPort + "/graphql"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"{ catalogues { id } }\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(api.statusCode()).isEqualTo(200);
    assertThat(api.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(api.headers().firstValue("Content-Security-Policy")).isPresent();
  }

  // ------------------------------------------------------------------ injection and abuse

  @Test
  void injectionAndScriptPayloadsAreStoredVerbatim() throws Exception {
    List<String> payloads = List.of("'; DROP TABLE accounts; --", "\" OR 1=1 --", "<script>alert('x')</script>",
        "<img src=x onerror=alert(1)>", "${7*7} {{7*7}} %s %n \\u0000", "Robert'); DELETE FROM answers;--");
    long accountsBefore = count("SELECT count(*) FROM accounts");
    for (String p : payloads) {
      String id = api.call(alice.token(), "mutation($t: String) { startAssessment(catalogueId: \"baseline\", title: $t) "
          + "{ id } }", new JsonObject().put("t", p)).data().getJsonObject("startAssessment").getString("id");
      JsonObject a = api.call(alice.token(), "mutation($a: ID!, $c: String) { answer(assessmentId: $a, "
          + "questionId: \"gv-policy\", value: \"2\", comment: $c) { comment } }",
          new JsonObject().put("a", id).put("c", p)).data().getJsonObject("answer");
      assertThat(a.getString("comment")).isEqualTo(p);
      JsonObject read = api.call(alice.token(), "query($a: ID!) { assessment(id: $a) { title answers { comment } } }",
          new JsonObject().put("a", id)).data().getJsonObject("assessment");
      assertThat(read.getString("title")).isEqualTo(p.strip());
      assertThat(read.getJsonArray("answers").getJsonObject(0).getString("comment")).isEqualTo(p);
      // In identifiers they are just unknown values.
      assertThat(api.answer(alice.token(), id, p, "yes").errorCode()).isEqualTo("INVALID_INPUT");
      assertThat(api.answer(alice.token(), id, "gv-owner", p).errorCode()).isEqualTo("INVALID_INPUT");
      assertThat(api.answer(alice.token(), p, "gv-owner", "yes").errorCode()).isEqualTo("NOT_FOUND");
      assertThat(api.call(alice.token(), "mutation($c: ID!) { startAssessment(catalogueId: $c) { id } }",
          new JsonObject().put("c", p)).errorCode()).isEqualTo("NOT_FOUND");
      assertThat(api.call(null, "mutation($e: String!) { logIn(email: $e, password: $e) { token } }",
          new JsonObject().put("e", p)).errorCode()).isEqualTo("UNAUTHENTICATED");
    }
    String email = "o'hara+<b>x</b>@example.com";
    Api.Session odd = api.signUp(email, PASSWORD);
    assertThat(api.call(odd.token(), "{ me { email } }", new JsonObject()).data().getJsonObject("me")
        .getString("email")).isEqualTo(email);
    assertThat(count("SELECT count(*) FROM accounts")).isEqualTo(accountsBefore + 1);
  }

  @Test
  void queriesThatAreTooDeepOrTooLargeAreRefused() {
    String deep = "{ __schema { types { fields { type { " + "ofType { ".repeat(12) + "name" + " }".repeat(17);
    assertThat(api.call(alice.token(), deep, new JsonObject()).errorCode()).isEqualTo("QUERY_TOO_COMPLEX");
    Api.Response huge = api.post(alice.token(), new JsonObject().put("query", "{ me { id } }")
        .put("variables", new JsonObject().put("pad", "x".repeat(200_000))).encode());
    assertThat(huge.status()).isEqualTo(413);
  }

  @Test
  void bruteForceOnLogInHitsTheLimitButTheRealUserCanStillLogInFromElsewhere() throws Exception {
    // Erin signs up in her browser, which keeps the device cookie it is given.
    String signUp = new JsonObject().put("query", "mutation($e: String!, $p: String!) { signUp(email: $e, password: $p) "
        + "{ token } }").put("variables", new JsonObject().put("e", "erin@example.com").put("p", PASSWORD)).encode();
    Matcher device = Pattern.compile("(?i)set-cookie: (bastion_device=[^;\\r\\n]+)")
        .matcher(rawPost("127.0.0.3", "/graphql", signUp, Map.of()));
    assertThat(device.find()).as("signing up sets the device cookie").isTrue();
    String attempt = new JsonObject().put("query", "mutation($e: String!, $p: String!) { logIn(email: $e, password: $p) "
        + "{ token } }").put("variables", new JsonObject().put("e", "erin@example.com").put("p", "guess")).encode();
    String last = "";
    for (int i = 0; i < 8; i++) {
      last = rawPost("127.0.0.2", "/graphql", attempt, Map.of());
    }
    assertThat(last).contains("RATE_LIMITED").contains("retryAfterSeconds");
    // Even the right password is refused from the attacker's address while the window lasts...
    String right = attempt.replace("\"guess\"", "\"" + PASSWORD + "\"");
    assertThat(rawPost("127.0.0.2", "/graphql", right, Map.of())).contains("RATE_LIMITED");
    // ...but the real user, in her known browser, is not locked out (nor slowed down: LoginLockout).
    String fromHerBrowser = rawPost("127.0.0.3", "/graphql", right, Map.of("Cookie", device.group(1)));
    assertThat(fromHerBrowser).contains("\"token\"").doesNotContain("RATE_LIMITED");
  }

  // ------------------------------------------------------------------ between nodes

  @Test
  void aJvmWithoutTheCertificatesJoinsHazelcastButGetsNothingAndInjectsNothing() throws Exception {
    String assessment = api.startAssessment(alice.token(), "baseline");
    Node rogue = mesh.startRogue(alice.accountId(), assessment);
    try (BridgeClient bridge = BridgeClient.connect(user.httpPort)) {
      bridge.registerFeed(assessment, alice.token());
      String[] questions = {"gv-owner", "gv-budget", "gv-metrics", "id-critical", "id-pentest", "pr-leavers"};
      long version = 0;
      for (String q : questions) {
        version = api.answer(alice.token(), assessment, q, "yes").data().getJsonObject("answer").getLong("version");
      }
      long last = version;
      // Every answer is still reported, by the real security node only, although the rogue listens too.
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() ->
          bridge.reportsOf(assessment).stream()
              .anyMatch(b -> assessment.equals(b.getString("assessmentId")) && b.getLong("version") == last));
      try (Connection sql = mesh.sql()) {
        assertThat(MeshIT.count(sql, "SELECT count(*) FROM reports WHERE scored_by <> 'security-1'")).isZero();
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(rogue.log).contains("ROGUE REQUEST FAILED")
          || Files.readString(rogue.log).contains("ROGUE GOT ITS OWN REPLY"));
      String log = Files.readString(rogue.log);
      // (Its own forged events loop back to its own consumer: "ROGUE LOOPBACK".)
      assertThat(log).doesNotContain("ROGUE RECEIVED").doesNotContain("ROGUE GOT A REPORT");
      assertThat(bridge.bodiesFor(BridgeClient.feed(assessment))).noneMatch(b -> b.containsKey("forged"));
    } finally {
      rogue.kill();
    }
  }

  // ------------------------------------------------------------------ helpers

  private long count(String query) throws Exception {
    try (Connection sql = mesh.sql()) {
      return MeshIT.count(sql, query);
    }
  }

  /** A POST over a socket bound to a chosen loopback address, with exactly the headers given. */
  private String rawPost(String fromAddress, String path, String body, Map<String, String> headers) throws Exception {
    return RawHttp.exchange(fromAddress, user.httpPort, "POST", path, headers, body);
  }
}
