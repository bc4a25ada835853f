package io.bastion.user.auth;

import io.bastion.user.db.Sql;
import io.bastion.user.error.ApiException;
import io.bastion.user.error.ErrorCode;
import io.bastion.user.metrics.UserMeters;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.Map;

/**
 * Fixed-window counters in PostgreSQL, so that every user node enforces the same limits. A limited caller gets
 * RATE_LIMITED with the seconds until the window ends; nothing is locked for longer than one window.
 */
public final class RateLimiter {

  /** A limit: at most {@code max} hits per {@code window}. */
  public record Limit(String name, int max, Duration window) {
  }

  private final Pool pool;

  public RateLimiter(Pool pool) {
    this.pool = pool;
  }

  /** Counts a hit and fails with RATE_LIMITED when it is over the limit. */
  public Future<Void> hit(Limit limit, String subject) {
    return pool.preparedQuery(Sql.RATE_HIT).execute(Tuple.of(key(limit, subject), seconds(limit)))
        .compose(rows -> verdict(limit, rows.iterator().next()));
  }

  /** Fails with RATE_LIMITED when the limit is already reached, without counting. */
  public Future<Void> check(Limit limit, String subject) {
    return pool.preparedQuery(Sql.RATE_PEEK).execute(Tuple.of(key(limit, subject), seconds(limit)))
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture()
            : verdict(limit, rows.iterator().next(), limit.max()));
  }

  private static Future<Void> verdict(Limit limit, Row row) {
    return verdict(limit, row, limit.max() + 1);
  }

  private static Future<Void> verdict(Limit limit, Row row, int refuseFrom) {
    int hits = row.getInteger("hits");
    if (hits < refuseFrom) {
      return Future.succeededFuture();
    }
    UserMeters.refused(limit.name());
    return Future.failedFuture(limited(Math.max(1, (long) Math.ceil(row.getDouble("retry_after")))));
  }

  /** The RATE_LIMITED answer every limit gives, with the seconds until the caller may try again. */
  static ApiException limited(long retryAfter) {
    return new ApiException(ErrorCode.RATE_LIMITED,
        "too many attempts: try again in " + retryAfter + " seconds", Map.of("retryAfterSeconds", retryAfter));
  }

  private static String key(Limit limit, String subject) {
    return limit.name() + ":" + subject;
  }

  private static double seconds(Limit limit) {
    return limit.window().toMillis() / 1000.0;
  }
}
