package io.bastion.user.web;

import io.bastion.node.health.Readiness;
import io.bastion.user.outbox.RelayMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;

/**
 * The readiness probe of a user node, {@code GET /health}: besides the checks of every node (started, in the
 * cluster), the database answers through the node's pool. The outbox relay's counters ride along as data of an
 * always-UP check (the benchmark reads them there).
 */
public final class UserReadiness {

  private UserReadiness() {
  }

  public static Readiness create(Vertx vertx, String nodeName, Pool pool) {
    return new Readiness(vertx, nodeName)
        // Answered within the check's own limit: a database that is down is DOWN (503), not a timed-out check (500).
        .check("database", promise -> pool.query("SELECT 1").execute()
            .timeout(Readiness.CHECK_TIMEOUT_MS * 3 / 4, TimeUnit.MILLISECONDS).onComplete(ar -> promise.complete(
                ar.succeeded() ? Status.OK() : Status.KO(new JsonObject().put("error", String.valueOf(ar.cause()))))))
        .check("relay", promise -> promise.complete(Status.OK(RelayMetrics.snapshot())));
  }
}
