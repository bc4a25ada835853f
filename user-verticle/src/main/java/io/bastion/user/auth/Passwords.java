package io.bastion.user.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The passwords of accounts: the policy a new one must meet, and hashing and checking, which are slow on purpose
 * and therefore always run on worker threads.
 */
public final class Passwords {

  /** Longer inputs are refused before hashing (PBKDF2's cost grows with them). */
  static final int MAX_INPUT = 1024;

  private final Vertx vertx;
  private final PasswordHasher hasher;
  private final PasswordPolicy policy;

  public Passwords(Vertx vertx, PasswordHasher hasher, PasswordPolicy policy) {
    this.vertx = vertx;
    this.hasher = hasher;
    this.policy = policy;
  }

  /** Throws WEAK_PASSWORD with the reason when the policy refuses the new password; returns quietly otherwise. */
  public void check(String password, String email) {
    policy.check(password, email);
  }

  public Future<String> hash(String password) {
    return vertx.executeBlocking(() -> hasher.hash(password), false);
  }

  /** Whether the password matches the stored hash; a null hash (no such account) takes as long and fails. */
  public Future<Boolean> matches(String password, String stored) {
    return vertx.executeBlocking(() -> hasher.verify(password, stored), false);
  }
}
