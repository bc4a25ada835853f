package io.bastion.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Durable state lives in PostgreSQL only: stop every process, start again, and accounts, answers, reports and
 * tokens are still there, and an AnswerEvent left pending in the outbox is delivered after the restart.
 */
class RestartIT {

  private static final String EMAIL = "restart@example.com";
  private static final String PASSWORD = "a restart survives everything";

  private Mesh mesh;

  @AfterEach
  void tearDown() throws Exception {
    if (mesh != null) {
      mesh.close();
    }
  }

  @Test
  void everythingSurvivesARestartAndPendingOutboxRowsAreDelivered() throws Exception {
    Mesh.deleteTree(Mesh.in("restart").dir);
    mesh = Mesh.in("restart").startDatabase();
    Node user = mesh.startUser("user-1");
    Node security = mesh.startSecurity("security-1");
    Api api = new Api(user.httpPort);
    Api.Session session = api.signUp(EMAIL, PASSWORD);
    String assessment = api.startAssessment(session.token(), "baseline");
    api.answer(session.token(), assessment, "gv-owner", "yes").data();
    api.answer(session.token(), assessment, "pr-mfa-email", "partial").data();
    awaitLatestReport(api, session.token(), assessment, 2);

    // No security node: version 3 stays in the outbox.
    security.stop();
    assertThat(api.answer(session.token(), assessment, "rc-backups", "automatic").data()
        .getJsonObject("answer").getLong("version")).isEqualTo(3);
    try (Connection sql = mesh.sql()) {
      assertThat(MeshIT.count(sql, "SELECT count(*) FROM outbox WHERE version = 3")).isEqualTo(1);
    }

    // Stop everything, database included.
    user.stop();
    mesh.stopDatabase();

    // Start again on the same data.
    mesh.startDatabase();
    user = mesh.startUser("user-1b");
    api = new Api(user.httpPort);
    Api.Session again = api.logIn(EMAIL, PASSWORD);
    assertThat(again.accountId()).isEqualTo(session.accountId());
    JsonObject before = api.assessment(session.token(), assessment); // the old token is still valid
    assertThat(before.getLong("version")).isEqualTo(3);
    assertThat(before.getJsonArray("answers")).hasSize(3);
    int reportsBefore = before.getJsonArray("reports").size(); // v1 too, unless v2 superseded it first
    assertThat(reportsBefore).isBetween(1, 2);
    assertThat(before.getJsonObject("latestReport").getLong("version")).isEqualTo(2);
    try (Connection sql = mesh.sql()) {
      assertThat(MeshIT.count(sql, "SELECT count(*) FROM outbox WHERE version = 3")).isEqualTo(1);
    }

    // A security node comes back: the pending event is delivered and reported.
    Node replacement = mesh.startSecurity("security-1b");
    awaitLatestReport(api, again.token(), assessment, 3);
    assertThat(scoredBy(api, again.token(), assessment, 3)).as("version 3 waited for the new security node")
        .isEqualTo(replacement.name);
    try (Connection sql = mesh.sql()) {
      await().atMost(Duration.ofSeconds(30)).until(() -> MeshIT.count(sql, "SELECT count(*) FROM outbox") == 0);
      assertThat(MeshIT.count(sql, "SELECT count(*) FROM reports")).isEqualTo(reportsBefore + 1);
    }
  }

  /**
   * Security nodes are Hazelcast lite members: their bus address and registration are stored on the user nodes.
   * When the only user node dies, those entries die with it; the security node must write them again when a new
   * user node joins, or every AnswerEvent would find no handler and wait in the outbox forever.
   */
  @Test
  void aSecurityNodeServesTheUserNodeThatReplacesTheLastOne() throws Exception {
    Mesh.deleteTree(Mesh.in("replace-user").dir);
    mesh = Mesh.in("replace-user").startDatabase();
    Node user = mesh.startUser("user-1");
    Node security = mesh.startSecurity("security-1");
    Api api = new Api(user.httpPort);
    Api.Session session = api.signUp("replace@example.com", PASSWORD);
    String assessment = api.startAssessment(session.token(), "baseline");
    api.answer(session.token(), assessment, "gv-owner", "yes").data();
    awaitLatestReport(api, session.token(), assessment, 1);

    user.kill();
    Node replacement = mesh.startUser("user-2");
    api = new Api(replacement.httpPort);
    assertThat(api.answer(session.token(), assessment, "pr-mfa-email", "partial").data()
        .getJsonObject("answer").getLong("version")).isEqualTo(2);
    awaitLatestReport(api, session.token(), assessment, 2);
    assertThat(security.alive()).as("security-1 is still running").isTrue();
    assertThat(scoredBy(api, session.token(), assessment, 2)).as("the same security node scored version 2")
        .isEqualTo(security.name);
    try (Connection sql = mesh.sql()) {
      await().atMost(Duration.ofSeconds(30)).until(() -> MeshIT.count(sql, "SELECT count(*) FROM outbox") == 0);
    }
  }

  /** The node name a stored report says it was scored by. */
  private static String scoredBy(Api api, String token, String assessment, long version) {
    return api.call(token, "query($a: ID!, $v: Int!) { assessment(id: $a) { report(version: $v) { scoredBy } } }",
        new JsonObject().put("a", assessment).put("v", version)).data().getJsonObject("assessment")
        .getJsonObject("report").getString("scoredBy");
  }

  private static void awaitLatestReport(Api api, String token, String assessment, long version) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
      JsonObject latest = api.assessment(token, assessment).getJsonObject("latestReport");
      return latest != null && latest.getLong("version") == version;
    });
  }
}
