package io.bastion.user.auth;

import io.bastion.user.audit.AuditEvent;
import io.bastion.user.audit.AuditKind;
import io.bastion.user.audit.AuditLog;
import io.bastion.user.db.Sql;
import io.bastion.user.error.ApiException;
import io.bastion.user.error.Reason;
import io.bastion.user.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.otp.OtpKey;
import io.vertx.ext.auth.otp.OtpKeyGenerator;
import io.vertx.ext.auth.otp.totp.TotpAuth;
import io.vertx.ext.auth.otp.totp.TotpAuthOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Two-step verification with a TOTP app: enrol (a pending secret, shown as a QR code and as text), confirm with a
 * code (then ten recovery codes, shown once), turn off with a fresh code; and the login step after the password.
 * vertx-auth-otp makes the key and the otpauth URI; codes are checked by {@link Totp}, with the last used step in
 * the database so that a code works once.
 */
public final class TwoStep implements LogInGate {

  static final String ISSUER = "Bastion";
  static final Duration PENDING_LOGIN = Duration.ofMinutes(5);
  static final int PENDING_TRIES = 5;

  /** What the page shows to enrol: the base32 secret and the otpauth URI of the QR code. */
  public record Enrolment(String secret, String uri) {
  }

  private final Pool pool;
  private final Sessions sessions;
  private final RateLimiter limiter;
  private final AuthLimits limits;
  private final SecurityNotices notices;
  private final AuditLog audit;
  private final TotpAuth uris = TotpAuth.create(new TotpAuthOptions());

  /** {@code audit}: where wrong codes at the login's second step are recorded. */
  public TwoStep(Pool pool, Sessions sessions, RateLimiter limiter, AuthLimits limits, SecurityNotices notices,
      AuditLog audit) {
    this.audit = audit;
    this.pool = pool;
    this.sessions = sessions;
    this.limiter = limiter;
    this.limits = limits;
    this.notices = notices;
  }

  /** Whether the account asks for a code after the password. */
  public Future<Boolean> enabled(UUID accountId) {
    return factor(accountId).map(f -> f != null && f.confirmed());
  }

  /** A new secret, pending until {@link #confirm}; refused while two-step verification is on. */
  public Future<Enrolment> start(Caller.Authenticated caller) {
    OtpKey key = OtpKeyGenerator.create().generate();
    return pool.preparedQuery(Sql.START_TOTP).execute(Tuple.of(caller.accountId(), key.getKey()))
        .compose(rows -> rows.rowCount() == 0
            ? Future.failedFuture(ApiException.invalid(Reason.TWO_STEP_ALREADY_ON,
                "two-step verification is already on: turn it off first"))
            : Future.succeededFuture(new Enrolment(key.getKey(),
                uris.generateUri(key, ISSUER, caller.account().email()))));
  }

  /** Turns two-step verification on with a code of the pending secret; returns the recovery codes (shown once). */
  public Future<List<String>> confirm(Caller.Authenticated caller, String code) {
    UUID id = caller.accountId();
    return limiter.hit(limits.passwordChecksPerAccount(), id.toString())
        .compose(v -> factor(id))
        .compose(f -> {
          if (f == null || f.confirmed()) {
            return Future.failedFuture(ApiException.invalid(Reason.TWO_STEP_NOT_STARTED, "start two-step verification first"));
          }
          OptionalLong step = Totp.verify(f.key(), code, Instant.now(), f.lastStep());
          if (step.isEmpty()) {
            return Future.failedFuture(badCode());
          }
          List<String> codes = RecoveryCodes.generate();
          return pool.withTransaction(tx -> tx.preparedQuery(Sql.CONFIRM_TOTP).execute(Tuple.of(id, step.getAsLong()))
              .compose(rows -> rows.rowCount() == 0 ? Future.failedFuture(badCode())
                  : replaceRecoveryCodes(tx, id, codes)))
              .map(v -> codes);
        })
        .onSuccess(codes -> notices.secondFactorEnabled(caller.account()));
  }

  /** Turns two-step verification off; needs a fresh code (or a recovery code). */
  public Future<Boolean> disable(Caller.Authenticated caller, String code) {
    UUID id = caller.accountId();
    return limiter.hit(limits.passwordChecksPerAccount(), id.toString())
        .compose(v -> acceptCode(id, code))
        .compose(ok -> ok ? Future.<Void>succeededFuture() : Future.failedFuture(badCode()))
        .compose(v -> pool.withTransaction(tx -> tx.preparedQuery(Sql.DELETE_TOTP).execute(Tuple.of(id))
            .compose(r -> tx.preparedQuery(Sql.DELETE_RECOVERY_CODES).execute(Tuple.of(id)))))
        .map(r -> true)
        .onSuccess(v -> notices.secondFactorDisabled(caller.account()));
  }

  /** After a right password: a session, or SECOND_FACTOR_REQUIRED with a pending-login token. */
  @Override
  public Future<Session> passwordAccepted(Account account, LoginClient client) {
    return enabled(account.id()).compose(on -> {
      if (!on) {
        return sessions.open(account, client.address(), client.userAgent());
      }
      String token = ResetTokens.newToken();
      return pool.preparedQuery(Sql.INSERT_PENDING_LOGIN)
          .execute(Tuple.of(ResetTokens.hash(token), account.id(), (double) PENDING_LOGIN.toSeconds()))
          .compose(v -> Future.failedFuture(new ApiException(ErrorCode.SECOND_FACTOR_REQUIRED,
              "enter the code from your authenticator app (or a recovery code)",
              Map.of("secondFactorToken", token, "expiresInSeconds", PENDING_LOGIN.toSeconds()))));
    });
  }

  /** The second step of a login: the pending-login token and a one-time or recovery code open the session. */
  public Future<Session> completeLogIn(String token, String code, LoginClient client) {
    if (token == null || token.length() > 100) {
      return Future.failedFuture(loginExpired());
    }
    String hash = ResetTokens.hash(token);
    return pool.preparedQuery(Sql.TRY_PENDING_LOGIN).execute(Tuple.of(hash, PENDING_TRIES))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(loginExpired());
          }
          UUID accountId = rows.iterator().next().getUUID("account_id");
          // Wrong codes are also counted per account, whichever address and pending login they come from.
          String subject = "second-factor|" + accountId;
          return limiter.check(limits.passwordChecksPerAccount(), subject)
              .compose(v -> acceptCode(accountId, code))
              .compose(ok -> ok ? Future.succeededFuture(accountId)
                  : audit.record(new AuditEvent(AuditKind.LOG_IN_FAILED, accountId, null, client.address(), null,
                      accountId.toString(), new JsonObject().put("step", "second-factor")))
                      .compose(r -> limiter.hit(limits.passwordChecksPerAccount(), subject))
                      .<UUID>transform(ar -> Future.failedFuture(wrongCode())));
        })
        .compose(accountId -> pool.preparedQuery(Sql.END_PENDING_LOGIN).execute(Tuple.of(hash))
            .compose(v -> pool.preparedQuery(Sql.ACCOUNT_BY_ID).execute(Tuple.of(accountId))))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(loginExpired())
            : sessions.open(Account.from(rows.iterator().next()), client.address(), client.userAgent()));
  }

  /** A TOTP code of a step not used yet, or an unused recovery code; either is spent by this call. */
  private Future<Boolean> acceptCode(UUID accountId, String code) {
    if (code == null || code.length() > 64) {
      return Future.succeededFuture(false);
    }
    if (RecoveryCodes.looksLikeOne(code)) {
      return pool.preparedQuery(Sql.USE_RECOVERY_CODE).execute(Tuple.of(accountId, RecoveryCodes.hash(code)))
          .map(rows -> rows.rowCount() == 1);
    }
    return factor(accountId).compose(f -> {
      if (f == null || !f.confirmed()) {
        return Future.succeededFuture(false);
      }
      OptionalLong step = Totp.verify(f.key(), code.strip(), Instant.now(), f.lastStep());
      if (step.isEmpty()) {
        return Future.succeededFuture(false);
      }
      // The update is the replay check: a step another request (or node) used first moves no row.
      return pool.preparedQuery(Sql.USE_TOTP_STEP).execute(Tuple.of(accountId, step.getAsLong()))
          .map(rows -> rows.rowCount() == 1);
    });
  }

  private static Future<Void> replaceRecoveryCodes(SqlClient tx, UUID accountId, List<String> codes) {
    return tx.preparedQuery(Sql.DELETE_RECOVERY_CODES).execute(Tuple.of(accountId))
        .compose(v -> tx.preparedQuery(Sql.INSERT_RECOVERY_CODE).executeBatch(codes.stream()
            .map(c -> Tuple.of(accountId, RecoveryCodes.hash(c))).toList()))
        .mapEmpty();
  }

  private record Factor(byte[] key, boolean confirmed, long lastStep) {
  }

  private Future<Factor> factor(UUID accountId) {
    return pool.preparedQuery(Sql.TOTP_FACTOR).execute(Tuple.of(accountId)).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row row = rows.iterator().next();
      return new Factor(new OtpKey().setKey(row.getString("secret")).getKeyBytes(), row.getBoolean("confirmed"),
          row.getLong("last_step"));
    });
  }

  /** For a signed-in caller: the session stays, the code is simply wrong. */
  private static ApiException badCode() {
    return ApiException.invalid(Reason.WRONG_CODE, "wrong or already used code");
  }

  private static ApiException wrongCode() {
    return ApiException.unauthenticated("wrong or already used code");
  }

  private static ApiException loginExpired() {
    return ApiException.of(Reason.LOGIN_EXPIRED, "this login has expired or had too many wrong codes: log in again");
  }
}
