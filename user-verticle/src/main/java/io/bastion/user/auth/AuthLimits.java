package io.bastion.user.auth;

import io.bastion.node.Settings;
import java.time.Duration;

/**
 * The rate limits of the account operations. Defaults suit people; settings {@code auth.limit.*} change the counts
 * (a load test signing up thousands of accounts from one address raises them).
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
        new RateLimiter.Limit("login-ip", s.integer("auth.limit.login-per-ip", 60), quarter),
        new RateLimiter.Limit("login-fail-pair", s.integer("auth.limit.login-failures-per-email-and-ip", 5), quarter),
        new RateLimiter.Limit("login-fail-email", s.integer("auth.limit.login-failures-per-email", 50), quarter),
        new RateLimiter.Limit("signup-ip", s.integer("auth.limit.signup-per-ip", 20), hour),
        new RateLimiter.Limit("reset-ip", s.integer("auth.limit.reset-per-ip", 20), hour),
        new RateLimiter.Limit("reset-email", s.integer("auth.limit.reset-per-email", 3), hour),
        new RateLimiter.Limit("password-check", s.integer("auth.limit.password-checks", 10), quarter));
  }
}
