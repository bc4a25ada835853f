package io.bastion.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.config.XmlConfigBuilder;
import io.bastion.codecs.Codecs;
import io.bastion.node.mesh.Ports;
import io.bastion.node.metrics.NodeMetrics;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A security node's readiness probe (what the mesh starter waits on): a clustered Vert.x, as in a node, with the
 * security verticle deployed and {@code management.port} set.
 */
class ReadinessProbeTest {

  private static final Path ROOT = root();
  private Vertx vertx;

  @AfterEach
  void tearDown() throws Exception {
    if (vertx != null) {
      get(vertx.close());
    }
  }

  @Test
  void aDeployedSecurityNodeAnswersUpWithItsChecks() throws Exception {
    // Built as the launcher builds it: Vert.x's meters go to the node's registry.
    vertx = get(NodeMetrics.builder(new VertxOptions())
        .withClusterManager(new HazelcastClusterManager(cluster())).buildClustered());
    Codecs.register(vertx);
    int port = Ports.free();
    get(vertx.deployVerticle(new SecurityVerticle(), new DeploymentOptions().setConfig(new JsonObject()
        .put("management.port", port)
        .put("node.name", "security-probe")
        .put("catalogues.dir", ROOT.resolve("conf/catalogues").toString()))));

    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, JsonObject> checks = byId(new JsonObject(response.body()).getJsonArray("checks"));
    assertThat(checks).containsOnlyKeys("node", "cluster", "catalogues", "consumer");
    assertThat(checks.values()).allSatisfy(c -> assertThat(c.getString("status")).isEqualTo("UP"));
    assertThat(checks.get("node").getJsonObject("data").getString("name")).isEqualTo("security-probe");
    assertThat(checks.get("catalogues").getJsonObject("data").getInteger("versions")).isPositive();

    // The other endpoints of the management port.
    assertThat(send(port, "/health/self").statusCode()).isEqualTo(200);
    HttpResponse<String> live = send(port, "/health/live");
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(live.body()).getString("name")).isEqualTo("security-probe");
    HttpResponse<String> metrics = send(port, "/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
        .startsWith("text/plain"));
    assertThat(metrics.body()).contains("bastion_scoring_seconds_count", "vertx_eventbus_handlers", "jvm_memory_");
    assertThat(send(port, "/nothing").statusCode()).isEqualTo(404);
  }

  private static HttpResponse<String> send(int port, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Map<String, JsonObject> byId(JsonArray checks) {
    Map<String, JsonObject> byId = new HashMap<>();
    for (int i = 0; i < checks.size(); i++) {
      byId.put(checks.getJsonObject(i).getString("id"), checks.getJsonObject(i));
    }
    return byId;
  }

  /** The nodes' own cluster.xml, for a cluster of one on loopback. */
  private static Config cluster() throws Exception {
    Properties p = new Properties();
    p.setProperty("bastion.cluster.name", "probe-" + UUID.randomUUID());
    p.setProperty("bastion.cluster.port", Integer.toString(Ports.free()));
    p.setProperty("bastion.cluster.members", "127.0.0.1");
    p.setProperty("bastion.cluster.interface", "127.0.0.1");
    p.setProperty("bastion.cluster.lite", "false");
    return new XmlConfigBuilder(ROOT.resolve("conf/cluster.xml").toString()).setProperties(p).build();
  }

  private static <T> T get(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private static Path root() {
    Path p = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(p.resolve("conf/catalogues"))) {
      p = p.getParent();
    }
    return p;
  }
}
