package io.bastion.node.health;

import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;

/**
 * A node's readiness probe (vertx-health-check): the checks every node has, to which each kind of node adds its
 * own. {@code node} is UP once the main verticle has started (its data names the node, so that whoever probes a
 * port knows who answered); {@code cluster} is UP while this node is a member of the cluster. A node answers
 * {@code /health} with 200 when every check is UP and 503 otherwise.
 *
 * <p>Two sets: {@link #checks()}, everything (what {@code /health} reports), and {@link #self()}, the node's own
 * state without the checks that depend on other nodes ({@link #dependency}), served as {@code /health/self}. The
 * mesh starter waits on the latter: the first user node must be ready before any security node exists. A third,
 * {@link #serving()} (started, in the cluster), is {@code /health/serving}, for load balancers.
 */
public final class Readiness {

  /** How long one check may take before it counts as DOWN. */
  public static final long CHECK_TIMEOUT_MS = 2_000;

  private final Vertx vertx;
  private final String nodeName;
  private final HealthChecks checks;
  private final HealthChecks self;
  private final HealthChecks serving;
  private volatile boolean started;

  public Readiness(Vertx vertx, String nodeName) {
    this.vertx = vertx;
    this.nodeName = nodeName;
    this.checks = HealthChecks.create(vertx);
    this.self = HealthChecks.create(vertx);
    this.serving = HealthChecks.create(vertx);
    check("node", this::checkStarted);
    check("cluster", this::checkCluster);
    serving.register("node", CHECK_TIMEOUT_MS, this::checkStarted);
    serving.register("cluster", CHECK_TIMEOUT_MS, this::checkCluster);
  }

  /** Adds a check of this kind of node, on its own state. */
  public Readiness check(String id, Handler<Promise<Status>> procedure) {
    checks.register(id, CHECK_TIMEOUT_MS, procedure);
    self.register(id, CHECK_TIMEOUT_MS, procedure);
    return this;
  }

  /** Adds a check on other nodes this node needs to do its whole job: in {@link #checks()} only. */
  public Readiness dependency(String id, Handler<Promise<Status>> procedure) {
    checks.register(id, CHECK_TIMEOUT_MS, procedure);
    return this;
  }

  /** The main verticle has started: from now on {@code node} is UP. */
  public void started() {
    started = true;
  }

  /** Every check: is the node ready to do its whole job. */
  public HealthChecks checks() {
    return checks;
  }

  /** The checks on the node's own state only (started, in the cluster, its database). */
  public HealthChecks self() {
    return self;
  }

  /**
   * Started and in the cluster, nothing else: what a load balancer routes users on. Not the database: during a
   * database outage every user node is equally without it, and a node in rotation answers UNAVAILABLE, which the page
   * turns into "the service is unavailable, retrying" and keeps the user's answers; a node out of rotation leaves
   * the browser a 502/503 from the load balancer, and non-browser clients no retryable code.
   */
  public HealthChecks serving() {
    return serving;
  }

  private void checkStarted(Promise<Status> promise) {
    promise.complete(new Status().setOk(started).setData(new JsonObject().put("name", nodeName)));
  }

  private void checkCluster(Promise<Status> promise) {
    ClusterManager manager = vertx.isClustered() ? ((VertxInternal) vertx).clusterManager() : null;
    if (manager == null) {
      promise.complete(Status.KO(new JsonObject().put("reason", "not clustered")));
      return;
    }
    String self = manager.getNodeId();
    boolean member = self != null && manager.getNodes().contains(self);
    promise.complete(new Status().setOk(member)
        .setData(new JsonObject().put("members", manager.getNodes().size())));
  }
}
