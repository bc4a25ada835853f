package io.bastion.user.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import com.hazelcast.config.XmlConfigBuilder;
import io.bastion.node.mesh.Ports;
import io.bastion.node.metrics.NodeMetrics;
import io.bastion.user.testing.GraphQLClient;
import io.bastion.user.testing.StandInScorer;
import io.bastion.user.testing.UserNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A user node's management port, as in production: a clustered Vert.x built with the node's metrics (as the
 * launcher builds it), the user verticle deployed with {@code management.port} set, the real database. Readiness
 * follows the security nodes (the stand-in scorer plays one), and {@code /metrics} carries Vert.x's meters and
 * Bastion's once an answer went through.
 */
class ManagementPortTest {

  /** Low enough for a test to trip the answer throttle; the other test answers once. */
  private static final int ANSWERS_PER_MINUTE = 3;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static Vertx vertx;
  private static int management;
  private static UserNode node;

  @BeforeAll
  static void node() throws Exception {
    vertx = get(NodeMetrics.builder(new VertxOptions())
        .withClusterManager(new HazelcastClusterManager(cluster())).buildClustered());
    management = Ports.free();
    node = UserNode.start(vertx, new JsonObject().put("management.port", management).put("management.host", "127.0.0.1")
        .put("cluster.tls", "off").put("api.answers-per-account-per-minute", ANSWERS_PER_MINUTE));
  }

  @AfterAll
  static void close() throws Exception {
    get(vertx.close());
  }

  @Test
  void readinessWaitsForASecurityNodeWhileTheNodeItselfIsReadyAndMetricsCoverAnAnswer() throws Exception {
    HttpResponse<String> live = get("/health/live");
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(live.body()).getString("name")).startsWith("user-inproc-");

    // The node itself is ready: started, in the cluster, its database answers.
    HttpResponse<String> self = get("/health/self");
    assertThat(self.statusCode()).as(self.body()).isEqualTo(200);
    assertThat(checks(self.body())).containsKeys("node", "cluster", "database").doesNotContainKey("security-nodes");

    // What a load balancer routes on: started and in the cluster, not the database (an outage is UNAVAILABLE).
    HttpResponse<String> serving = get("/health/serving");
    assertThat(serving.statusCode()).as(serving.body()).isEqualTo(200);
    assertThat(checks(serving.body())).containsOnlyKeys("node", "cluster");

    // The public port answers the node's own readiness, and nothing more: no checks, no data.
    HttpResponse<String> open = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort()
        + "/health")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(open.statusCode()).as("public /health without a security node: the node itself is ready")
        .isEqualTo(200);
    assertThat(new JsonObject(open.body())).isEqualTo(new JsonObject().put("status", "UP"));

    // But without a security node, answers would wait in the outbox: the management /health says so.
    HttpResponse<String> without = get("/health");
    assertThat(without.statusCode()).isEqualTo(503);
    JsonObject securityDown = checks(without.body()).get("security-nodes");
    assertThat(securityDown.getString("status")).isEqualTo("DOWN");
    assertThat(securityDown.getJsonObject("data").getString("reason"))
        .isEqualTo("no security node: answers wait in the outbox");

    MessageConsumer<?> scorer = StandInScorer.register(vertx);
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> get("/health").statusCode() == 200);
      assertThat(checks(get("/health").body()).get("security-nodes").getJsonObject("data").getInteger("nodes"))
          .isEqualTo(1);

      String before = get("/metrics").body();
      double accepted = value(before, "bastion_answers_accepted_total");
      double reported = value(before, "bastion_answer_to_report_seconds_count");
      GraphQLClient api = node.graphql();
      GraphQLClient.Session s = api.signUp(UserNode.email("metrics"), UserNode.PASSWORD);
      String assessment = api.startAssessment(s.token(), "baseline", "metrics");
      api.answer(s.token(), assessment, "gv-owner", "yes").data();

      await().atMost(Duration.ofSeconds(20))
          .until(() -> value(get("/metrics").body(), "bastion_answer_to_report_seconds_count") > reported);
      String after = get("/metrics").body();
      assertThat(value(after, "bastion_answers_accepted_total")).isGreaterThan(accepted);
      assertThat(value(after, "bastion_relay_sent_total")).isPositive();
      assertThat(value(after, "bastion_reports_stored_total")).isPositive();
      // The moving rate counts full seconds: the answer shows once its second is over.
      await().atMost(Duration.ofSeconds(5)).until(() -> value(get("/metrics").body(), "bastion_answers_rate") > 0);
      assertThat(after).contains("bastion_answer_to_report_seconds_bucket{",
          "bastion_answer_to_report_last_minute_seconds{quantile=\"0.99\"}",
          "bastion_outbox_depth ", "bastion_outbox_oldest_age_seconds ", "bastion_relay_in_flight ",
          "bastion_live_sockets ", "bastion_dead_letters ");
      // Vert.x's own: HTTP server, event bus, pools; and no label that grows with users.
      assertThat(after).contains("vertx_http_server_requests_total{", "vertx_eventbus_", "vertx_pool_");
      assertThat(after).doesNotContain("address=\"", "path=\"", "remote=\"");
      // Never on the public port.
      assertThat(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + "/metrics"))
          .build(), HttpResponse.BodyHandlers.ofString()).body()).doesNotContain("bastion_answers_accepted");
    } finally {
      get(scorer.unregister());
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> get("/health").statusCode() == 503);
  }

  @Test
  void aRateLimitRefusalIsCountedByItsLimit() throws Exception {
    String metric = "bastion_rate_limit_refusals_total{limit=\"answers-per-account\"}";
    double before = value(get("/metrics").body(), metric);
    GraphQLClient api = node.graphql();
    GraphQLClient.Session s = api.signUp(UserNode.email("throttled"), UserNode.PASSWORD);
    String assessment = api.startAssessment(s.token(), "baseline", "throttled");
    // Scored here, so that no outbox row of this test is left for other test classes' nodes (the database is shared).
    MessageConsumer<?> scorer = StandInScorer.register(vertx);
    try {
      for (int i = 0; i < ANSWERS_PER_MINUTE; i++) {
        api.answer(s.token(), assessment, "gv-owner", i % 2 == 0 ? "yes" : "no").data();
      }

      assertThat(api.answer(s.token(), assessment, "gv-owner", "yes").errorCode()).isEqualTo("RATE_LIMITED");
      assertThat(value(get("/metrics").body(), metric)).as(metric).isEqualTo(before + 1);
      await().atMost(Duration.ofSeconds(20)).until(() -> {
        JsonObject latest = api.assessment(s.token(), assessment).getJsonObject("latestReport");
        return latest != null && latest.getLong("version") == ANSWERS_PER_MINUTE;
      });
    } finally {
      get(scorer.unregister());
    }
  }

  private static int httpPort() {
    return node.port();
  }

  private static double value(String metrics, String name) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*})? (\\S+)$").matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  private static Map<String, JsonObject> checks(String body) {
    JsonArray checks = new JsonObject(body).getJsonArray("checks");
    Map<String, JsonObject> byId = new HashMap<>();
    for (int i = 0; i < checks.size(); i++) {
      byId.put(checks.getJsonObject(i).getString("id"), checks.getJsonObject(i));
    }
    return byId;
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + path))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The nodes' own cluster.xml, for a cluster of one on loopback, named so that it meets no other. */
  private static Config cluster() throws Exception {
    Properties p = new Properties();
    p.setProperty("bastion.cluster.name", "management-" + UUID.randomUUID());
    p.setProperty("bastion.cluster.port", Integer.toString(Ports.free()));
    p.setProperty("bastion.cluster.members", "127.0.0.1");
    p.setProperty("bastion.cluster.interface", "127.0.0.1");
    p.setProperty("bastion.cluster.lite", "false");
    return new XmlConfigBuilder(UserNode.repositoryRoot().resolve("conf/cluster.xml").toString()).setProperties(p)
        .build();
  }

  private static <T> T get(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
  }
}
