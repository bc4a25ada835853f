package io.bastion.user.auth;

import io.bastion.user.api.ApiException;
import io.bastion.user.api.ErrorCode;
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

  private final Vertx vertx;
  private final Pool pool;
  private final JWTAuth jwt;
  private final PasswordHasher hasher;
  private final PasswordPolicy policy;
  private final Duration sessionTtl;

  public AccountService(Vertx vertx, Pool pool, JWTAuth jwt, PasswordHasher hasher, PasswordPolicy policy,
      Duration sessionTtl) {
    this.vertx = vertx;
    this.pool = pool;
    this.jwt = jwt;
    this.hasher = hasher;
    this.policy = policy;
    this.sessionTtl = sessionTtl;
  }

  public Future<Session> signUp(String rawEmail, String password) {
    String email;
    try {
      email = normaliseEmail(rawEmail);
      policy.check(password, email);
    } catch (ApiException e) {
      return Future.failedFuture(e);
    }
    return vertx.executeBlocking(() -> hasher.hash(password), false)
        .compose(hash -> pool.preparedQuery(Sql.INSERT_ACCOUNT).execute(Tuple.of(UUID.randomUUID(), email, hash)))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(new ApiException(ErrorCode.EMAIL_TAKEN,
                "an account with this email already exists: log in instead"));
          }
          return openSession(account(rows.iterator().next()));
        });
  }

  public Future<Session> logIn(String rawEmail, String password) {
    String email = rawEmail == null ? "" : rawEmail.trim();
    if (email.isEmpty() || email.length() > MAX_EMAIL || password == null || password.length() > 1024) {
      return Future.failedFuture(wrongCredentials());
    }
    return pool.preparedQuery(Sql.ACCOUNT_BY_EMAIL).execute(Tuple.of(email))
        .compose(rows -> {
          Row row = rows.size() == 0 ? null : rows.iterator().next();
          String stored = row == null ? null : row.getString("password_hash");
          // Verified even without an account, so that timing does not tell which emails exist.
          return vertx.executeBlocking(() -> hasher.verify(password, stored), false)
              .compose(ok -> ok ? openSession(account(row)) : Future.failedFuture(wrongCredentials()));
        });
  }

  /** Revokes the caller's session: its token stops working on every node. */
  public Future<Boolean> logOut(Caller.Authenticated caller) {
    return pool.preparedQuery(Sql.REVOKE_SESSION).execute(Tuple.of(caller.sessionId()))
        .map(rows -> rows.rowCount() > 0);
  }

  /** The caller a bearer token stands for; never fails: a bad token gives {@link Caller.Refused}. */
  public Future<Caller> authenticate(String token) {
    if (token == null || token.isBlank()) {
      return Future.succeededFuture(Caller.ANONYMOUS);
    }
    if (token.length() > 4096) {
      return Future.succeededFuture(new Caller.Refused("invalid token"));
    }
    return jwt.authenticate(new TokenCredentials(token))
        .compose(user -> {
          JsonObject p = user.principal();
          UUID accountId = UUID.fromString(p.getString("sub"));
          UUID sessionId = UUID.fromString(p.getString("sid"));
          return pool.preparedQuery(Sql.LIVE_SESSION).execute(Tuple.of(sessionId, accountId))
              .map(rows -> liveCaller(rows, sessionId));
        })
        .recover(e -> Future.succeededFuture(new Caller.Refused("invalid or expired token: log in again")));
  }

  private static Caller liveCaller(RowSet<Row> rows, UUID sessionId) {
    if (rows.size() == 0) {
      return new Caller.Refused("session ended: log in again");
    }
    Row row = rows.iterator().next();
    return new Caller.Authenticated(account(row), sessionId, row.getOffsetDateTime("expires_at").toInstant());
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
