package io.bastion.user.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bastion.outbox.depth} (rows waiting) and {@code bastion.outbox.oldest.age} (seconds since the oldest was
 * written; 0 when empty), refreshed by a query every few seconds rather than per scrape, so that scrapes cost the
 * database nothing. When the query fails (database down), the last values stay: the database check says why.
 */
public final class OutboxGauges {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxGauges.class);
  static final String QUERY = "SELECT count(*) AS depth, "
      + "coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS oldest FROM outbox";

  private static final AtomicLong DEPTH = new AtomicLong();
  /** Milliseconds, so that one atomic holds it. */
  private static final AtomicLong OLDEST_MS = new AtomicLong();

  static {
    Gauge.builder("bastion.outbox.depth", DEPTH, AtomicLong::get)
        .description("rows in the outbox (answers not yet answered by a stored report)")
        .register(Metrics.globalRegistry);
    Gauge.builder("bastion.outbox.oldest.age", OLDEST_MS, ms -> ms.get() / 1000.0)
        .description("age of the oldest outbox row; 0 when the outbox is empty")
        .baseUnit("seconds")
        .register(Metrics.globalRegistry);
  }

  private final Vertx vertx;
  private final Pool pool;
  private long timer = -1;
  private boolean warned;

  public OutboxGauges(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  /** Refreshes now, then every {@code periodMs}. */
  public void start(long periodMs) {
    refresh();
    timer = vertx.setPeriodic(periodMs, id -> refresh());
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }

  private void refresh() {
    pool.query(QUERY).execute().onComplete(ar -> {
      if (ar.failed()) {
        if (!warned) {
          LOG.warn("outbox gauges not refreshed: {}", ar.cause().toString());
          warned = true;
        }
        return;
      }
      warned = false;
      Row row = ar.result().iterator().next();
      DEPTH.set(row.getLong("depth"));
      OLDEST_MS.set(Math.round(row.getDouble("oldest") * 1000));
    });
  }
}
