package io.bastion.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bastion.node.mesh.BastionCli;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Dead letters and replay (issue 12) in a real mesh. The poison is a version skew, as in a rolling upgrade done in
 * the wrong order: the user node has a new version of the baseline catalogue that the security node does not, so
 * the security node refuses every event of an assessment started with it (an error reply, code 404). The event is
 * given up after relay.dead-letter.attempts refusals while another assessment keeps being scored;
 * {@code ./bastion replay --list} shows it, {@code ./bastion status --json} counts it; the cause is fixed (the security node is replaced by one that has the
 * new version) and {@code ./bastion replay --event} brings it to a stored report.
 */
class DeadLetterIT {

  private static final String NEW_VERSION = "2026.2";

  private Mesh mesh;

  @AfterEach
  void tearDown() throws Exception {
    if (mesh != null) {
      mesh.close();
    }
  }

  @Test
  void aPoisonEventIsDeadLetteredWithoutHoldingUpOthersAndReplayedOnceFixed() throws Exception {
    Mesh.deleteTree(Mesh.in("dead-letters").dir);
    mesh = Mesh.in("dead-letters").startDatabase();
    Path upgraded = cataloguesWithNewBaseline(mesh.dir.resolve("catalogues-new"));
    Node user = mesh.startUser("user-1", "bastion.catalogues.dir=" + upgraded,
        "bastion.relay.dead-letter.attempts=3");
    Node oldSecurity = mesh.startSecurity("security-old");
    Api api = new Api(user.httpPort);
    String token = api.signUp("dead-letters@example.com", "poison and its antidote").token();

    String poisoned = api.startAssessment(token, "baseline");
    String healthy = api.startAssessment(token, "cloud-saas");
    api.answer(token, poisoned, "gv-owner", "yes").data();
    api.answer(token, healthy, "gv-security-owner", "yes").data();
    api.answer(token, healthy, "gv-customer-commitments", "yes").data();

    String eventId;
    try (Connection sql = mesh.sql()) {
      await("the poison event in dead_letters").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
          .until(() -> MeshIT.count(sql, "SELECT count(*) FROM dead_letters") == 1);
      eventId = string(sql, "SELECT event_id::text FROM dead_letters");
      assertThat(string(sql, "SELECT assessment_id::text FROM dead_letters")).isEqualTo(poisoned);
      assertThat(string(sql, "SELECT last_error FROM dead_letters")).as("its last error")
          .contains("code 404").contains(NEW_VERSION);
      assertThat(MeshIT.count(sql, "SELECT count(*) FROM outbox")).as("nothing left in the outbox").isZero();
    }
    awaitLatestReport(api, token, healthy, 2);
    assertThat(api.assessment(token, poisoned).getJsonObject("latestReport")).as("no report for the poison")
        .isNull();

    // ./bastion status counts it (the user node's bastion_dead_letters, refreshed every 5 s).
    await("status --json: 1 dead letter").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
        .until(() -> deadLetters() == 1.0);

    String listed = bastion("replay", "--list");
    assertThat(listed).as("./bastion replay --list").contains(eventId, poisoned, "code 404", "1 dead letter(s)");

    // The cause fixed: the old security node replaced by one that has the new catalogue version.
    oldSecurity.stop();
    Node newSecurity = mesh.startSecurity("security-new", "bastion.catalogues.dir=" + upgraded);
    String replayed = bastion("replay", "--event", eventId);
    assertThat(replayed).as("./bastion replay --event").contains("replayed 1 dead letter(s)");

    awaitLatestReport(api, token, poisoned, 1);
    assertThat(api.call(token, "query($a: ID!) { assessment(id: $a) { report(version: 1) { scoredBy } } }",
        new JsonObject().put("a", poisoned)).data().getJsonObject("assessment").getJsonObject("report")
        .getString("scoredBy")).isEqualTo(newSecurity.name);
    try (Connection sql = mesh.sql()) {
      assertThat(MeshIT.count(sql, "SELECT count(*) FROM dead_letters")).as("dead letters after the replay")
          .isZero();
      await().atMost(Duration.ofSeconds(30)).until(() -> MeshIT.count(sql, "SELECT count(*) FROM outbox") == 0);
    }
    assertThat(bastion("replay", "--list")).contains("no dead letters");
    await("status --json: no dead letter after the replay").atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofSeconds(1)).until(() -> deadLetters() == 0.0);
  }

  /** The dead-letter figure of {@code ./bastion status --json} (the picocli command, in this JVM), -1 if none. */
  private double deadLetters() {
    StringWriter out = new StringWriter();
    new CommandLine(new BastionCli()).setOut(new PrintWriter(out))
        .execute("status", "--json", "--data-dir", mesh.dataDir().toString());
    JsonObject status = new JsonObject(out.toString());
    System.out.println("[status --json] deadLetters " + status.getValue("deadLetters"));
    Double dead = status.getDouble("deadLetters"); // null: no user node reported it
    return dead == null ? -1.0 : dead;
  }

  /** The shipped catalogues plus the baseline again under a newer version (same questions). */
  private static Path cataloguesWithNewBaseline(Path dir) throws IOException {
    Files.createDirectories(dir);
    try (var files = Files.list(Mesh.ROOT.resolve("conf/catalogues"))) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    String baseline = Files.readString(dir.resolve("baseline.yaml"));
    assertThat(baseline).contains("version: \"2026.1\"");
    Files.writeString(dir.resolve("baseline-next.yaml"),
        baseline.replace("version: \"2026.1\"", "version: \"" + NEW_VERSION + "\""));
    return dir;
  }

  /** Runs the repository's {@code ./bastion} script against this mesh's data folder and database; its output. */
  private String bastion(String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("bash", Mesh.ROOT.resolve("bastion").toString()));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("--data-dir", mesh.dir.toString(), "--db-port", Integer.toString(mesh.databasePort())));
    Process p = new ProcessBuilder(cmd).directory(Mesh.ROOT.toFile()).redirectErrorStream(true).start();
    String out;
    try (var in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("./bastion " + String.join(" ", args) + " ended").isTrue();
    System.out.println("[./bastion " + String.join(" ", args) + "]\n" + out);
    assertThat(p.exitValue()).as("./bastion exit status; output:\n" + out).isZero();
    return out;
  }

  private static String string(Connection sql, String query) throws Exception {
    try (PreparedStatement s = sql.prepareStatement(query); ResultSet r = s.executeQuery()) {
      r.next();
      return r.getString(1);
    }
  }

  private static void awaitLatestReport(Api api, String token, String assessment, long version) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
      JsonObject latest = api.assessment(token, assessment).getJsonObject("latestReport");
      return latest != null && latest.getLong("version") == version;
    });
  }
}
