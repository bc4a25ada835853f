package io.bastion.user.auth;

import io.bastion.user.audit.AuditEvent;
import io.bastion.user.audit.AuditKind;
import io.bastion.user.audit.AuditLog;
import io.bastion.user.db.Sql;
import io.bastion.user.error.ApiException;
import io.bastion.user.error.Reason;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Password resets by mail: a single-use link valid for {@link #TTL}; using it sets a new password and ends every
 * session of the account. Only the SHA-256 of a reset token is stored (see {@link ResetTokens}).
 */
public final class PasswordResets {

  public static final Duration TTL = Duration.ofMinutes(30);
  private static final Logger LOG = LoggerFactory.getLogger(PasswordResets.class);

  private final Pool pool;
  private final Passwords passwords;
  private final Sessions sessions;
  private final RateLimiter limiter;
  private final AuthLimits limits;
  private final ResetMail mail;
  private final SecurityMails mails;
  private final AuditLog audit;

  /** {@code audit}: where a password set with a reset link is recorded. */
  public PasswordResets(Pool pool, Passwords passwords, Sessions sessions, RateLimiter limiter, AuthLimits limits,
      ResetMail mail, SecurityMails mails, AuditLog audit) {
    this.audit = audit;
    this.mails = mails;
    this.pool = pool;
    this.passwords = passwords;
    this.sessions = sessions;
    this.limiter = limiter;
    this.limits = limits;
    this.mail = mail;
  }

  /**
   * Mails a reset link when the email has an account. Answers the same way, and about as fast, whether it has one
   * or not: the mail is sent after the reply. Limited per address, and per email <em>from one address</em>: a
   * stranger's requests use up the stranger's counts only, never the owner's (the cost: from many addresses a
   * stranger can send the owner more mails, each limited by the per-address count).
   */
  public Future<Boolean> request(String rawEmail, String ip) {
    String email = Emails.forLookup(rawEmail);
    if (!Emails.isPlausible(email)) {
      return Future.failedFuture(ApiException.invalid(Reason.INVALID_EMAIL, "not a valid email address"));
    }
    return limiter.hit(limits.resetPerAddress(), ip)
        .compose(v -> limiter.hit(limits.resetPerEmail(), email + "|" + ip))
        .compose(v -> pool.preparedQuery(Sql.ACCOUNT_BY_EMAIL).execute(Tuple.of(email)))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(true);
          }
          Account account = Account.from(rows.iterator().next());
          String token = ResetTokens.newToken();
          return pool.preparedQuery(Sql.INSERT_RESET)
              .execute(Tuple.of(ResetTokens.hash(token), account.id(), (double) TTL.toSeconds()))
              .map(v -> {
                mail.send(account, token)
                    .onFailure(e -> LOG.error("could not send the password reset mail: {}", e.toString()));
                return true;
              });
        });
  }

  /** Sets a new password with a reset token (single use) and ends every session of the account. */
  public Future<Boolean> reset(String token, String password, String ip) {
    if (token == null || token.isBlank() || token.length() > 200) {
      return Future.failedFuture(invalidLink());
    }
    String tokenHash = ResetTokens.hash(token.trim());
    return limiter.hit(limits.resetPerAddress(), ip)
        .compose(v -> pool.preparedQuery(Sql.RESET_ACCOUNT).execute(Tuple.of(tokenHash)))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(invalidLink());
          }
          Account account = Account.from(rows.iterator().next());
          try {
            passwords.check(password, account.email());
          } catch (ApiException e) {
            return Future.failedFuture(e);
          }
          return passwords.hash(password)
              .compose(hash -> pool.withTransaction(tx -> tx.preparedQuery(Sql.USE_RESET).execute(Tuple.of(tokenHash))
                  // Single use: of two resets racing with one token, only the first finds it unused.
                  .compose(used -> used.size() == 0 ? Future.failedFuture(invalidLink())
                      : tx.preparedQuery(Sql.SET_PASSWORD).execute(Tuple.of(account.id(), hash)))
                  .compose(r -> sessions.revoke(tx, account.id(), null))
                  .compose(r -> tx.preparedQuery(Sql.RETIRE_RESETS).execute(Tuple.of(account.id())))
                  .compose(r -> audit.record(tx, new AuditEvent(AuditKind.PASSWORD_RESET, account.id(),
                      account.email(), ip, null, account.id().toString(), new JsonObject())))))
              .map(r -> {
                sessions.announceEnded(account.id(), null);
                mails.passwordReset(account);
                return true;
              });
        });
  }

  private static ApiException invalidLink() {
    return ApiException.invalid(Reason.RESET_LINK_INVALID,
        "this reset link is invalid, used or expired: ask for a new one");
  }
}
