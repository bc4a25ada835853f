package io.bastion.user.auth;

import io.bastion.user.db.Sql;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Sessions and their tokens. A token names the account and a session row and is accepted only while that session is
 * live (neither revoked nor expired, its account still there), so logging out, a password change or reset and
 * deleting the account stop it at once, on every node; ended sessions are announced so that every node closes the
 * sockets they hold.
 */
public final class Sessions {

  private final Vertx vertx;
  private final Pool pool;
  private final SessionTokens tokens;
  private final Duration ttl;

  public Sessions(Vertx vertx, Pool pool, JWTAuth jwt, Duration ttl) {
    this.vertx = vertx;
    this.pool = pool;
    this.tokens = new SessionTokens(jwt);
    this.ttl = ttl;
  }

  /** Opens a session of {@code ttl} for the account and signs its token. */
  public Future<Session> open(Account account) {
    UUID sessionId = UUID.randomUUID();
    Instant expiresAt = Instant.now().plus(ttl).truncatedTo(ChronoUnit.SECONDS);
    return pool.preparedQuery(Sql.INSERT_SESSION)
        .execute(Tuple.of(sessionId, account.id(), OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC)))
        .map(v -> new Session(tokens.sign(account, sessionId, expiresAt), expiresAt, account));
  }

  /** The caller a bearer token stands for; never fails: a bad token gives {@link Caller.Refused}. */
  public Future<Caller> authenticate(String token) {
    if (token == null || token.isBlank()) {
      return Future.succeededFuture(Caller.ANONYMOUS);
    }
    if (token.length() > 4096) {
      return Future.succeededFuture(new Caller.Refused("invalid token"));
    }
    return tokens.verify(token)
        .compose(claims -> pool.preparedQuery(Sql.LIVE_SESSION)
            .execute(Tuple.of(claims.sessionId(), claims.accountId()))
            .map(rows -> liveCaller(rows, claims)))
        .recover(e -> Future.succeededFuture(new Caller.Refused("invalid or expired token: log in again")));
  }

  /** Revokes the caller's session: its token stops working on every node. */
  public Future<Boolean> logOut(Caller.Authenticated caller) {
    return pool.preparedQuery(Sql.REVOKE_SESSION).execute(Tuple.of(caller.sessionId()))
        .map(rows -> {
          SessionEvents.endedOne(vertx, caller.accountId(), caller.sessionId());
          return rows.rowCount() > 0;
        });
  }

  /**
   * Revokes every session of the account but {@code keep} (null: all of them) inside the caller's transaction. Call
   * {@link #announceEnded} once that transaction has committed.
   */
  public Future<Void> revoke(SqlClient transaction, UUID accountId, UUID keep) {
    Future<RowSet<Row>> revoked = keep == null
        ? transaction.preparedQuery(Sql.REVOKE_ALL_SESSIONS).execute(Tuple.of(accountId))
        : transaction.preparedQuery(Sql.REVOKE_OTHER_SESSIONS).execute(Tuple.of(accountId, keep));
    return revoked.mapEmpty();
  }

  /** Tells every node that the sessions of the account but {@code keep} (may be null) ended. */
  public void announceEnded(UUID accountId, UUID keep) {
    SessionEvents.ended(vertx, accountId, keep);
  }

  /** The caller, valid until the earlier of the token's and the session's expiry. */
  private static Caller liveCaller(RowSet<Row> rows, SessionTokens.Claims claims) {
    if (rows.size() == 0) {
      return new Caller.Refused("session ended: log in again");
    }
    Row row = rows.iterator().next();
    Instant sessionExpiry = row.getOffsetDateTime("expires_at").toInstant();
    Instant tokenExpiry = claims.expiry();
    return new Caller.Authenticated(Account.from(row), claims.sessionId(),
        tokenExpiry.isBefore(sessionExpiry) ? tokenExpiry : sessionExpiry);
  }
}
