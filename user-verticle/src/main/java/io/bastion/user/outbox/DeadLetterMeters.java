package io.bastion.user.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The dead-letter meters of this JVM, on Micrometer's global registry: {@code bastion.dead.letters} (rows in
 * dead_letters, as last counted by a relay's periodic query), {@code bastion.dead.letters.moved} (events this node
 * gave up on) and {@code bastion.dead.letters.replayed} (replayed events this node then delivered to a kept report).
 */
public final class DeadLetterMeters {

  private static final AtomicLong DEAD = new AtomicLong();

  static {
    Gauge.builder("bastion.dead.letters", DEAD, AtomicLong::get)
        .description("AnswerEvents in the dead-letter table (refreshed periodically)")
        .register(Metrics.globalRegistry);
  }

  static final Counter MOVED = Counter.builder("bastion.dead.letters.moved")
      .description("AnswerEvents this node moved from the outbox to dead letters")
      .register(Metrics.globalRegistry);

  static final Counter REPLAYED = Counter.builder("bastion.dead.letters.replayed")
      .description("replayed AnswerEvents this node delivered to a kept report")
      .register(Metrics.globalRegistry);

  private DeadLetterMeters() {
  }

  /**
   * Called at node start, so that the meters are on /metrics (zero until counted) from the start rather than from
   * the first successful count of the table.
   */
  public static void register() {
    // Loading the class registered them.
  }

  static void count(long rows) {
    DEAD.set(rows);
  }

  public static long dead() {
    return DEAD.get();
  }
}
