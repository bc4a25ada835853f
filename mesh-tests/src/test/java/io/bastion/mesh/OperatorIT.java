package io.bastion.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bastion.node.mesh.BastionCli;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * What an operator sees of a running mesh: {@code ./bastion status} (the picocli command, in this JVM) reads
 * mesh.json that the starter wrote and every node's management port; a security node's {@code /metrics} has its
 * scoring timer. A user node without a security node is not ready, and says why; a stopped mesh is "not running".
 */
class OperatorIT {

  private static final String PASSWORD = "operator test passphrase 7";

  private Mesh mesh;
  private java.nio.file.Path dataDir;

  @AfterEach
  void tearDown() throws Exception {
    if (mesh != null) {
      mesh.close();
    }
  }

  record Run(int exit, String out) {
  }

  @Test
  void statusShowsTheMeshItsFiguresAndWhatIsNotReady() throws Exception {
    Mesh.deleteTree(Mesh.in("operator").dir);
    mesh = Mesh.in("operator").startDatabase();
    dataDir = mesh.dataDir();
    Node user = mesh.startUser("user-1");
    Node security = mesh.startSecurity("security-1");
    assertThat(mesh.dataDir().resolve("mesh.json")).exists();

    Api api = new Api(user.httpPort);
    Api.Session s = api.signUp("ops-watch@example.com", PASSWORD);
    String assessment = api.startAssessment(s.token(), "baseline");
    String[] values = {"yes", "no"};
    for (int i = 0; i < 12; i++) {
      api.answer(s.token(), assessment, "gv-owner", values[i % values.length]).data();
    }
    long last = api.answer(s.token(), assessment, "gv-budget", "yes").data().getJsonObject("answer")
        .getLong("version");
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      JsonObject report = api.assessment(s.token(), assessment).getJsonObject("latestReport");
      return report != null && report.getLong("version") == last;
    });

    // Every node ready; the figures of the last minute come from the user node's meters; the outbox drains (its
    // gauge is refreshed every 5 s).
    JsonObject[] status = new JsonObject[1];
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
      Run run = status("--json");
      status[0] = new JsonObject(run.out());
      return run.exit() == 0 && status[0].getDouble("outboxDepth", -1.0) == 0.0;
    });
    JsonObject json = status[0];
    assertThat(json.getBoolean("ready")).isTrue();
    JsonArray nodes = json.getJsonArray("nodes");
    assertThat(nodes.stream().map(n -> ((JsonObject) n).getString("name"))).containsExactly("user-1", "security-1");
    assertThat(nodes.stream().map(n -> ((JsonObject) n).getString("role"))).containsExactly("user", "security");
    assertThat(nodes.getJsonObject(0).getString("http")).isEqualTo("http://127.0.0.1:" + user.httpPort);
    assertThat(nodes.getJsonObject(0).getDouble("uptimeSeconds")).isNotNull();
    assertThat(json.getDouble("answersPerSecond")).isPositive();
    assertThat(json.getDouble("answerToReportP99Seconds")).isPositive().isLessThan(60.0);
    assertThat(json.getDouble("outboxOldestSeconds")).isZero();
    assertThat(json.getJsonObject("database").getBoolean("running")).isTrue();

    Run text = status();
    System.out.println(text.out());
    assertThat(text.exit()).isZero();
    assertThat(text.out()).contains("all ready", "user-1", "security-1", "outbox: 0 rows", "answers/s",
        "answer to report p99").doesNotContain("NOT READY");

    // The security node's own metrics: its scoring timer counted the reports.
    String securityMetrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(nodes.getJsonObject(1).getString("management") + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    assertThat(value(securityMetrics, "bastion_scoring_seconds_count")).isPositive();
    assertThat(securityMetrics).contains("vertx_eventbus_");

    // Without a security node, the user node is not ready and says why; status fails.
    security.kill();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
        .until(() -> status().out().contains("no security node: answers wait in the outbox"));
    Run degraded = status();
    System.out.println(degraded.out());
    assertThat(degraded.exit()).isEqualTo(1);
    assertThat(degraded.out()).contains("NOT all ready", "not answering");

    // A stopped mesh is not running.
    mesh.close();
    mesh = null;
    Run stopped = status();
    assertThat(stopped.exit()).isEqualTo(3);
    assertThat(stopped.out()).contains("no mesh is running");
  }

  private Run status(String... extra) {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new BastionCli()).setOut(new PrintWriter(out));
    String[] args = new String[3 + extra.length];
    args[0] = "status";
    args[1] = "--data-dir";
    args[2] = dataDir.toString();
    System.arraycopy(extra, 0, args, 3, extra.length);
    int exit = cli.execute(args);
    return new Run(exit, out.toString());
  }

  private static double value(String metrics, String name) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*})? (\\S+)$").matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }
}
