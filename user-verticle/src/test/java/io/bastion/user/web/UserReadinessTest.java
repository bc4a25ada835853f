package io.bastion.user.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.node.health.Readiness;
import io.bastion.node.mesh.Ports;
import io.bastion.user.db.EmbeddedDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user node's /health reports, against a real PostgreSQL that is then stopped. */
class UserReadinessTest {

  private final Vertx vertx = Vertx.vertx();
  private EmbeddedDatabase db;

  @AfterEach
  void tearDown() throws Exception {
    get(vertx.close());
    if (db != null) {
      db.close();
    }
  }

  @Test
  void theDatabaseCheckFollowsTheDatabaseAndTheRelayCountersRideAlong(@TempDir Path dir) throws Exception {
    db = EmbeddedDatabase.start(dir.resolve("pg"), 0);
    Pool pool = PgBuilder.pool().connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(db.port())
        .setDatabase(EmbeddedDatabase.DATABASE).setUser(EmbeddedDatabase.USER).setPassword(db.password())
        // As a user node's pool (Database): a connection attempt retries for longer than a check may take.
        .setReconnectAttempts(5).setReconnectInterval(500))
        .using(vertx).build();
    Readiness readiness = UserReadiness.create(vertx, "user-probe", pool);

    // The pool's first connection may take longer than one check allows on a busy machine; later checks reuse it.
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
        .until(() -> "UP".equals(checks(readiness).get("database").getString("status")));
    Map<String, JsonObject> before = checks(readiness);
    assertThat(before.get("node").getString("status")).as("not started yet").isEqualTo("DOWN");
    assertThat(before.get("node").getJsonObject("data").getString("name")).isEqualTo("user-probe");
    assertThat(before.get("database").getString("status")).isEqualTo("UP");
    assertThat(before.get("relay").getJsonObject("data").fieldNames()).contains("stored", "retried", "timeouts");
    assertThat(before.get("cluster").getString("status")).as("this Vert.x is not clustered").isEqualTo("DOWN");

    readiness.started();
    assertThat(checks(readiness).get("node").getString("status")).isEqualTo("UP");

    db.close();
    db = null;
    JsonObject down = checks(readiness).get("database");
    assertThat(down.getString("status")).isEqualTo("DOWN");
    assertThat(down.getJsonObject("data").containsKey("procedure-execution-failure"))
        .as("DOWN because the database is, not because the check ran out of time (which /health answers with 500)")
        .isFalse();
  }

  @Test
  void theDatabaseCheckIsDownQuicklyWhenNothingListens() throws Exception {
    Readiness readiness = UserReadiness.create(vertx, "user-probe", pool(Ports.free()));
    long start = System.nanoTime();
    JsonObject database = checks(readiness).get("database");
    assertThat(database.getString("status")).isEqualTo("DOWN");
    assertThat(database.getJsonObject("data").getString("error")).contains("Connection refused");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  /** A database host that accepts connections and never answers (a hung PostgreSQL) must not hang the probe. */
  @Test
  void theDatabaseCheckIsDownWithinItsTimeoutWhenTheDatabaseDoesNotAnswer() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Readiness readiness = UserReadiness.create(vertx, "user-probe", pool(silent.getLocalPort()));
      long start = System.nanoTime();
      JsonObject database = checks(readiness).get("database");
      assertThat(database.getString("status")).isEqualTo("DOWN");
      // Fast enough for an orchestrator's probe (typically a few seconds), whatever the pool's connect timeout.
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }
  }

  @Test
  void theSecurityNodeCheckIsOnlyInTheFullReadiness() throws Exception {
    Readiness readiness = UserReadiness.create(vertx, "user-probe", pool(Ports.free()));
    JsonObject security = checks(readiness).get("security-nodes");
    assertThat(security.getString("status")).isEqualTo("DOWN");
    assertThat(security.getJsonObject("data").getString("reason")).startsWith(UserReadiness.NO_SECURITY_NODE);
    CheckResult self = get(readiness.self().checkStatus());
    assertThat(self.toJson().getJsonArray("checks").stream().map(c -> ((JsonObject) c).getString("id")))
        .doesNotContain("security-nodes").contains("database");
  }

  private Pool pool(int port) {
    return PgBuilder.pool().connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(port)
        .setDatabase("postgres").setUser("postgres").setPassword("x")).using(vertx).build();
  }

  private static Map<String, JsonObject> checks(Readiness readiness) throws Exception {
    CheckResult result = get(readiness.checks().checkStatus());
    JsonArray checks = result.toJson().getJsonArray("checks");
    Map<String, JsonObject> byId = new HashMap<>();
    for (int i = 0; i < checks.size(); i++) {
      byId.put(checks.getJsonObject(i).getString("id"), checks.getJsonObject(i));
    }
    return byId;
  }

  private static <T> T get(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
