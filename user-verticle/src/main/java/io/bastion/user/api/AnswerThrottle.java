package io.bastion.user.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.bastion.user.error.ApiException;
import io.bastion.user.error.ErrorCode;
import io.bastion.user.metrics.UserMeters;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * Answers per account, a token bucket per account in this node's memory: {@code perMinute} answers at once, then
 * {@code perMinute} a minute. In memory rather than in PostgreSQL (auth/RateLimiter) because an answer is a single
 * database round trip and a counter would add a second one to the hottest path; the cost is that the limit holds
 * per user node (N nodes allow N times as many), which for a bound against flooding is enough. Used from the
 * verticle's event loop only; an account idle for a minute is forgotten (its bucket would be full again).
 */
final class AnswerThrottle {

  private static final int MAX_ACCOUNTS = 100_000;

  private final double capacity;
  private final double perNano;
  /** What is counted, in the refusal ("answers"), and the refusal's meter tag. */
  private final String what;
  private final String meter;
  /** A bucket untouched for a minute is full again: forgetting it then changes nothing. */
  private final Cache<UUID, double[]> buckets = Caffeine.newBuilder()
      .maximumSize(MAX_ACCOUNTS)
      .expireAfterAccess(Duration.ofMinutes(1))
      .executor(Runnable::run) // upkeep on the calling thread, not the common pool
      .build();

  AnswerThrottle(int perMinute) {
    this(perMinute, "answers", "answers-per-account");
  }

  /** The same bucket for another request per account (what-if computations). */
  AnswerThrottle(int perMinute, String what, String meter) {
    this.capacity = perMinute;
    this.perNano = perMinute / 60e9;
    this.what = what;
    this.meter = meter;
  }

  /** Takes one answer from the account's bucket, or fails with RATE_LIMITED and the seconds until the next. */
  void take(UUID accountId) {
    take(accountId, System.nanoTime());
  }

  void take(UUID accountId, long now) {
    double[] bucket = buckets.get(accountId, id -> new double[] {capacity, now});
    double tokens = Math.min(capacity, bucket[0] + (now - bucket[1]) * perNano);
    bucket[1] = now;
    if (tokens < 1) {
      bucket[0] = tokens;
      UserMeters.refused(meter);
      long retryAfter = Math.max(1, (long) Math.ceil((1 - tokens) / perNano / 1e9));
      throw new ApiException(ErrorCode.RATE_LIMITED, "too many " + what + ": try again in " + retryAfter + " seconds",
          Map.of("retryAfterSeconds", retryAfter));
    }
    bucket[0] = tokens - 1;
  }
}
