package io.bastion.user.auth;

import io.bastion.node.Settings;
import java.time.Duration;

/**
 * The rate limits of the account operations. Settings {@code auth.limit.*} give the counts (the defaults in
 * {@code conf/bastion.json} suit people; a load test signing up thousands of accounts from one address raises
 * them); the windows are fixed.
 */
public record AuthLimits(
    RateLimiter.Limit logInPerAddress,
    RateLimiter.Limit logInFailuresPerEmailAndAddress,
    RateLimiter.Limit logInFailuresPerEmail,
    RateLimiter.Limit signUpPerAddress,
    RateLimiter.Limit resetPerAddress,
    RateLimiter.Limit resetPerEmail,
    RateLimiter.Limit passwordChecksPerAccount) {

  public static AuthLimits from(Settings s) {
    Duration quarter = Duration.ofMinutes(15);
    Duration hour = Duration.ofHours(1);
    return new AuthLimits(
        new RateLimiter.Limit("login-ip", count(s, "auth.limit.login-per-ip"), quarter),
        new RateLimiter.Limit("login-fail-pair", count(s, "auth.limit.login-failures-per-email-and-ip"), quarter),
        new RateLimiter.Limit("login-fail-email", count(s, "auth.limit.login-failures-per-email"), quarter),
        new RateLimiter.Limit("signup-ip", count(s, "auth.limit.signup-per-ip"), hour),
        new RateLimiter.Limit("reset-ip", count(s, "auth.limit.reset-per-ip"), hour),
        new RateLimiter.Limit("reset-email-ip", count(s, "auth.limit.reset-per-email"), hour),
        new RateLimiter.Limit("password-check", count(s, "auth.limit.password-checks"), quarter));
  }

  private static int count(Settings s, String key) {
    return s.integer(key, 1, Integer.MAX_VALUE);
  }
}
