package io.bastion.node.metrics;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.EnumSet;

/**
 * The metrics of a node: one Prometheus registry per JVM, given to vertx-micrometer-metrics for Vert.x's own meters
 * and added to Micrometer's global composite ({@link Metrics#globalRegistry}), where Bastion's code registers its
 * meters (so they need no reference to the node's wiring). The management server scrapes it ({@code GET /metrics}).
 *
 * <p>Labels are chosen so that no series grows with users: no event-bus address (reports and sessions are published
 * on per-assessment and per-account addresses), no HTTP path, no remote address.
 */
public final class NodeMetrics {

  /** Vert.x's labels that stay bounded whatever the traffic. */
  static final EnumSet<Label> LABELS = EnumSet.of(Label.EB_SIDE, Label.EB_FAILURE, Label.HTTP_METHOD,
      Label.HTTP_CODE, Label.POOL_TYPE, Label.POOL_NAME, Label.NAMESPACE);

  private static final PrometheusMeterRegistry REGISTRY = create();

  private NodeMetrics() {
  }

  private static PrometheusMeterRegistry create() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Metrics.globalRegistry.add(registry);
    return registry;
  }

  /** The registry of this JVM, with Vert.x's meters (when Vert.x was built by {@link #builder}) and Bastion's. */
  public static PrometheusMeterRegistry registry() {
    return REGISTRY;
  }

  /** The options that turn Vert.x's metrics on; {@link #builder} applies them. */
  public static MicrometerMetricsOptions options() {
    return new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setLabels(LABELS)
        // Bastion sends no datagrams; every other domain (HTTP, event bus, pools, verticles) is kept.
        .addDisabledMetricsCategory(MetricsDomain.DATAGRAM_SOCKET);
  }

  /** A Vert.x builder whose Vert.x reports its meters to {@link #registry()}. */
  public static VertxBuilder builder(VertxOptions options) {
    return Vertx.builder().with(options.setMetricsOptions(options()))
        .withMetrics(new MicrometerMetricsFactory(REGISTRY));
  }

  /** Prometheus text of every meter of this JVM. */
  public static String scrape() {
    return REGISTRY.scrape();
  }
}
