package io.bastion.user.auth;

import io.bastion.user.db.Sql;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Lock-out by browser (OWASP device cookies), kept in PostgreSQL so every node agrees. Failures count per email and
 * per <em>device</em>: the nonce of a valid device cookie, or {@link #UNTRUSTED} for every browser without one.
 * Within {@link Policy#window}: after {@link Policy#delayAfter} failures each further attempt must wait twice as long
 * as the one before (2 s, 4 s, 8 s... since the last failure, capped at the window); after {@link Policy#maxFailures}
 * the device is locked out until enough failures leave the window. An attacker without the owner's cookie only ever
 * fills the untrusted count, so the owner's known browsers still log in.
 *
 * <p>The answer is RATE_LIMITED with retryAfterSeconds, like every rate limit, and is checked before the password:
 * it says nothing about the password, and as failures count by email, unknown emails lock out like known ones.
 */
public final class LoginLockout {

  public static final String UNTRUSTED = "";

  /** {@code maxFailures} and {@code window} from auth.limit.login-failures-per-email, {@code delayAfter} from auth.lockout.delay-after. */
  public record Policy(int delayAfter, int maxFailures, Duration window) {
  }

  private final Pool pool;
  private final Policy policy;

  public LoginLockout(Pool pool, Policy policy) {
    this.pool = pool;
    this.policy = policy;
  }

  public Policy policy() {
    return policy;
  }

  /** Fails with RATE_LIMITED while this device must wait or is locked out of this email. */
  public Future<Void> check(String email, String device) {
    return recent(email, device).compose(ages -> {
      long wait = waitSeconds(ages);
      return wait > 0 ? Future.failedFuture(RateLimiter.limited(wait)) : Future.succeededFuture();
    });
  }

  /**
   * Records a failure; true when it is the one that locks untrusted browsers out of this email (the start of an
   * episode, to be told to the owner once).
   */
  public Future<Boolean> recordFailure(String email, String device) {
    return pool.preparedQuery(Sql.INSERT_LOGIN_FAILURE).execute(Tuple.of(email, device))
        .compose(v -> recent(email, device))
        .map(ages -> UNTRUSTED.equals(device) && ages.size() == policy.maxFailures());
  }

  /** True once per episode: when no attack mail went to the account within the window. */
  public Future<Boolean> firstNotice(UUID accountId) {
    return pool.preparedQuery(Sql.LOCKOUT_NOTICE).execute(Tuple.of(accountId, seconds()))
        .map(rows -> rows.size() > 0);
  }

  /** Ages in seconds of the device's failures within the window, newest first, at most maxFailures of them. */
  private Future<List<Double>> recent(String email, String device) {
    return pool.preparedQuery(Sql.RECENT_LOGIN_FAILURES)
        .execute(Tuple.of(email, device, seconds(), policy.maxFailures()))
        .map(LoginLockout::ages);
  }

  private static List<Double> ages(RowSet<Row> rows) {
    List<Double> ages = new ArrayList<>();
    rows.forEach(r -> ages.add(r.getDouble("age")));
    return ages;
  }

  /** Seconds until the device may try again; 0 when it may now. */
  long waitSeconds(List<Double> agesNewestFirst) {
    int failures = agesNewestFirst.size();
    double window = seconds();
    if (failures >= policy.maxFailures()) {
      // Locked out until the oldest of the last maxFailures failures leaves the window.
      return Math.max(1, (long) Math.ceil(window - agesNewestFirst.get(policy.maxFailures() - 1)));
    }
    if (failures <= policy.delayAfter()) {
      return 0;
    }
    double delay = Math.min(window, Math.pow(2, failures - policy.delayAfter()));
    double wait = delay - agesNewestFirst.get(0);
    return wait > 0 ? Math.max(1, (long) Math.ceil(wait)) : 0;
  }

  private double seconds() {
    return policy.window().toMillis() / 1000.0;
  }
}
