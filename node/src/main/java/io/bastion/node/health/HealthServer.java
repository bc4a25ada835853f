package io.bastion.node.health;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.healthchecks.CheckResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /health} on a port of its own, for nodes that serve no HTTP otherwise (security nodes). Setting
 * {@code health.port}: unset or 0, no server; the mesh starter gives each node it starts a free port. The server
 * listens on the cluster interface ({@code cluster.interface}, loopback by default), not on every interface.
 * Answers like vertx-web's HealthCheckHandler: 200 when every check is UP, else 503, with the checks as JSON.
 */
public final class HealthServer {

  private static final Logger LOG = LoggerFactory.getLogger(HealthServer.class);

  private final Readiness readiness;

  private HealthServer(Readiness readiness) {
    this.readiness = readiness;
  }

  /** Starts the server when {@code health.port} is set; completes with null when it is not. */
  public static Future<HttpServer> start(Vertx vertx, ProbeSettings probe, Readiness readiness) {
    if (probe.port() <= 0) {
      LOG.info("no readiness probe: health.port is not set");
      return Future.succeededFuture();
    }
    String host = probe.host();
    int port = probe.port();
    HealthServer server = new HealthServer(readiness);
    return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
        .requestHandler(server::handle)
        .listen()
        .onSuccess(s -> LOG.info("readiness probe on http://{}:{}/health", host, s.actualPort()));
  }

  private void handle(HttpServerRequest request) {
    if (!request.path().equals("/health")) {
      request.response().setStatusCode(404).end();
      return;
    }
    readiness.checks().checkStatus().onComplete(ar -> {
      CheckResult result = ar.succeeded() ? ar.result() : CheckResult.from("health", ar.cause());
      request.response()
          .setStatusCode(CheckResult.isUp(result) ? 200 : 503)
          .putHeader(HttpHeaders.CONTENT_TYPE, "application/json;charset=UTF-8")
          .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
          .end(result.toJson().encode());
    });
  }
}
