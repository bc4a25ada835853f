package io.bastion.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A team over the real mesh (two user nodes, one security node), built through the API as users build it: the owner
 * creates an organisation on node A and invites by mail (the mail file under data/mail), the invitees accept on the
 * node they use, a role is changed. Then: the editor's answer on node B reaches the owner's socket on node A with who
 * answered, and the report follows; a viewer cannot answer; an outsider is refused by GraphQL and the bridge; a member
 * removed on node A has their socket on node B closed with 4403 within a second; a stale expectedVersion gets
 * CONFLICT; presence crosses nodes both ways; an audit row changed behind the triggers is found by verifyAuditLog.
 * One mesh for the whole class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TeamsIT {

  private static final String PASSWORD = "a long enough passphrase";
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Pattern JOIN_LINK = Pattern.compile("/#/join/([A-Za-z0-9_-]+)");

  private Mesh mesh;
  private Node nodeA;
  private Node nodeB;
  private Api apiA;
  private Api apiB;
  private Api.Session owner;
  private Api.Session editor;
  private Api.Session viewer;
  private Api.Session outsider;
  private String organisation;
  private String assessment;
  /** Invitation tokens already taken from the mail files. */
  private final Set<String> used = ConcurrentHashMap.newKeySet();

  @BeforeAll
  void startMesh() throws Exception {
    Mesh.deleteTree(Mesh.in("teams").dir);
    mesh = Mesh.in("teams").startDatabase();
    nodeA = mesh.startUser("user-1");
    nodeB = mesh.startUser("user-2");
    mesh.startSecurity("security-1");
    apiA = new Api(nodeA.httpPort);
    apiB = new Api(nodeB.httpPort);
    owner = apiA.signUp("owner@example.com", PASSWORD);
    editor = apiB.signUp("editor@example.com", PASSWORD);
    viewer = apiA.signUp("viewer@example.com", PASSWORD);
    outsider = apiB.signUp("outsider@example.com", PASSWORD);
    organisation = createOrganisation("Teams IT");
    join(organisation, editor, apiB, "EDITOR");
    // The auditor is invited as an editor first, then made a VIEWER: changeRole is what the test relies on.
    join(organisation, viewer, apiA, "EDITOR");
    JsonObject changed = apiA.call(owner.token(), "mutation($o: ID!, $a: ID!) { changeRole(organisationId: $o, "
        + "accountId: $a, role: VIEWER) { account { id email } role } }",
        new JsonObject().put("o", organisation).put("a", viewer.accountId())).data().getJsonObject("changeRole");
    assertThat(changed.getString("role")).isEqualTo("VIEWER");
    assessment = apiA.call(owner.token(), "mutation($o: ID) { startAssessment(catalogueId: \"baseline\", "
        + "title: \"Together\", organisationId: $o) { id } }", new JsonObject().put("o", organisation)).data()
        .getJsonObject("startAssessment").getString("id");
    JsonArray members = apiB.call(editor.token(), "{ organisations { id myRole members { account { email } role } "
        + "} }", new JsonObject()).data().getJsonArray("organisations");
    assertThat(members).hasSize(1);
    assertThat(members.getJsonObject(0).getString("myRole")).isEqualTo("EDITOR");
    assertThat(members.getJsonObject(0).getJsonArray("members")).hasSize(3);
  }

  @AfterAll
  void stopMesh() throws Exception {
    if (mesh != null) {
      mesh.close();
    }
  }

  @Test
  void theEditorsAnswerOnNodeBReachesTheOwnerOnNodeAWithWhoAnsweredAndTheReportFollows() {
    try (BridgeClient ownersPage = BridgeClient.connect(nodeA.httpPort)) {
      ownersPage.registerFeed(assessment, owner.token());
      // The owner's own presence comes back on the feed: the register took effect, nothing is missed after it.
      await().atMost(WAIT).until(() -> !ownersPage.eventsOf(assessment, "presence").isEmpty());
      long version = apiB.call(editor.token(), "mutation($a: ID!) { answer(assessmentId: $a, questionId: "
          + "\"gv-metrics\", value: \"yes\", comment: \"from node B\") { version answeredBy { id email } } }",
          new JsonObject().put("a", assessment)).data().getJsonObject("answer").getLong("version");
      await("the answer on node A").atMost(WAIT).until(() -> ownersPage.eventsOf(assessment, "answer").stream()
          .anyMatch(a -> a.getLong("version") == version));
      JsonObject answer = ownersPage.eventsOf(assessment, "answer").stream()
          .filter(a -> a.getLong("version") == version).findFirst().orElseThrow();
      assertThat(answer.getString("questionId")).isEqualTo("gv-metrics");
      assertThat(answer.getString("value")).isEqualTo("yes");
      assertThat(answer.getString("comment")).isEqualTo("from node B");
      assertThat(answer.getJsonObject("answeredBy").getString("email")).isEqualTo("editor@example.com");
      assertThat(answer.getJsonObject("answeredBy").getString("id")).isEqualTo(editor.accountId());
      await("the report of that version on node A").atMost(Duration.ofSeconds(60))
          .until(() -> ownersPage.reportsOf(assessment).stream().anyMatch(r -> r.getLong("version") == version));
      assertThat(ownersPage.reportsOf(assessment)).allMatch(r -> assessment.equals(r.getString("assessmentId"))
          && r.getValue("score") != null && r.getString("createdAt") != null);
      assertThat(ownersPage.errors()).isEmpty();
      // The API says the same about who answered.
      JsonArray history = apiA.call(owner.token(), "query($a: ID!) { answerHistory(assessmentId: $a, questionId: "
          + "\"gv-metrics\") { value version answeredBy { email } } }", new JsonObject().put("a", assessment))
          .data().getJsonArray("answerHistory");
      assertThat(history.getJsonObject(history.size() - 1).getJsonObject("answeredBy").getString("email"))
          .isEqualTo("editor@example.com");
    }
  }

  @Test
  void aViewerReadsButCannotAnswer() {
    Api.Response refused = apiA.answer(viewer.token(), assessment, "gv-owner", "yes");
    assertThat(refused.errorCode()).isEqualTo("FORBIDDEN");
    assertThat(apiA.assessment(viewer.token(), assessment).getString("id")).isEqualTo(assessment);
    try (BridgeClient viewersPage = BridgeClient.connect(nodeB.httpPort)) {
      viewersPage.registerFeed(assessment, viewer.token());
      await().atMost(WAIT).until(() -> !viewersPage.eventsOf(assessment, "presence").isEmpty());
      assertThat(viewersPage.errors()).isEmpty();
    }
  }

  @Test
  void anOutsiderIsRefusedByGraphQLAndTheBridge() {
    Api.Response read = apiB.call(outsider.token(), "query($a: ID!) { assessment(id: $a) { id answers { value } } }",
        new JsonObject().put("a", assessment));
    assertThat(read.errorCode()).isEqualTo("NOT_FOUND");
    assertThat(read.body().encode()).doesNotContain("gv-");
    assertThat(apiB.answer(outsider.token(), assessment, "gv-owner", "yes").errorCode()).isEqualTo("NOT_FOUND");
    assertThat(apiB.call(outsider.token(), "mutation($o: ID!, $a: ID!) { removeMember(organisationId: $o, "
        + "accountId: $a) }", new JsonObject().put("o", organisation).put("a", editor.accountId())).errorCode())
        .isEqualTo("NOT_FOUND");
    try (BridgeClient outsiders = BridgeClient.connect(nodeB.httpPort)) {
      outsiders.registerFeed(assessment, outsider.token());
      // NOT_FOUND (not "rejected", which the page reads as a lost session), then closed with 4403.
      await().atMost(WAIT).until(() -> !outsiders.errors().isEmpty() && outsiders.isClosed());
      assertThat(outsiders.errors()).extracting(e -> e.getString("body")).containsExactly("NOT_FOUND");
      assertThat(outsiders.closeCode).isEqualTo(4403);
      assertThat(outsiders.bodiesFor(BridgeClient.feed(assessment))).isEmpty();
    }
  }

  @Test
  void aMemberRemovedOnNodeAHasTheirSocketOnNodeBClosedWithinASecond() throws Exception {
    Api.Session leaver = apiB.signUp("leaver@example.com", PASSWORD);
    join(organisation, leaver, apiB, "EDITOR");
    try (BridgeClient leaversPage = BridgeClient.connect(nodeB.httpPort)) {
      leaversPage.registerFeed(assessment, leaver.token());
      await().atMost(WAIT).until(() -> !leaversPage.eventsOf(assessment, "presence").isEmpty());
      assertThat(apiA.call(owner.token(), "mutation($o: ID!, $a: ID!) { removeMember(organisationId: $o, "
          + "accountId: $a) }", new JsonObject().put("o", organisation).put("a", leaver.accountId())).data()
          .getBoolean("removeMember")).isTrue();
      long removed = System.nanoTime();
      await("the removed member's socket on node B closes").atMost(Duration.ofSeconds(1))
          .pollInterval(Duration.ofMillis(20)).until(leaversPage::isClosed);
      System.out.println("[teams] socket on node B closed "
          + Duration.ofNanos(System.nanoTime() - removed).toMillis() + " ms after removeMember on node A");
      await().atMost(Duration.ofSeconds(2)).until(() -> leaversPage.closeCode != -1);
      assertThat(leaversPage.closeCode).isEqualTo(4403);
      assertThat(leaversPage.closeReason).isEqualTo("access ended");
    }
    assertThat(apiB.call(leaver.token(), "query($a: ID!) { assessment(id: $a) { id } }",
        new JsonObject().put("a", assessment)).errorCode()).isEqualTo("NOT_FOUND");
    try (BridgeClient again = BridgeClient.connect(nodeB.httpPort)) {
      again.registerFeed(assessment, leaver.token());
      await().atMost(WAIT).until(() -> !again.errors().isEmpty() && again.isClosed());
      assertThat(again.errors()).extracting(e -> e.getString("body")).containsExactly("NOT_FOUND");
      assertThat(again.closeCode).isEqualTo(4403);
    }
  }

  @Test
  void anAnswerBasedOnAStaleVersionGetsConflictWithTheAnswerThatStands() {
    long seen = answer(editor, apiB, "gv-owner", "yes", null).data().getJsonObject("answer").getLong("version");
    long owners = answer(owner, apiA, "gv-owner", "no", seen).data().getJsonObject("answer").getLong("version");
    Api.Response stale = answer(editor, apiB, "gv-owner", "yes", seen);
    assertThat(stale.errorCode()).isEqualTo("CONFLICT");
    JsonObject current = stale.firstError().getJsonObject("extensions").getJsonObject("current");
    assertThat(current.getString("questionId")).isEqualTo("gv-owner");
    assertThat(current.getString("value")).isEqualTo("no");
    assertThat(current.getLong("version")).isEqualTo(owners);
    assertThat(current.getJsonObject("answeredBy").getString("email")).isEqualTo("owner@example.com");
    // With the version it now saw, the editor may overwrite.
    assertThat(answer(editor, apiB, "gv-owner", "yes", owners).data().getJsonObject("answer").getString("value"))
        .isEqualTo("yes");
  }

  @Test
  void presenceOnNodeAShowsOnNodeBWithinTwoSecondsBothWays() {
    try (BridgeClient editorsPage = BridgeClient.connect(nodeB.httpPort)) {
      editorsPage.registerFeed(assessment, editor.token());
      await().atMost(WAIT).until(() -> !editorsPage.eventsOf(assessment, "presence").isEmpty());
      BridgeClient viewersPage = BridgeClient.connect(nodeA.httpPort);
      long opened = System.nanoTime();
      viewersPage.registerFeed(assessment, viewer.token());
      await("the viewer on node A appears on node B").atMost(Duration.ofSeconds(2))
          .until(() -> viewersOn(editorsPage, nodeA.name).contains(viewer.accountId()));
      System.out.println("[teams] presence across nodes after "
          + Duration.ofNanos(System.nanoTime() - opened).toMillis() + " ms");
      viewersPage.close();
      await("the viewer on node A goes from node B").atMost(Duration.ofSeconds(2))
          .until(() -> !viewersOn(editorsPage, nodeA.name).contains(viewer.accountId()));
      assertThat(viewersOn(editorsPage, nodeB.name)).as("node B's own list").contains(editor.accountId());
    }
  }

  @Test
  void anAuditRowChangedInPostgresqlIsFoundByVerifyAuditLog() throws Exception {
    // An organisation of its own, so that the broken chain touches no other test.
    String audited = createOrganisation("Audited");
    join(audited, outsider, apiB, "VIEWER");
    JsonObject before = verify(audited);
    assertThat(before.getBoolean("intact")).isTrue();
    assertThat(before.getInteger("checked")).isGreaterThanOrEqualTo(3);
    assertThat(before.getValue("brokenAt")).isNull();
    JsonArray entries = apiA.call(owner.token(), "query($o: ID) { auditLog(organisationId: $o) { id kind } }",
        new JsonObject().put("o", audited)).data().getJsonArray("auditLog");
    String tampered = entries.getJsonObject(1).getString("id");
    try (Connection sql = mesh.sql()) {
      try (Statement s = sql.createStatement()) {
        s.execute("SET session_replication_role = replica");
      }
      try (PreparedStatement ps = sql.prepareStatement("UPDATE audit_log SET target = 'someone else' WHERE id = ?")) {
        ps.setLong(1, Long.parseLong(tampered));
        assertThat(ps.executeUpdate()).isEqualTo(1);
      }
    }
    JsonObject after = verify(audited);
    assertThat(after.getBoolean("intact")).isFalse();
    assertThat(after.getString("brokenAt")).isEqualTo(tampered);
  }

  // ------------------------------------------------------------------ helpers

  private String createOrganisation(String name) {
    return apiA.call(owner.token(), "mutation($n: String!) { createOrganisation(name: $n) { id myRole } }",
        new JsonObject().put("n", name)).data().getJsonObject("createOrganisation").getString("id");
  }

  /** The owner invites on node A; the invitee takes the token from the mail file and accepts on their node. */
  private void join(String organisationId, Api.Session who, Api api, String role) throws Exception {
    String email = emailOf(who, api);
    apiA.call(owner.token(), "mutation($o: ID!, $e: String!, $r: Role!) { invite(organisationId: $o, email: $e, "
        + "role: $r) { id email role } }", new JsonObject().put("o", organisationId).put("e", email).put("r", role))
        .data();
    String[] token = {null};
    await("the invitation mail to " + email).atMost(WAIT).until(() -> (token[0] = invitationToken(email)) != null);
    JsonObject joined = api.call(who.token(), "mutation($t: String!) { acceptInvitation(token: $t) { id myRole } }",
        new JsonObject().put("t", token[0])).data().getJsonObject("acceptInvitation");
    assertThat(joined.getString("id")).isEqualTo(organisationId);
    assertThat(joined.getString("myRole")).isEqualTo(role);
  }

  private static String emailOf(Api.Session who, Api api) {
    return api.call(who.token(), "{ me { email } }", new JsonObject()).data().getJsonObject("me").getString("email");
  }

  /** The token of an invitation mail to an address that this test has not taken yet, or null while there is none. */
  private String invitationToken(String email) throws Exception {
    Path dir = mesh.dir.resolve("mail");
    if (!Files.isDirectory(dir)) {
      return null;
    }
    List<Path> files;
    try (var list = Files.list(dir)) {
      files = list.toList();
    }
    for (Path f : files) {
      String mail = Files.readString(f);
      Matcher m = JOIN_LINK.matcher(mail);
      if (mail.contains("To: " + email) && mail.contains("Subject: Join ") && m.find() && used.add(m.group(1))) {
        return m.group(1);
      }
    }
    return null;
  }

  private Api.Response answer(Api.Session who, Api api, String question, String value, Long expectedVersion) {
    return api.call(who.token(), "mutation($a: ID!, $q: ID!, $v: String!, $e: Int) { answer(assessmentId: $a, "
        + "questionId: $q, value: $v, expectedVersion: $e) { questionId value version } }",
        new JsonObject().put("a", assessment).put("q", question).put("v", value).put("e", expectedVersion));
  }

  private JsonObject verify(String organisationId) {
    return apiA.call(owner.token(), "query($o: ID) { verifyAuditLog(organisationId: $o) { intact checked brokenAt } }",
        new JsonObject().put("o", organisationId)).data().getJsonObject("verifyAuditLog");
  }

  /**
   * The account ids of the latest presence list a node published, as one page hears it (each verticle instance
   * publishes under "<node name>/<deployment id>"; the nodes here run one instance).
   */
  private List<String> viewersOn(BridgeClient page, String node) {
    List<JsonObject> lists = page.eventsOf(assessment, "presence").stream()
        .filter(p -> p.getString("node", "").startsWith(node + "/")).toList();
    if (lists.isEmpty()) {
      return List.of();
    }
    return lists.get(lists.size() - 1).getJsonArray("viewers").stream()
        .map(v -> ((JsonObject) v).getString("id")).toList();
  }
}
