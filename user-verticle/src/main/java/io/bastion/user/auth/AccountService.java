package io.bastion.user.auth;

import io.bastion.user.error.ApiException;
import io.bastion.user.error.ErrorCode;
import io.bastion.user.db.Sql;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Accounts and sessions: sign up, log in, log out and turning a token back into an account. A token is an ES256 JWT
 * naming the account and a session row; it is accepted only while that session is live, so logging out or deleting
 * the account stops it at once. Password hashing runs on worker threads.
 */
public final class AccountService {

  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,253}\\.[^@\\s.]{2,63}");
  private static final int MAX_EMAIL = 254;
  private static final String ISSUER = "bastion";

  public static final Duration RESET_TTL = Duration.ofMinutes(30);

  private final Vertx vertx;
  private final Pool pool;
  private final JWTAuth jwt;
  private final PasswordHasher hasher;
  private final PasswordPolicy policy;
  private final Duration sessionTtl;
  private final RateLimiter limiter;
  private final AuthLimits limits;
  private final Mailer mailer;
  private final String publicUrl;
  /** Tokens whose signature was verified, least recently used first out. Used from one event loop. */
  private final Map<String, Claims> verifiedTokens = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Claims> eldest) {
      return size() > 10_000;
    }
  };

  public AccountService(Vertx vertx, Pool pool, JWTAuth jwt, PasswordHasher hasher, PasswordPolicy policy,
      Duration sessionTtl, AuthLimits limits, Mailer mailer, String publicUrl) {
    this.vertx = vertx;
    this.pool = pool;
    this.jwt = jwt;
    this.hasher = hasher;
    this.policy = policy;
    this.sessionTtl = sessionTtl;
    this.limiter = new RateLimiter(pool);
    this.limits = limits;
    this.mailer = mailer;
    this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
  }

  public Future<Session> signUp(String rawEmail, String password, String ip) {
    String email;
    try {
      email = normaliseEmail(rawEmail);
      policy.check(password, email);
    } catch (ApiException e) {
      return Future.failedFuture(e);
    }
    return limiter.hit(limits.signUpPerAddress(), ip)
        .compose(v -> vertx.executeBlocking(() -> hasher.hash(password), false))
        .compose(hash -> pool.preparedQuery(Sql.INSERT_ACCOUNT).execute(Tuple.of(UUID.randomUUID(), email, hash)))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(new ApiException(ErrorCode.EMAIL_TAKEN,
                "an account with this email already exists: log in instead"));
          }
          return openSession(account(rows.iterator().next()));
        });
  }

  /**
   * Rate limited per address (every attempt) and per email: failures from one address lock that address out of the
   * account for a window, failures from everywhere lock the account for a (longer-to-reach) window; both end on
   * their own, so an attacker cannot keep the real user out for good from a different address.
   */
  public Future<Session> logIn(String rawEmail, String password, String ip) {
    String email = rawEmail == null ? "" : rawEmail.trim().toLowerCase(java.util.Locale.ROOT);
    if (email.isEmpty() || email.length() > MAX_EMAIL || password == null || password.length() > 1024) {
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
          // Verified even without an account, so that timing does not tell which emails exist.
          return vertx.executeBlocking(() -> hasher.verify(password, stored), false)
              .compose(ok -> ok ? openSession(account(row)) : failedLogIn(email, pair));
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
      policy.check(replacement, caller.account().email());
    } catch (ApiException e) {
      return Future.failedFuture(e);
    }
    UUID id = caller.accountId();
    return limiter.hit(limits.passwordChecksPerAccount(), id.toString())
        .compose(v -> verifyPassword(id, current))
        .compose(v -> vertx.executeBlocking(() -> hasher.hash(replacement), false))
        .compose(hash -> pool.withTransaction(conn -> conn.preparedQuery(Sql.SET_PASSWORD).execute(Tuple.of(id, hash))
            .compose(r -> conn.preparedQuery(Sql.REVOKE_OTHER_SESSIONS).execute(Tuple.of(id, caller.sessionId())))
            .compose(r -> conn.preparedQuery(Sql.RETIRE_RESETS).execute(Tuple.of(id)))))
        .map(r -> {
          SessionEvents.ended(vertx, id, caller.sessionId());
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
          SessionEvents.ended(vertx, id, null);
          return r.rowCount() > 0;
        });
  }

  /**
   * Mails a single-use link valid for {@link #RESET_TTL} when the email has an account. Answers the same way, and
   * about as fast, whether it has one or not: the mail is sent after the reply.
   */
  public Future<Boolean> requestPasswordReset(String rawEmail, String ip) {
    String email = rawEmail == null ? "" : rawEmail.trim().toLowerCase(java.util.Locale.ROOT);
    if (email.isEmpty() || email.length() > MAX_EMAIL) {
      return Future.failedFuture(ApiException.invalid("not a valid email address"));
    }
    return limiter.hit(limits.resetPerAddress(), ip)
        .compose(v -> limiter.hit(limits.resetPerEmail(), email))
        .compose(v -> pool.preparedQuery(Sql.ACCOUNT_BY_EMAIL).execute(Tuple.of(email)))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(true);
          }
          Account account = account(rows.iterator().next());
          String token = ResetTokens.newToken();
          return pool.preparedQuery(Sql.INSERT_RESET)
              .execute(Tuple.of(ResetTokens.hash(token), account.id(), (double) RESET_TTL.toSeconds()))
              .map(v -> {
                mailer.send(account.email(), "Reset your Bastion password", resetMail(token))
                    .onFailure(e -> org.slf4j.LoggerFactory.getLogger(AccountService.class)
                        .error("could not send the password reset mail: {}", e.toString()));
                return true;
              });
        });
  }

  /** Sets a new password with a reset token (single use) and ends every session of the account. */
  public Future<Boolean> resetPassword(String token, String password, String ip) {
    if (token == null || token.isBlank() || token.length() > 200) {
      return Future.failedFuture(invalidResetLink());
    }
    String hash = ResetTokens.hash(token.trim());
    return limiter.hit(limits.resetPerAddress(), ip)
        .compose(v -> pool.preparedQuery(Sql.RESET_ACCOUNT).execute(Tuple.of(hash)))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(invalidResetLink());
          }
          Account account = account(rows.iterator().next());
          try {
            policy.check(password, account.email());
          } catch (ApiException e) {
            return Future.failedFuture(e);
          }
          return vertx.executeBlocking(() -> hasher.hash(password), false)
              .compose(newHash -> pool.withTransaction(conn -> conn.preparedQuery(Sql.USE_RESET).execute(Tuple.of(hash))
                  .compose(used -> used.size() == 0 ? Future.failedFuture(invalidResetLink())
                      : conn.preparedQuery(Sql.SET_PASSWORD).execute(Tuple.of(account.id(), newHash)))
                  .compose(r -> conn.preparedQuery(Sql.REVOKE_ALL_SESSIONS).execute(Tuple.of(account.id())))
                  .compose(r -> conn.preparedQuery(Sql.RETIRE_RESETS).execute(Tuple.of(account.id())))))
              .map(r -> {
                SessionEvents.ended(vertx, account.id(), null);
                return true;
              });
        });
  }

  private Future<Void> verifyPassword(UUID accountId, String password) {
    if (password == null || password.length() > 1024) {
      return Future.failedFuture(ApiException.unauthenticated("wrong password"));
    }
    return pool.preparedQuery(Sql.ACCOUNT_BY_ID).execute(Tuple.of(accountId))
        .compose(rows -> {
          String stored = rows.size() == 0 ? null : rows.iterator().next().getString("password_hash");
          return vertx.executeBlocking(() -> hasher.verify(password, stored), false);
        })
        .compose(ok -> ok ? Future.<Void>succeededFuture()
            : Future.failedFuture(ApiException.unauthenticated("wrong password")));
  }

  private String resetMail(String token) {
    return "Someone (hopefully you) asked to reset the password of your Bastion account.\r\n\r\n"
        + "Open this link within " + RESET_TTL.toMinutes() + " minutes to choose a new password:\r\n\r\n"
        + publicUrl + "/#/reset/" + token + "\r\n\r\n"
        + "The link works once. If you did not ask for it, ignore this mail: your password stays as it is.\r\n";
  }

  private static ApiException invalidResetLink() {
    return ApiException.invalid("this reset link is invalid, used or expired: ask for a new one");
  }

  /** Revokes the caller's session: its token stops working on every node. */
  public Future<Boolean> logOut(Caller.Authenticated caller) {
    return pool.preparedQuery(Sql.REVOKE_SESSION).execute(Tuple.of(caller.sessionId()))
        .map(rows -> {
          SessionEvents.endedOne(vertx, caller.accountId(), caller.sessionId());
          return rows.rowCount() > 0;
        });
  }

  /** The caller a bearer token stands for; never fails: a bad token gives {@link Caller.Refused}. */
  public Future<Caller> authenticate(String token) {
    if (token == null || token.isBlank()) {
      return Future.succeededFuture(Caller.ANONYMOUS);
    }
    if (token.length() > 4096) {
      return Future.succeededFuture(new Caller.Refused("invalid token"));
    }
    return verified(token)
        .compose(claims -> pool.preparedQuery(Sql.LIVE_SESSION).execute(Tuple.of(claims.sessionId(), claims.accountId()))
            .map(rows -> liveCaller(rows, claims.sessionId(), claims.expiry())))
        .recover(e -> Future.succeededFuture(new Caller.Refused("invalid or expired token: log in again")));
  }

  /** What a verified token says. */
  private record Claims(UUID accountId, UUID sessionId, Instant expiry) {
  }

  /**
   * Checks the signature, issuer and expiry. An ES256 verification costs about a millisecond of CPU, so verified
   * tokens are remembered until they expire; the session is still checked in the database on every request, so
   * logging out takes effect at once.
   */
  private Future<Claims> verified(String token) {
    Claims known = verifiedTokens.get(token);
    if (known != null && known.expiry().isAfter(Instant.now())) {
      return Future.succeededFuture(known);
    }
    return jwt.authenticate(new TokenCredentials(token)).map(user -> {
      JsonObject p = user.principal();
      // The JWT provider keeps exp among the attributes, not in the principal.
      Claims claims = new Claims(UUID.fromString(p.getString("sub")), UUID.fromString(p.getString("sid")),
          Instant.ofEpochSecond(user.attributes().getLong("exp")));
      verifiedTokens.put(token, claims);
      return claims;
    });
  }

  /** The caller, valid until the earlier of the token's and the session's expiry. */
  private static Caller liveCaller(RowSet<Row> rows, UUID sessionId, Instant tokenExpiry) {
    if (rows.size() == 0) {
      return new Caller.Refused("session ended: log in again");
    }
    Row row = rows.iterator().next();
    Instant sessionExpiry = row.getOffsetDateTime("expires_at").toInstant();
    return new Caller.Authenticated(account(row), sessionId,
        tokenExpiry.isBefore(sessionExpiry) ? tokenExpiry : sessionExpiry);
  }

  private Future<Session> openSession(Account account) {
    UUID sessionId = UUID.randomUUID();
    Instant expiresAt = Instant.now().plus(sessionTtl).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    return pool.preparedQuery(Sql.INSERT_SESSION)
        .execute(Tuple.of(sessionId, account.id(), OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC)))
        .map(v -> {
          JsonObject claims = new JsonObject()
              .put("sub", account.id().toString())
              .put("sid", sessionId.toString())
              .put("email", account.email())
              .put("exp", expiresAt.getEpochSecond());
          String token = jwt.generateToken(claims, new JWTOptions().setAlgorithm("ES256").setIssuer(ISSUER));
          return new Session(token, expiresAt, account);
        });
  }

  static Account account(Row row) {
    return new Account(row.getUUID("id"), row.getString("email"), row.getOffsetDateTime("created_at").toInstant());
  }

  static String normaliseEmail(String raw) {
    String email = raw == null ? "" : raw.trim();
    if (email.length() > MAX_EMAIL || !EMAIL.matcher(email).matches()) {
      throw ApiException.invalid("not a valid email address");
    }
    return email;
  }

  private static ApiException wrongCredentials() {
    return ApiException.unauthenticated("wrong email or password");
  }

}
