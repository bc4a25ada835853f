package io.bastion.user.auth;

import io.bastion.user.db.Sql;
import io.bastion.user.error.ApiException;
import io.bastion.user.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/** Accounts: sign up, log in, change the password, delete the account. Each rate limited (see {@link AuthLimits}). */
public final class Accounts {

  private final Pool pool;
  private final Passwords passwords;
  private final Sessions sessions;
  private final RateLimiter limiter;
  private final AuthLimits limits;
  private final LogInGate afterPassword;

  public Accounts(Pool pool, Passwords passwords, Sessions sessions, RateLimiter limiter, AuthLimits limits) {
    this(pool, passwords, sessions, limiter, limits, sessions::open);
  }

  /** {@code afterPassword} decides what a right password gives: a session, or a second step ({@link TwoStep}). */
  public Accounts(Pool pool, Passwords passwords, Sessions sessions, RateLimiter limiter, AuthLimits limits,
      LogInGate afterPassword) {
    this.afterPassword = afterPassword;
    this.pool = pool;
    this.passwords = passwords;
    this.sessions = sessions;
    this.limiter = limiter;
    this.limits = limits;
  }

  /** A new account with a first session; the email and password are checked before anything is counted. */
  public Future<Session> signUp(String rawEmail, String password, String ip) {
    String email;
    try {
      email = Emails.forSignUp(rawEmail);
      passwords.check(password, email);
    } catch (ApiException e) {
      return Future.failedFuture(e);
    }
    return limiter.hit(limits.signUpPerAddress(), ip)
        .compose(v -> passwords.hash(password))
        .compose(hash -> pool.preparedQuery(Sql.INSERT_ACCOUNT).execute(Tuple.of(UUID.randomUUID(), email, hash)))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(new ApiException(ErrorCode.EMAIL_TAKEN,
                "an account with this email already exists: log in instead"));
          }
          return sessions.open(Account.from(rows.iterator().next()));
        });
  }

  /**
   * Rate limited per address (every attempt) and per email: failures from one address lock that address out of the
   * account for a window, failures from everywhere lock the account for a (longer-to-reach) window; both end on
   * their own, so an attacker cannot keep the real user out for good from a different address.
   */
  public Future<Session> logIn(String rawEmail, String password, String ip) {
    String email = Emails.forLookup(rawEmail);
    if (!Emails.isPlausible(email) || password == null || password.length() > Passwords.MAX_INPUT) {
      return Future.failedFuture(wrongCredentials());
    }
    String pair = email + "|" + ip;
    return limiter.hit(limits.logInPerAddress(), ip)
        .compose(v -> limiter.check(limits.logInFailuresPerEmailAndAddress(), pair))
        .compose(v -> limiter.check(limits.logInFailuresPerEmail(), email))
        .compose(v -> pool.preparedQuery(Sql.ACCOUNT_BY_EMAIL).execute(Tuple.of(email)))
        .compose(rows -> {
          Row row = rows.size() == 0 ? null : rows.iterator().next();
          String stored = row == null ? null : row.getString("password_hash");
          // Checked even without an account, so that timing does not tell which emails exist.
          return passwords.matches(password, stored)
              .compose(ok -> ok ? afterPassword.passwordAccepted(Account.from(row)) : failedLogIn(email, pair));
        });
  }

  private Future<Session> failedLogIn(String email, String pair) {
    return limiter.hit(limits.logInFailuresPerEmailAndAddress(), pair)
        .compose(v -> limiter.hit(limits.logInFailuresPerEmail(), email))
        .transform(ar -> Future.failedFuture(wrongCredentials()));
  }

  /** Needs the current password; the caller's session stays, every other session of the account ends. */
  public Future<Boolean> changePassword(Caller.Authenticated caller, String current, String replacement) {
    try {
      passwords.check(replacement, caller.account().email());
    } catch (ApiException e) {
      return Future.failedFuture(e);
    }
    UUID id = caller.accountId();
    return limiter.hit(limits.passwordChecksPerAccount(), id.toString())
        .compose(v -> verifyPassword(id, current))
        .compose(v -> passwords.hash(replacement))
        .compose(hash -> pool.withTransaction(tx -> tx.preparedQuery(Sql.SET_PASSWORD).execute(Tuple.of(id, hash))
            .compose(r -> sessions.revoke(tx, id, caller.sessionId()))
            .compose(r -> tx.preparedQuery(Sql.RETIRE_RESETS).execute(Tuple.of(id)))))
        .map(r -> {
          sessions.announceEnded(id, caller.sessionId());
          return true;
        });
  }

  /** Needs the password; removes the account and, by cascade, its sessions, assessments, answers and reports. */
  public Future<Boolean> deleteAccount(Caller.Authenticated caller, String password) {
    UUID id = caller.accountId();
    return limiter.hit(limits.passwordChecksPerAccount(), id.toString())
        .compose(v -> verifyPassword(id, password))
        .compose(v -> pool.preparedQuery(Sql.DELETE_ACCOUNT).execute(Tuple.of(id)))
        .map(r -> {
          sessions.announceEnded(id, null);
          return r.rowCount() > 0;
        });
  }

  private Future<Void> verifyPassword(UUID accountId, String password) {
    if (password == null || password.length() > Passwords.MAX_INPUT) {
      return Future.failedFuture(ApiException.unauthenticated("wrong password"));
    }
    return pool.preparedQuery(Sql.ACCOUNT_BY_ID).execute(Tuple.of(accountId))
        .compose(rows -> passwords.matches(password,
            rows.size() == 0 ? null : rows.iterator().next().getString("password_hash")))
        .compose(ok -> ok ? Future.<Void>succeededFuture()
            : Future.failedFuture(ApiException.unauthenticated("wrong password")));
  }

  private static ApiException wrongCredentials() {
    return ApiException.unauthenticated("wrong email or password");
  }
}
