package io.bastion.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The per-assessment live feed across the mesh (two user nodes, one security node): a member on node B hears the
 * report of an answer given on node A, a VIEWER may listen, an outsider may not, a removed member's next register is
 * refused, and who has the assessment open on node A shows on node B within two seconds (and goes as quickly).
 *
 * <p>The team is written with SQL (the organisation API is built in parallel): organisations, memberships, and the
 * assessment moved into the organisation. The closing of an open socket on ACCESS_CHANGED needs the organisation API
 * (the test JVM is not on the TLS event bus to announce it): BridgeGuardTest checks it in-process.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TeamsIT {

  private static final String PASSWORD = "a long enough passphrase";
  private static final Duration WAIT = Duration.ofSeconds(30);

  private Mesh mesh;
  private Node nodeA;
  private Node nodeB;
  private Api apiA;
  private Api.Session owner;
  private Api.Session editor;
  private Api.Session viewer;
  private Api.Session outsider;
  private String organisation;
  private String assessment;

  @BeforeAll
  void startMesh() throws Exception {
    Mesh.deleteTree(Mesh.in("teams").dir);
    mesh = Mesh.in("teams").startDatabase();
    nodeA = mesh.startUser("user-1");
    nodeB = mesh.startUser("user-2");
    mesh.startSecurity("security-1");
    apiA = new Api(nodeA.httpPort);
    Api apiB = new Api(nodeB.httpPort);
    owner = apiA.signUp("owner@example.com", PASSWORD);
    editor = apiB.signUp("editor@example.com", PASSWORD);
    viewer = apiA.signUp("viewer@example.com", PASSWORD);
    outsider = apiB.signUp("outsider@example.com", PASSWORD);
    assessment = apiA.startAssessment(owner.token(), "baseline");
    organisation = UUID.randomUUID().toString();
    try (Connection sql = mesh.sql()) {
      update(sql, "INSERT INTO organisations (id, name) VALUES (?::uuid, 'Teams IT')", organisation);
      member(sql, owner, "OWNER");
      member(sql, editor, "EDITOR");
      member(sql, viewer, "VIEWER");
      update(sql, "UPDATE assessments SET organisation_id = ?::uuid WHERE id = ?::uuid", organisation, assessment);
    }
  }

  @AfterAll
  void stopMesh() throws Exception {
    if (mesh != null) {
      mesh.close();
    }
  }

  @Test
  void aMemberOnNodeBHearsTheReportOfAnAnswerGivenOnNodeA() {
    try (BridgeClient editorsPage = BridgeClient.connect(nodeB.httpPort)) {
      editorsPage.registerFeed(assessment, editor.token());
      ApiIT.Alternating values = new ApiIT.Alternating("yes", "no");
      long[] answered = {0};
      // Answer on node A until a report of that answer's version reaches node B's socket (the first answers may
      // come before the register has taken effect: nothing replays them).
      await("a report on node B's socket").atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> {
        long version = answered[0];
        if (editorsPage.reportsOf(assessment).stream().noneMatch(r -> r.getLong("version") == version)) {
          answered[0] = apiA.answer(owner.token(), assessment, "gv-metrics", values.next()).data()
              .getJsonObject("answer").getLong("version");
          return false;
        }
        return true;
      });
      assertThat(editorsPage.reportsOf(assessment)).allMatch(r -> assessment.equals(r.getString("assessmentId"))
          && r.getValue("score") != null && r.getString("createdAt") != null);
      assertThat(editorsPage.errors()).isEmpty();
    }
  }

  @Test
  void aViewerMayListenAndAnOutsiderMayNot() {
    try (BridgeClient viewers = BridgeClient.connect(nodeB.httpPort);
        BridgeClient outsiders = BridgeClient.connect(nodeB.httpPort)) {
      outsiders.registerFeed(assessment, outsider.token());
      // NOT_FOUND (not "rejected", which the page reads as a lost session), then closed with 4403.
      await().atMost(WAIT).until(() -> !outsiders.errors().isEmpty() && outsiders.isClosed());
      assertThat(outsiders.errors()).extracting(e -> e.getString("body")).containsExactly("NOT_FOUND");
      assertThat(outsiders.closeCode).isEqualTo(4403);
      viewers.registerFeed(assessment, viewer.token());
      // The viewer's own presence comes back on the feed: the register took effect.
      await().atMost(WAIT).until(() -> !viewers.eventsOf(assessment, "presence").isEmpty());
      assertThat(viewers.errors()).isEmpty();
      assertThat(outsiders.bodiesFor(BridgeClient.feed(assessment))).isEmpty();
    }
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
  void aRemovedMembersNextRegisterIsRefused() throws Exception {
    Api.Session leaver = apiA.signUp("leaver@example.com", PASSWORD);
    try (Connection sql = mesh.sql()) {
      member(sql, leaver, "EDITOR");
    }
    try (BridgeClient page = BridgeClient.connect(nodeB.httpPort)) {
      page.registerFeed(assessment, leaver.token());
      await().atMost(WAIT).until(() -> !page.eventsOf(assessment, "presence").isEmpty());
    }
    try (Connection sql = mesh.sql()) {
      update(sql, "DELETE FROM memberships WHERE organisation_id = ?::uuid AND account_id = ?::uuid", organisation,
          leaver.accountId());
    }
    try (BridgeClient page = BridgeClient.connect(nodeB.httpPort)) {
      page.registerFeed(assessment, leaver.token());
      await().atMost(WAIT).until(() -> !page.errors().isEmpty() && page.isClosed());
      assertThat(page.errors()).extracting(e -> e.getString("body")).containsExactly("NOT_FOUND");
      assertThat(page.closeCode).isEqualTo(4403);
    }
  }

  // ------------------------------------------------------------------ helpers

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

  private void member(Connection sql, Api.Session who, String role) throws Exception {
    update(sql, "INSERT INTO memberships (organisation_id, account_id, role) VALUES (?::uuid, ?::uuid, ?)",
        organisation, who.accountId(), role);
  }

  private static void update(Connection sql, String statement, String... params) throws Exception {
    try (PreparedStatement ps = sql.prepareStatement(statement)) {
      for (int i = 0; i < params.length; i++) {
        ps.setString(i + 1, params[i]);
      }
      ps.executeUpdate();
    }
  }
}
