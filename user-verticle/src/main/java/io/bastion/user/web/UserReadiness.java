package io.bastion.user.web;

import io.bastion.codecs.Addresses;
import io.bastion.node.health.Readiness;
import io.bastion.user.outbox.RelayMetrics;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.cluster.RegistrationInfo;
import io.vertx.ext.healthchecks.Status;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The readiness probe of a user node: besides the checks of every node (started, in the cluster), the database
 * answers through the node's pool (a refused connection fails at once; a database that does not answer counts as
 * DOWN after {@link Readiness#CHECK_TIMEOUT_MS}), and, as a check on other nodes (so not in {@code /health/self}),
 * at least one security node takes AnswerEvents: without one, answers are accepted but wait in the outbox. The
 * outbox relay's counters ride along as data of an always-UP check, for operators reading the management port's
 * {@code /health} (the same counters are on its {@code /metrics}).
 */
public final class UserReadiness {

  static final String NO_SECURITY_NODE = "no security node: answers wait in the outbox";

  private UserReadiness() {
  }

  public static Readiness create(Vertx vertx, String nodeName, Pool pool) {
    return new Readiness(vertx, nodeName)
        // Answered within the check's own limit: a database that is down is DOWN (503), not a timed-out check (500).
        .check("database", promise -> pool.query("SELECT 1").execute()
            .timeout(Readiness.CHECK_TIMEOUT_MS * 3 / 4, TimeUnit.MILLISECONDS).onComplete(ar -> promise.complete(
                ar.succeeded() ? Status.OK() : Status.KO(new JsonObject().put("error", String.valueOf(ar.cause()))))))
        .check("relay", promise -> promise.complete(Status.OK(RelayMetrics.snapshot())))
        .dependency("security-nodes", promise -> checkSecurityNodes(vertx, promise));
  }

  /** UP when some node of the cluster has a consumer on {@link Addresses#ANSWERS}; its data counts them. */
  static void checkSecurityNodes(Vertx vertx, Promise<Status> promise) {
    ClusterManager manager = vertx.isClustered() ? ((VertxInternal) vertx).clusterManager() : null;
    if (manager == null) {
      promise.complete(Status.KO(new JsonObject().put("reason", NO_SECURITY_NODE + " (not clustered)")));
      return;
    }
    Promise<List<RegistrationInfo>> registrations = Promise.promise();
    manager.getRegistrations(Addresses.ANSWERS, registrations);
    registrations.future().onComplete(ar -> {
      if (ar.failed()) {
        promise.complete(Status.KO(new JsonObject().put("reason", "cannot read the cluster's registrations: "
            + ar.cause())));
        return;
      }
      long nodes = ar.result().stream().filter(r -> !r.localOnly()).map(RegistrationInfo::nodeId).distinct().count();
      promise.complete(nodes > 0 ? Status.OK(new JsonObject().put("nodes", nodes))
          : Status.KO(new JsonObject().put("reason", NO_SECURITY_NODE)));
    });
  }
}
