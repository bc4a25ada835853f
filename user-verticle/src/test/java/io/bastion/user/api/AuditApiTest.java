package io.bastion.user.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.user.audit.AuditEvent;
import io.bastion.user.audit.AuditKind;
import io.bastion.user.audit.AuditLog;
import io.bastion.user.audit.AuditReader;
import io.bastion.user.audit.AuditVerification;
import io.bastion.user.testing.GraphQLClient;
import io.bastion.user.testing.GraphQLClient.Response;
import io.bastion.user.testing.GraphQLClient.Session;
import io.bastion.user.testing.HttpProbe;
import io.bastion.user.testing.TestDatabase;
import io.bastion.user.testing.UserNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The audit log through a real user node: the account events of the API land in the account's chain with the
 * client's address; auditLog and verifyAuditLog follow the rules (an organisation's chain for its OWNERs only,
 * NOT_FOUND for outsiders, the caller's own chain without an organisation); tampering shows in verifyAuditLog; the
 * JSON-lines export; account deletion leaves pseudonymised entries. Organisation memberships are made with SQL.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditApiTest {

  private static final String CLIENT = "127.0.0.3";
  private static final String ENTRIES = "query($o: ID, $after: ID, $limit: Int, $actor: ID, $kind: String, "
      + "$from: String, $to: String) { auditLog(organisationId: $o, after: $after, limit: $limit, actorId: $actor, "
      + "kind: $kind, from: $from, to: $to) { id at kind actor { id email } address organisationId target detail } }";
  private static final String VERIFY = "query($o: ID) { verifyAuditLog(organisationId: $o) { intact checked brokenAt } }";

  private UserNode node;
  private GraphQLClient api;
  private HttpProbe http;
  private Pool db;
  private AuditLog audit;

  @BeforeAll
  void start(Vertx vertx) {
    node = UserNode.start(vertx);
    api = node.graphqlFrom(CLIENT);
    http = new HttpProbe(vertx, node.port(), CLIENT);
    db = TestDatabase.pool(vertx);
    audit = new AuditLog(db);
  }

  @AfterAll
  void stop() throws Exception {
    db.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void theAccountEventsLandInTheAccountsChainWithTheClientAddress() {
    String email = UserNode.email("events");
    Session signedUp = api.signUp(email, UserNode.PASSWORD);
    Session session = api.session(email, UserNode.PASSWORD);
    assertThat(api.logIn(email, "not the password at all").errorCode()).isEqualTo("UNAUTHENTICATED");
    assertThat(api.logIn(UserNode.email("nobody"), "not the password at all").errorCode())
        .isEqualTo("UNAUTHENTICATED");
    // The failed log-in's entry is written after the refusal was answered.
    awaitKind(session.token(), "log-in-failed");
    api.call(signedUp.token(), "mutation { logOut }", new JsonObject()).data();
    api.call(session.token(), "mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, "
        + "newPassword: $n) }", new JsonObject().put("c", UserNode.PASSWORD).put("n", "another fine passphrase"))
        .data();

    JsonArray entries = entries(session.token(), new JsonObject());
    assertThat(kinds(entries)).containsExactly("sign-up", "log-in", "log-in-failed", "log-out", "password-changed");
    for (Object o : entries) {
      JsonObject e = (JsonObject) o;
      assertThat(e.getString("address")).as("the client's address").isEqualTo(CLIENT);
      assertThat(e.getJsonObject("actor")).isEqualTo(new JsonObject().put("id", session.accountId())
          .put("email", email));
      assertThat(e.getString("organisationId")).isNull();
      assertThat(e.getString("detail")).doesNotContain(UserNode.PASSWORD).doesNotContain("not the password");
    }
    assertThat(new JsonObject(entries.getJsonObject(1).getString("detail")).getString("method"))
        .isEqualTo("password");
    assertThat(verify(session.token(), null)).isEqualTo(new JsonObject().put("intact", true).put("checked", 5)
        .putNull("brokenAt"));

    // Filters and paging.
    assertThat(kinds(entries(session.token(), new JsonObject().put("kind", "log-out")))).containsExactly("log-out");
    assertThat(kinds(entries(session.token(), new JsonObject().put("kind", "LOG_IN_FAILED"))))
        .containsExactly("log-in-failed");
    JsonArray first = entries(session.token(), new JsonObject().put("limit", 1));
    assertThat(kinds(first)).containsExactly("sign-up");
    assertThat(kinds(entries(session.token(), new JsonObject().put("after", first.getJsonObject(0).getString("id"))
        .put("limit", 2)))).containsExactly("log-in", "log-in-failed");
    assertThat(entries(session.token(), new JsonObject().put("actor", UUID.randomUUID().toString()))).isEmpty();
    assertThat(entries(session.token(), new JsonObject().put("from", "2999-01-01T00:00:00Z"))).isEmpty();
    assertThat(entries(session.token(), new JsonObject().put("to", "2000-01-01T00:00:00Z"))).isEmpty();
    for (JsonObject bad : List.of(new JsonObject().put("limit", 0), new JsonObject().put("limit", 501),
        new JsonObject().put("kind", "nonsense"), new JsonObject().put("from", "yesterday"),
        new JsonObject().put("after", "x"), new JsonObject().put("actor", "not-an-id"))) {
      assertThat(api.call(session.token(), ENTRIES, bad).errorCode()).as(bad.encode()).isEqualTo("INVALID_INPUT");
    }
  }

  @Test
  void aSignUpAndASessionEndedFromAnotherAreRecorded() {
    String email = UserNode.email("ended");
    Session first = api.signUp(email, UserNode.PASSWORD);
    Session second = api.session(email, UserNode.PASSWORD);
    String sessions = "{ sessions { id current } }";
    String firstId = api.call(first.token(), sessions, new JsonObject()).data().getJsonArray("sessions").stream()
        .map(o -> (JsonObject) o).filter(s -> s.getBoolean("current")).findFirst().orElseThrow().getString("id");
    String end = "mutation($id: ID!) { endSession(id: $id) }";
    assertThat(api.call(second.token(), end, new JsonObject().put("id", UUID.randomUUID().toString())).data()
        .getBoolean("endSession")).as("no such session").isFalse();
    assertThat(api.call(second.token(), end, new JsonObject().put("id", firstId)).data().getBoolean("endSession"))
        .isTrue();

    JsonArray entries = entries(second.token(), new JsonObject());
    assertThat(kinds(entries)).as("nothing for the id that ended nothing")
        .containsExactly("sign-up", "log-in", "session-ended");
    assertThat(entries.getJsonObject(0).getString("address")).isEqualTo(CLIENT);
    assertThat(new JsonObject(entries.getJsonObject(2).getString("detail"))).isEqualTo(new JsonObject()
        .put("session", firstId).put("own", false));
    assertThat(entries.getJsonObject(2).getJsonObject("actor").getString("id")).isEqualTo(second.accountId());
  }

  @Test
  void aWrongPasswordIsAnsweredWithoutWaitingForItsAuditEntry() throws Exception {
    String email = UserNode.email("no-wait");
    Session session = api.signUp(email, UserNode.PASSWORD);
    String chain = AuditLog.accountChain(UUID.fromString(session.accountId()));
    // Another client holds the account chain's head (an append in a transaction left open): an append waits.
    io.vertx.sqlclient.SqlConnection holder = await(db.getConnection());
    io.vertx.sqlclient.Transaction tx = await(holder.begin());
    try {
      await(holder.preparedQuery("SELECT audit_append($1, 'LOG_OUT', $2::uuid, NULL, '192.0.2.5', NULL, $3, "
          + "'{}'::jsonb)").execute(Tuple.of(chain, UUID.fromString(session.accountId()), session.accountId())));
      Response refused = java.util.concurrent.CompletableFuture.supplyAsync(() -> api.logIn(email, "a wrong one"))
          .get(5, TimeUnit.SECONDS);
      assertThat(refused.errorCode()).isEqualTo("UNAUTHENTICATED");
      assertThat(kinds(entries(session.token(), new JsonObject()))).as("not there while the head is held")
          .containsExactly("sign-up");
    } finally {
      await(tx.commit());
      await(holder.close());
    }
    awaitKind(session.token(), "log-in-failed");
    assertThat(kinds(entries(session.token(), new JsonObject())))
        .containsExactly("sign-up", "log-out", "log-in-failed");
    assertThat(verify(session.token(), null).getBoolean("intact")).isTrue();
  }

  @Test
  void anOrganisationsChainIsForItsOwnersOnly() throws Exception {
    Team team = team();
    JsonArray entries = entries(team.owner().token(), new JsonObject().put("o", team.id()));
    assertThat(kinds(entries)).containsExactly("role-changed", "answer");
    assertThat(entries.getJsonObject(1).getJsonObject("actor").getString("email")).isEqualTo(team.editor().email());
    assertThat(entries.getJsonObject(1).getString("organisationId")).isEqualTo(team.id());
    assertThat(verify(team.owner().token(), team.id()).getBoolean("intact")).isTrue();

    for (Session weaker : List.of(team.editor(), team.viewer())) {
      assertThat(api.call(weaker.token(), ENTRIES, new JsonObject().put("o", team.id())).errorCode())
          .isEqualTo("FORBIDDEN");
      assertThat(api.call(weaker.token(), VERIFY, new JsonObject().put("o", team.id())).errorCode())
          .isEqualTo("FORBIDDEN");
    }
    Response outsider = api.call(team.outsider().token(), ENTRIES, new JsonObject().put("o", team.id()));
    Response missing = api.call(team.outsider().token(), ENTRIES, new JsonObject()
        .put("o", UUID.randomUUID().toString()));
    assertThat(outsider.errorCode()).isEqualTo("NOT_FOUND");
    assertThat(outsider.field("auditLog")).isNull();
    assertThat(outsider.firstError().getString("message")).as("exactly what a missing id gets")
        .isEqualTo(missing.firstError().getString("message").replace(missingId(missing), team.id()));
    assertThat(api.call(team.outsider().token(), VERIFY, new JsonObject().put("o", team.id())).errorCode())
        .isEqualTo("NOT_FOUND");
    assertThat(api.call(team.owner().token(), VERIFY, new JsonObject().put("o", "nonsense")).errorCode())
        .isEqualTo("NOT_FOUND");
    assertThat(api.call(null, VERIFY, new JsonObject()).errorCode()).isEqualTo("UNAUTHENTICATED");
  }

  @Test
  void tamperingWithAnEntryShowsInVerifyAuditLog() throws Exception {
    Team team = team();
    JsonArray entries = entries(team.owner().token(), new JsonObject().put("o", team.id()));
    String answerId = entries.getJsonObject(1).getString("id");
    await(db.withConnection(conn -> conn.query("SET session_replication_role = replica").execute()
        .compose(v -> conn.preparedQuery("UPDATE audit_log SET detail = '{\"value\": \"no\"}' WHERE id = $1")
            .execute(Tuple.of(Long.parseLong(answerId))))
        .eventually(() -> conn.query("SET session_replication_role = origin").execute())));
    assertThat(verify(team.owner().token(), team.id())).isEqualTo(new JsonObject().put("intact", false)
        .put("checked", 2).put("brokenAt", answerId));
  }

  @Test
  void theExportStreamsTheChainAsJsonLinesAndIsItselfAudited() throws Exception {
    Team team = team();
    HttpResponse<Buffer> r = http.get("/audit-log.jsonl?organisationId=" + team.id(),
        HttpProbe.headers("Authorization", "Bearer " + team.owner().token()));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type")).startsWith("application/x-ndjson");
    assertThat(r.getHeader("Content-Disposition")).startsWith("attachment; filename=\"audit-log-org-" + team.id());
    assertThat(r.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    List<JsonObject> lines = r.bodyAsString().lines().map(JsonObject::new).toList();
    assertThat(lines).extracting(l -> l.getString("kind")).containsExactly("role-changed", "answer", "export");
    JsonObject export = lines.get(2);
    assertThat(export.getJsonObject("actor").getString("id")).isEqualTo(team.owner().accountId());
    assertThat(export.getString("address")).isEqualTo(CLIENT);
    assertThat(lines.get(1).getString("hash")).hasSize(64);
    assertThat(kinds(entries(team.owner().token(), new JsonObject().put("o", team.id()))))
        .as("the export's own entry is in the chain").endsWith("export");

    // Without the organisation: the caller's own chain, here by the session cookie from the page itself.
    HttpResponse<Buffer> own = http.get("/audit-log.jsonl", HttpProbe.headers("Cookie",
        "bastion_token=" + team.owner().token(), "Sec-Fetch-Site", "same-origin"));
    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(own.bodyAsString().lines().map(JsonObject::new).map(l -> l.getString("kind")).toList())
        .endsWith("export");
    assertThat(own.getHeader("Content-Disposition")).contains("audit-log-account-" + team.owner().accountId());

    assertRefused(http.get("/audit-log.jsonl", HttpProbe.headers()), 401, "UNAUTHENTICATED");
    assertRefused(http.get("/audit-log.jsonl?organisationId=" + team.id(),
        HttpProbe.headers("Authorization", "Bearer forged")), 401, "UNAUTHENTICATED");
    assertRefused(http.get("/audit-log.jsonl?organisationId=" + team.id(),
        HttpProbe.headers("Authorization", "Bearer " + team.editor().token())), 403, "FORBIDDEN");
    assertRefused(http.get("/audit-log.jsonl?organisationId=" + team.id(),
        HttpProbe.headers("Authorization", "Bearer " + team.outsider().token())), 404, "NOT_FOUND");
    assertRefused(http.get("/audit-log.jsonl?organisationId=%27%3B--",
        HttpProbe.headers("Authorization", "Bearer " + team.owner().token())), 404, "NOT_FOUND");
    // Another site's page cannot use the cookie.
    assertRefused(http.get("/audit-log.jsonl", HttpProbe.headers("Cookie", "bastion_token=" + team.owner().token(),
        "Origin", "https://evil.example")), 403, "FORBIDDEN");
    assertRefused(http.get("/audit-log.jsonl", HttpProbe.headers("Cookie", "bastion_token=" + team.owner().token(),
        "Sec-Fetch-Site", "cross-site")), 403, "FORBIDDEN");
  }

  @Test
  void deletingAnAccountKeepsItsEntriesUnderAPseudonymAndTheChainsIntact() throws Exception {
    Team team = team();
    Session leaving = team.editor();
    api.call(leaving.token(), "mutation($p: String!) { deleteAccount(password: $p) }",
        new JsonObject().put("p", UserNode.PASSWORD)).data();
    String pseudonym = "deleted-account-" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(leaving.accountId().getBytes(StandardCharsets.UTF_8))).substring(0, 8);

    JsonArray entries = entries(team.owner().token(), new JsonObject().put("o", team.id()));
    assertThat(entries.getJsonObject(1).getJsonObject("actor")).isEqualTo(new JsonObject()
        .put("id", leaving.accountId()).put("email", pseudonym));
    assertThat(verify(team.owner().token(), team.id()).getBoolean("intact")).isTrue();

    AuditReader reader = new AuditReader(db);
    String own = AuditLog.accountChain(UUID.fromString(leaving.accountId()));
    var rows = await(reader.page(own, 0));
    assertThat(rows).extracting(e -> e.kind()).containsExactly("SIGN_UP", "LOG_IN", "ACCOUNT_DELETED");
    assertThat(rows).extracting(e -> e.actorEmail()).containsOnly(pseudonym);
    assertThat(rows.get(2).address()).isEqualTo(CLIENT);
    assertThat(await(reader.verify(own))).isEqualTo(new AuditVerification(true, 3, null));
    long withEmail = await(db.preparedQuery("SELECT count(*) AS n FROM audit_log WHERE actor_email = $1")
        .execute(Tuple.of(leaving.email()))).iterator().next().getLong("n");
    assertThat(withEmail).as("no entry keeps the deleted account's email").isZero();
  }

  // ------------------------------------------------------------------ helpers

  /** An organisation with an owner, an editor and a viewer (made with SQL), an outsider, and two entries. */
  private record Team(String id, Session owner, Session editor, Session viewer, Session outsider) {
  }

  private Team team() throws Exception {
    Session owner = member("owner");
    Session editor = member("editor");
    Session viewer = member("viewer");
    Session outsider = member("outsider");
    UUID org = UUID.randomUUID();
    await(db.preparedQuery("INSERT INTO organisations (id, name, created_by) VALUES ($1, $2, $3)")
        .execute(Tuple.of(org, "Team " + org, UUID.fromString(owner.accountId()))));
    await(db.preparedQuery("INSERT INTO memberships (organisation_id, account_id, role) VALUES ($1, $2, 'OWNER'), "
        + "($1, $3, 'EDITOR'), ($1, $4, 'VIEWER')").execute(Tuple.of(org, UUID.fromString(owner.accountId()),
        UUID.fromString(editor.accountId()), UUID.fromString(viewer.accountId()))));
    await(audit.record(new AuditEvent(AuditKind.ROLE_CHANGED, UUID.fromString(owner.accountId()), owner.email(),
        "192.0.2.1", org, editor.accountId(), new JsonObject().put("role", "EDITOR"))));
    await(audit.record(new AuditEvent(AuditKind.ANSWER, UUID.fromString(editor.accountId()), editor.email(),
        "192.0.2.2", org, "gv-owner", new JsonObject().put("value", "yes"))));
    return new Team(org.toString(), owner, editor, viewer, outsider);
  }

  private Session member(String who) {
    String email = UserNode.email(who);
    api.signUp(email, UserNode.PASSWORD);
    return api.session(email, UserNode.PASSWORD);
  }

  private JsonArray entries(String token, JsonObject variables) {
    return api.call(token, ENTRIES, variables).data().getJsonArray("auditLog");
  }

  private JsonObject verify(String token, String organisationId) {
    return api.call(token, VERIFY, new JsonObject().put("o", organisationId)).data().getJsonObject("verifyAuditLog");
  }

  /** Waits (at most 5 s) until the caller's own chain has an entry of this kind. */
  private void awaitKind(String token, String kind) {
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
        .until(() -> kinds(entries(token, new JsonObject())).contains(kind));
  }

  private static List<String> kinds(JsonArray entries) {
    return entries.stream().map(o -> ((JsonObject) o).getString("kind")).toList();
  }

  private static String missingId(Response missing) {
    String message = missing.firstError().getString("message");
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("[0-9a-f-]{36}").matcher(message);
    return m.find() ? m.group() : "";
  }

  private static void assertRefused(HttpResponse<Buffer> r, int status, String code) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    assertThat(r.getHeader("Content-Type")).startsWith("application/json");
    assertThat(new JsonObject(r.bodyAsString()).getString("code")).isEqualTo(code);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.await(30, TimeUnit.SECONDS);
  }
}
