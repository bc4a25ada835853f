package io.bastion.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bastion.node.mesh.DatabaseProcess;
import io.bastion.node.mesh.DatabaseSupervisor;
import io.bastion.node.mesh.PostgresProbe;
import io.bastion.user.db.DatabaseMain;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The mesh's PostgreSQL under supervision, as {@code ./bastion up} runs it: its postmaster killed with SIGKILL, the
 * database process notices, exits and is started again on the same data and port; PostgreSQL's own log shows the
 * crash recovery; the user node works again with the same account and token. A database that cannot start again
 * is given up after the set attempts, and meanwhile the user node's readiness says the database is down.
 */
class DatabaseSupervisionIT {

  private static final String PASSWORD = "a database comes back by itself";

  private Mesh mesh;

  @AfterEach
  void tearDown() throws Exception {
    if (mesh != null) {
      mesh.close();
    }
  }

  @Test
  void aKilledPostmasterIsStartedAgainOnTheSameDataAndItsRecoveryIsLogged() throws Exception {
    Mesh.deleteTree(Mesh.in("db-supervision").dir);
    mesh = Mesh.in("db-supervision");
    mesh.superviseDatabase(5);
    mesh.startDatabase();
    Node user = mesh.startUser("user-1");
    Api api = new Api(user.httpPort);
    Api.Session session = api.signUp("supervised@example.com", PASSWORD);
    String assessment = api.startAssessment(session.token(), "baseline");
    api.answer(session.token(), assessment, "gv-owner", "yes").data();

    DatabaseProcess before = mesh.database();
    long postmaster = postmasterPid(before);
    ProcessHandle.of(postmaster).orElseThrow().destroyForcibly(); // SIGKILL, as the operator did

    await().atMost(Duration.ofSeconds(30)).until(() -> !before.process().alive());
    assertThat(before.process().process().exitValue()).as("the database process exits when its postmaster dies")
        .isEqualTo(DatabaseMain.POSTMASTER_DIED);
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
        .until(() -> mesh.database() != before && PostgresProbe.accepting("127.0.0.1", before.port(),
            Duration.ofSeconds(2)));
    DatabaseProcess after = mesh.database();
    assertThat(after.port()).as("same port").isEqualTo(before.port());
    assertThat(after.dataDir()).as("same data").isEqualTo(before.dataDir());
    assertThat(postmasterPid(after)).isNotEqualTo(postmaster);
    assertThat(String.join("\n", mesh.progress))
        .contains("the database (pid " + before.process().pid() + ") has stopped: the PostgreSQL postmaster (pid "
            + postmaster + ") has stopped")
        .contains("the database is running again");

    String postgresLog = Files.readString(mesh.dir.resolve("logs/postgres.log"));
    assertThat(postgresLog).as("PostgreSQL's own log, crash recovery included")
        .contains("database system was interrupted")
        .contains("redo");

    // The user node reconnects by itself: the same token reads what was written before, and writes again.
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
        .until(() -> api.answer(session.token(), assessment, "pr-mfa-email", "partial").body()
            .getJsonArray("errors") == null);
    JsonObject state = api.assessment(session.token(), assessment);
    assertThat(state.getJsonArray("answers")).hasSize(2);
    assertThat(api.logIn("supervised@example.com", PASSWORD).accountId()).isEqualTo(session.accountId());
  }

  @Test
  void aDatabaseThatCannotStartAgainIsGivenUpAndTheUserNodeSaysItIsDownMeanwhile() throws Exception {
    Mesh.deleteTree(Mesh.in("db-supervision-gives-up").dir);
    mesh = Mesh.in("db-supervision-gives-up");
    DatabaseSupervisor supervisor = mesh.superviseDatabase(2);
    mesh.startDatabase();
    Node user = mesh.startUser("user-1");
    assertThat(health(user).statusCode()).isEqualTo(200);

    DatabaseProcess db = mesh.database();
    // PostgreSQL reads its configuration only when it starts: from the next start on, it refuses to.
    Files.writeString(db.dataDir().resolve("postgresql.conf"), "\nthis line is not a setting\n",
        StandardOpenOption.APPEND);
    ProcessHandle.of(postmasterPid(db)).orElseThrow().destroyForcibly();

    String reason = supervisor.gaveUp().get(120, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(reason).contains("could not be started again after 2 attempt(s)").contains("postgres.log");
    assertThat(String.join("\n", mesh.progress))
        .contains("attempt 1 of 2 to start the database again failed: PostgreSQL did not start on "
            + db.dataDir() + ": configuration file")
        .contains("attempt 2 of 2 to start the database again failed");
    assertThat(mesh.database().process().alive()).as("no database process left running").isFalse();
    assertThat(Files.readString(mesh.dir.resolve("logs/postgres.log"))).contains("postgresql.conf\" contains errors");

    // The user node's readiness follows the database, and says so quickly.
    long start = System.nanoTime();
    HttpResponse<String> down = health(user);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(new JsonObject(down.body()).getJsonArray("checks").stream().map(JsonObject.class::cast)
        .filter(c -> c.getString("id").equals("database")).findFirst().orElseThrow().getString("status"))
        .isEqualTo("DOWN");
    assertThat(took).as("the database check fails fast").isLessThan(Duration.ofSeconds(5));
  }

  private static long postmasterPid(DatabaseProcess db) throws Exception {
    return Long.parseLong(Files.readAllLines(db.dataDir().resolve("postmaster.pid")).get(0).trim());
  }

  /**
   * The node's own readiness with its checks (the database's among them): the management port's /health/self (the
   * public /health says UP or DOWN only; the full /health is DOWN anyway here, as no security node runs).
   */
  private static HttpResponse<String> health(Node user) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(user.management().resolve("/health/self"))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
