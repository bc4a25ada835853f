package io.bastion.user.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

/**
 * Bastion's meters of a user node, on Micrometer's global registry (the node's Prometheus registry is part of it,
 * see NodeMetrics): registered once per JVM, shared by every verticle instance. The call sites stay one line.
 * The relay's counters are in {@link io.bastion.user.outbox.RelayMetrics}, the outbox gauges in
 * {@link io.bastion.user.outbox.OutboxGauges}.
 */
public final class UserMeters {

  private static final Counter ANSWERS = Counter.builder("bastion.answers.accepted")
      .description("answers written (committed with their outbox row)")
      .register(Metrics.globalRegistry);
  private static final MovingRate ANSWER_RATE = new MovingRate(60);
  /**
   * Answer written to report stored, as a Prometheus histogram (buckets from 5 ms to 5 min) for dashboards and
   * alerts over any window.
   */
  private static final Timer ANSWER_TO_REPORT = Timer.builder("bastion.answer.to.report")
      .description("from an answer written to its report stored")
      .serviceLevelObjectives(Stream.of(5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000,
          120_000, 300_000).map(Duration::ofMillis).toArray(Duration[]::new))
      .register(Metrics.globalRegistry);
  /**
   * The same latency as p50/p99 over the last minute (what {@code ./bastion status} shows). A second meter: the
   * Prometheus registry publishes a timer either as a histogram or with quantiles, not both.
   */
  private static final Timer ANSWER_TO_REPORT_LAST_MINUTE = Timer.builder("bastion.answer.to.report.last.minute")
      .description("from an answer written to its report stored, quantiles over the last minute")
      .publishPercentiles(0.5, 0.99)
      .distributionStatisticExpiry(Duration.ofMinutes(1))
      .distributionStatisticBufferLength(2)
      .register(Metrics.globalRegistry);

  static {
    Gauge.builder("bastion.answers.rate", ANSWER_RATE, MovingRate::perSecond)
        .description("answers accepted per second, over the last minute")
        .register(Metrics.globalRegistry);
  }

  private UserMeters() {
  }

  /** Makes the meters visible on /metrics before their first use. */
  public static void register() {
    // Loading the class registered them.
  }

  public static void answerAccepted() {
    ANSWERS.increment();
    ANSWER_RATE.add(1);
  }

  /** A report was stored for an answer written at {@code answerWritten}. */
  public static void reportStored(Instant answerWritten) {
    Duration latency = Duration.between(answerWritten, Instant.now()).abs();
    ANSWER_TO_REPORT.record(latency);
    ANSWER_TO_REPORT_LAST_MINUTE.record(latency);
  }

  /** A request refused by the limit named {@code limit}. */
  public static void refused(String limit) {
    Counter.builder("bastion.rate.limit.refusals")
        .description("requests refused by a rate limit")
        .tag("limit", limit)
        .register(Metrics.globalRegistry)
        .increment();
  }
}
