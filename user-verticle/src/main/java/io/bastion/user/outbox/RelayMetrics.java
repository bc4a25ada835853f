package io.bastion.user.outbox;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of the outbox relays of this JVM: what was sent, stored, duplicated and retried. Published as
 * Micrometer meters on the global registry ({@code bastion.relay.*}, {@code bastion.reports.*}; the benchmark reads
 * them on each user node's management {@code /metrics}), and shown as data of the management port's {@code /health}
 * {@code relay} check.
 */
public final class RelayMetrics {

  static final AtomicLong CLAIMED = new AtomicLong();
  static final AtomicLong HANDED_OFF = new AtomicLong();
  static final AtomicLong STORED = new AtomicLong();
  static final AtomicLong DUPLICATES = new AtomicLong();
  static final AtomicLong RETRIED = new AtomicLong();
  static final AtomicLong TIMEOUTS = new AtomicLong();
  static final AtomicLong NO_HANDLERS = new AtomicLong();
  static final AtomicLong REFUSED = new AtomicLong();

  static {
    MeterRegistry r = Metrics.globalRegistry;
    FunctionCounter.builder("bastion.relay.sent", HANDED_OFF, x -> sent())
        .description("AnswerEvents sent to a security node (first sends and retries)").register(r);
    FunctionCounter.builder("bastion.relay.retries", RETRIED, AtomicLong::get)
        .description("sends that failed and were put back with a backoff").register(r);
    FunctionCounter.builder("bastion.relay.timeouts", TIMEOUTS, AtomicLong::get)
        .description("sends no security node answered in time").register(r);
    FunctionCounter.builder("bastion.relay.no.security.node", NO_HANDLERS, AtomicLong::get)
        .description("sends that found no security node registered").register(r);
    FunctionCounter.builder("bastion.relay.refused", REFUSED, AtomicLong::get)
        .description("sends a security node answered with a failure (not a timeout, not missing)").register(r);
    Gauge.builder("bastion.relay.in.flight", RelayMetrics::inFlight)
        .description("AnswerEvents sent and not yet answered").register(r);
    FunctionCounter.builder("bastion.reports.stored", STORED, AtomicLong::get)
        .description("reports stored").register(r);
    FunctionCounter.builder("bastion.reports.duplicates", DUPLICATES, AtomicLong::get)
        .description("reports that came back for a version already reported (not stored again)").register(r);
  }

  private RelayMetrics() {
  }

  /** Makes the meters visible on /metrics before the first send. */
  public static void register() {
    // Loading the class registered them.
  }

  private static long sent() {
    return HANDED_OFF.get() + CLAIMED.get();
  }

  /** Every send ends as stored, duplicate or retried (see OutboxRelay#dispatch); the rest is on its way. */
  private static long inFlight() {
    return Math.max(0, sent() - STORED.get() - DUPLICATES.get() - RETRIED.get());
  }

  public static JsonObject snapshot() {
    return new JsonObject()
        .put("handedOff", HANDED_OFF.get())
        .put("claimed", CLAIMED.get())
        .put("stored", STORED.get())
        .put("duplicates", DUPLICATES.get())
        .put("retried", RETRIED.get())
        .put("timeouts", TIMEOUTS.get())
        .put("noSecurityNode", NO_HANDLERS.get())
        .put("refused", REFUSED.get());
  }
}
