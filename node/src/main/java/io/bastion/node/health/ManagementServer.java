package io.bastion.node.health;

import io.bastion.node.metrics.NodeMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management port of every node (user and security), for operators, orchestrators and the mesh starter:
 * <ul>
 *   <li>{@code GET /health}: readiness, every check of {@link Readiness#checks()} (200 all UP, else 503);</li>
 *   <li>{@code GET /health/self}: the node's own readiness, without the checks on other nodes (what the mesh
 *       starter waits on);</li>
 *   <li>{@code GET /health/serving}: started and in the cluster, the database not included: what a load balancer
 *       routes users on (see {@link Readiness#serving()});</li>
 *   <li>{@code GET /health/live}: liveness: answered from the node's event loop, with its name and uptime;</li>
 *   <li>{@code GET /metrics}: every meter of the JVM as Prometheus text (see {@link NodeMetrics}).</li>
 * </ul>
 * Settings {@code management.port} (0: no server; the mesh starter gives each node a free one) and
 * {@code management.host} (empty: the cluster interface), see {@link ProbeSettings}. Answers like vertx-web's
 * HealthCheckHandler, which this module does not depend on.
 */
public final class ManagementServer {

  private static final Logger LOG = LoggerFactory.getLogger(ManagementServer.class);
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final Vertx vertx;
  private final Readiness readiness;
  private final String nodeName;

  private ManagementServer(Vertx vertx, Readiness readiness, String nodeName) {
    this.vertx = vertx;
    this.readiness = readiness;
    this.nodeName = nodeName;
  }

  /** Starts the server when {@code management.port} is set; completes with null when it is not. */
  public static Future<HttpServer> start(Vertx vertx, ProbeSettings settings, Readiness readiness, String nodeName) {
    if (settings.port() <= 0) {
      LOG.info("no management server: management.port is not set");
      return Future.succeededFuture();
    }
    ManagementServer server = new ManagementServer(vertx, readiness, nodeName);
    return vertx.createHttpServer(new HttpServerOptions().setHost(settings.host()).setPort(settings.port()))
        .requestHandler(server::handle)
        .listen()
        .onSuccess(s -> LOG.info("management server on http://{}:{}/ (health, health/self, health/serving, health/live, metrics)",
            settings.host(), s.actualPort()));
  }

  private void handle(HttpServerRequest request) {
    if (request.method() != HttpMethod.GET) {
      request.response().setStatusCode(405).end();
      return;
    }
    switch (request.path()) {
      case "/health" -> health(request, readiness.checks());
      case "/health/self" -> health(request, readiness.self());
      case "/health/serving" -> health(request, readiness.serving());
      case "/health/live" -> live(request);
      case "/metrics" -> metrics(request);
      default -> request.response().setStatusCode(404).end();
    }
  }

  private void health(HttpServerRequest request, HealthChecks checks) {
    checks.checkStatus().onComplete(ar -> {
      CheckResult result = ar.succeeded() ? ar.result() : CheckResult.from("health", ar.cause());
      json(request, CheckResult.isUp(result) ? 200 : 503, result.toJson());
    });
  }

  /** Reaching this handler is the check: it runs on the event loop of the node's verticle. */
  private void live(HttpServerRequest request) {
    long uptimeMs = ManagementFactory.getRuntimeMXBean().getUptime();
    json(request, 200, new JsonObject().put("status", "UP").put("name", nodeName)
        .put("pid", ProcessHandle.current().pid())
        .put("uptimeSeconds", uptimeMs / 1000)
        .put("startedAt", Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()).toString()));
  }

  /** The scrape formats every meter: off the event loop. */
  private void metrics(HttpServerRequest request) {
    vertx.executeBlocking(NodeMetrics::scrape, false).onComplete(ar -> {
      if (ar.failed()) {
        LOG.warn("metrics scrape failed: {}", ar.cause().toString());
        request.response().setStatusCode(500).end();
        return;
      }
      request.response()
          .putHeader(HttpHeaders.CONTENT_TYPE, PROMETHEUS_TEXT)
          .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
          .end(ar.result());
    });
  }

  private static void json(HttpServerRequest request, int status, JsonObject body) {
    request.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json;charset=UTF-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(body.encode());
  }
}
