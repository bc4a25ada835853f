package io.bastion.user.auth;

import io.bastion.catalogue.Language;
import io.bastion.user.audit.AuditEvent;
import io.bastion.user.audit.AuditKind;
import io.bastion.user.audit.AuditLog;
import io.bastion.user.db.Sql;
import io.bastion.user.error.ApiException;
import io.bastion.user.error.ErrorCode;
import io.bastion.user.error.Reason;
import io.bastion.user.organisation.Memberships;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import java.util.UUID;

/** Accounts: sign up, log in, change the password, delete the account. Each rate limited (see {@link AuthLimits}). */
public final class Accounts {

  private final Pool pool;
  private final Passwords passwords;
  private final Sessions sessions;
  private final RateLimiter limiter;
  private final AuthLimits limits;
  private final LoginLockout lockout;
  private final DeviceCookies devices;
  private final SecurityMails mails;
  private final LogInGate afterPassword;
  private final AuditLog audit;

  /**
   * @param guards        what protects the log-in: lock-out by browser, device cookies, the owner's security mails
   * @param afterPassword what a right password gives: a session, or a second step ({@link TwoStep})
   * @param audit         where failed log-ins to an account (without the answer waiting) and account deletions
   *                      are recorded
   */
  public Accounts(Pool pool, Passwords passwords, Sessions sessions, RateLimiter limiter, AuthLimits limits,
      LogInGuards guards, LogInGate afterPassword, AuditLog audit) {
    this.afterPassword = afterPassword;
    this.audit = audit;
    this.pool = pool;
    this.passwords = passwords;
    this.sessions = sessions;
    this.limiter = limiter;
    this.limits = limits;
    this.lockout = guards.lockout();
    this.devices = guards.devices();
    this.mails = guards.mails();
  }

  /** A new account with a first session; the email and password are checked before anything is counted. */
  public Future<Session> signUp(String rawEmail, String password, String ip) {
    return signUp(rawEmail, password, LoginClient.from(ip));
  }

  /** As {@link #signUp(String, String, String)}, remembering the browser for the account's session list. */
  public Future<Session> signUp(String rawEmail, String password, LoginClient client) {
    return signUp(rawEmail, password, client, null);
  }

  /**
   * As {@link #signUp(String, String, LoginClient)}, with the account's language: the one the page asked in (null:
   * none chosen, English mail).
   */
  public Future<Session> signUp(String rawEmail, String password, LoginClient client, Language language) {
    String ip = client.address();
    String email;
    try {
      email = Emails.forSignUp(rawEmail);
      passwords.check(password, email);
    } catch (ApiException e) {
      return Future.failedFuture(e);
    }
    return limiter.hit(limits.signUpPerAddress(), ip)
        .compose(v -> passwords.hash(password))
        .compose(hash -> pool.preparedQuery(Sql.INSERT_ACCOUNT).execute(Tuple.of(UUID.randomUUID(), email, hash,
            language == null ? null : language.code())))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(new ApiException(ErrorCode.EMAIL_TAKEN,
                "an account with this email already exists: log in instead"));
          }
          return sessions.open(Account.from(rows.iterator().next()), ip, client.userAgent());
        });
  }

  public Future<Session> logIn(String rawEmail, String password, String ip) {
    return logIn(rawEmail, password, LoginClient.from(ip));
  }

  /**
   * Rate limited per address (every attempt, against spraying many accounts) and locked out by browser (see
   * {@link LoginLockout}): a browser with a valid device cookie for this account counts only its own failures, every
   * other browser shares the account's untrusted count and, besides, a per-address count. So failures from anywhere
   * else never keep the owner out of a browser that logged in before. The owner gets a mail when untrusted browsers
   * are first locked out, and after a log-in from a browser without the account's device cookie.
   */
  public Future<Session> logIn(String rawEmail, String password, LoginClient client) {
    String email = Emails.forLookup(rawEmail);
    if (!Emails.isPlausible(email) || password == null || password.length() > Passwords.MAX_INPUT) {
      return Future.failedFuture(wrongCredentials());
    }
    String pair = email + "|" + client.address();
    return limiter.hit(limits.logInPerAddress(), client.address())
        .compose(v -> pool.preparedQuery(Sql.ACCOUNT_BY_EMAIL).execute(Tuple.of(email)))
        .compose(rows -> {
          Row row = rows.size() == 0 ? null : rows.iterator().next();
          Account account = row == null ? null : Account.from(row);
          String device = account == null ? LoginLockout.UNTRUSTED
              : devices.trustedNonce(client.deviceCookie(), account.id()).orElse(LoginLockout.UNTRUSTED);
          boolean trusted = !device.isEmpty();
          Future<Void> allowed = trusted ? Future.succeededFuture()
              : limiter.check(limits.logInFailuresPerEmailAndAddress(), pair);
          String stored = row == null ? null : row.getString("password_hash");
          // Checked even without an account, so that timing does not tell which emails exist.
          return allowed.compose(v -> lockout.check(email, device))
              .compose(v -> passwords.matches(password, stored))
              .compose(ok -> ok ? loggedIn(account, client, trusted)
                  : failedLogIn(email, pair, device, account, client));
        });
  }

  private Future<Session> loggedIn(Account account, LoginClient client, boolean trusted) {
    return afterPassword.passwordAccepted(account, client).onSuccess(s -> {
      if (!trusted) {
        mails.newDevice(account, Browsers.name(client.userAgent(), account.mailLanguage()),
            String.valueOf(client.address()));
      }
    });
  }

  private Future<Session> failedLogIn(String email, String pair, String device, Account account,
      LoginClient client) {
    // A wrong password for an existing account goes in that account's audit chain; one for an unknown email does
    // not (no chain to put it in; the rate limiter counts it). The answer does not wait for the entry (a committed
    // INSERT behind the chain's lock): waiting only when the account exists would tell by timing which emails do.
    if (account != null) {
      audit.record(new AuditEvent(AuditKind.LOG_IN_FAILED, account.id(), account.email(), client.address(), null,
          account.id().toString(), new JsonObject().put("step", "password")));
    }
    Future<Void> counted = device.isEmpty()
        ? limiter.hit(limits.logInFailuresPerEmailAndAddress(), pair).transform(ar -> Future.<Void>succeededFuture())
        : Future.<Void>succeededFuture();
    return counted
        .compose(v -> lockout.recordFailure(email, device))
        .compose(startsLockout -> startsLockout && account != null ? lockout.firstNotice(account.id())
            : Future.succeededFuture(false))
        .onSuccess(notify -> {
          if (notify) {
            mails.accountUnderAttack(account);
          }
        })
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
          mails.passwordChanged(caller.account());
          return true;
        });
  }

  /**
   * Sets the account's language (its mails' and the page's): exactly one of the codes we speak ("en", "de"), else
   * INVALID_INPUT with reason UNKNOWN_LANGUAGE. Not audited: a preference, not a security event.
   */
  public Future<Account> setLanguage(Caller.Authenticated caller, String code) {
    Language language = null;
    for (Language l : Language.values()) {
      if (l.code().equals(code)) {
        language = l;
      }
    }
    if (language == null) {
      return Future.failedFuture(ApiException.invalid(Reason.UNKNOWN_LANGUAGE, "unknown language: use one of "
          + Language.codes(), Map.of("languages", Language.codes())));
    }
    return pool.preparedQuery(Sql.SET_ACCOUNT_LANGUAGE).execute(Tuple.of(caller.accountId(), language.code()))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(ApiException.unauthenticated("no such account"))
            : Future.succeededFuture(Account.from(rows.iterator().next())));
  }

  /** Needs the password; removes the account and, by cascade, its sessions, assessments, answers and reports. */
  public Future<Boolean> deleteAccount(Caller.Authenticated caller, String password) {
    return deleteAccount(caller, password, null);
  }

  /**
   * As {@link #deleteAccount(Caller.Authenticated, String)}, from the client at {@code address}. In the same
   * transaction the deletion is audited and the account's audit entries (which stay) get a pseudonym for its email.
   * CONFLICT while it is the last OWNER of an organisation with other members (checked in that transaction too, with
   * the memberships locked: two owners deleting their accounts at once cannot both pass).
   */
  public Future<Boolean> deleteAccount(Caller.Authenticated caller, String password, String address) {
    UUID id = caller.accountId();
    AuditEvent deleted = new AuditEvent(AuditKind.ACCOUNT_DELETED, id, caller.account().email(), address, null,
        id.toString(), new JsonObject());
    return limiter.hit(limits.passwordChecksPerAccount(), id.toString())
        .compose(v -> verifyPassword(id, password))
        .compose(v -> pool.withTransaction(tx -> Memberships.requireDeletable(tx, id)
            .compose(ok -> tx.preparedQuery(Sql.DELETE_ACCOUNT).execute(Tuple.of(id)))
            .compose(r -> r.rowCount() == 0 ? Future.succeededFuture(r)
                : audit.record(tx, deleted).compose(a -> audit.pseudonymise(tx, id)).map(r))))
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
