package io.bastion.user.auth;

import io.bastion.user.db.Outages;
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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions and their tokens. A token names the account and a session row and is accepted only while that session is
 * live (neither revoked nor expired, its account still there), so logging out, a password change or reset and
 * deleting the account stop it at once, on every node; ended sessions are announced so that every node closes the
 * sockets they hold. A session also ends when unused for the idle timeout; its last use is written at most once a
 * minute, to keep the check a single read.
 */
public final class Sessions {

  private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);

  private final Vertx vertx;
  private final Pool pool;
  private final SessionTokens tokens;
  /**
   * How long the session check may take: a database that accepts connections but does not answer (hung, or every
   * pooled connection stuck) gives UNAVAILABLE after this, not after the pool's or the client's own timeouts.
   */
  static final Duration CHECK_TIMEOUT = Duration.ofSeconds(3);
  /** How often at most a session's last use is written. */
  static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

  private final Duration ttl;
  private final Duration idle;

  /** Sessions without an idle timeout of their own (it is the absolute one). */
  public Sessions(Vertx vertx, Pool pool, JWTAuth jwt, Duration ttl) {
    this(vertx, pool, jwt, ttl, ttl);
  }

  /** {@code ttl}: how long a session lasts at most; {@code idle}: how long it lasts unused. */
  public Sessions(Vertx vertx, Pool pool, JWTAuth jwt, Duration ttl, Duration idle) {
    this.vertx = vertx;
    this.pool = pool;
    this.tokens = new SessionTokens(jwt);
    this.ttl = ttl;
    this.idle = idle;
  }

  /** Opens a session of {@code ttl} for the account and signs its token. */
  public Future<Session> open(Account account) {
    return open(account, null, null);
  }

  /** As {@link #open(Account)}, remembering where it was opened from for the account's session list. */
  public Future<Session> open(Account account, String address, String userAgent) {
    UUID sessionId = UUID.randomUUID();
    Instant expiresAt = Instant.now().plus(ttl).truncatedTo(ChronoUnit.SECONDS);
    return pool.preparedQuery(Sql.INSERT_SESSION)
        .execute(Tuple.of(sessionId, account.id(), OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC), address,
            userAgent == null ? null : Browsers.name(userAgent)))
        .map(v -> new Session(tokens.sign(account, sessionId, expiresAt), expiresAt, account));
  }

  /** The caller's account's live sessions, the caller's own marked. */
  public Future<List<SessionInfo>> list(Caller.Authenticated caller) {
    return pool.preparedQuery(Sql.ACCOUNT_SESSIONS).execute(Tuple.of(caller.accountId(), seconds(idle)))
        .map(rows -> {
          List<SessionInfo> list = new ArrayList<>();
          for (Row r : rows) {
            UUID id = r.getUUID("id");
            String browser = r.getString("user_agent");
            list.add(new SessionInfo(id, browser == null ? "unknown browser" : browser, r.getString("address"),
                r.getOffsetDateTime("created_at").toInstant(), r.getOffsetDateTime("last_used_at").toInstant(),
                id.equals(caller.sessionId())));
          }
          return list;
        });
  }

  /**
   * Ends one session of the caller's account (another browser's, or the caller's own): its token stops working and
   * its live sockets close on every node. False when the account has no such live session.
   */
  public Future<Boolean> end(Caller.Authenticated caller, UUID sessionId) {
    return pool.preparedQuery(Sql.REVOKE_ACCOUNT_SESSION).execute(Tuple.of(sessionId, caller.accountId()))
        .map(rows -> {
          if (rows.rowCount() == 0) {
            return false;
          }
          SessionEvents.endedOne(vertx, caller.accountId(), sessionId);
          return true;
        });
  }

  /**
   * The caller a bearer token stands for; never fails. A bad signature, a wrong issuer or a passed expiry gives
   * {@link Caller.Refused}, and so does a session the database says has ended. When the database cannot be asked,
   * (or does not answer within {@link #CHECK_TIMEOUT}) the caller is {@link Caller.Unavailable}: a valid-looking token
   * is neither refused (that would log the user out for an outage) nor accepted on remembered state (an ended session
   * must not come back while nobody can check). Any other failure of the check is {@link Caller.Failed} (INTERNAL).
   */
  public Future<Caller> authenticate(String token) {
    if (token == null || token.isBlank()) {
      return Future.succeededFuture(Caller.ANONYMOUS);
    }
    if (token.length() > 4096) {
      return Future.succeededFuture(new Caller.Refused("invalid token"));
    }
    return tokens.verify(token)
        .transform(verified -> verified.succeeded()
            ? liveSession(verified.result())
            : Future.succeededFuture(new Caller.Refused("invalid or expired token: log in again")));
  }

  /** Asks the database whether the session of verified claims is live; its failure is never a refusal. */
  private Future<Caller> liveSession(SessionTokens.Claims claims) {
    return pool.preparedQuery(Sql.LIVE_SESSION)
        .execute(Tuple.of(claims.sessionId(), claims.accountId(), seconds(idle)))
        .timeout(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .map(rows -> {
          touch(rows, claims.sessionId());
          return liveCaller(rows, claims);
        })
        .recover(Sessions::uncheckedSession);
  }

  /** An outage is UNAVAILABLE (retry later); any other failure is a bug on our side: logged, INTERNAL. */
  private static Future<Caller> uncheckedSession(Throwable e) {
    if (Outages.isOutage(e)) {
      LOG.debug("could not check a session, the database is unreachable: {}", e.toString());
      return Future.succeededFuture(Caller.UNAVAILABLE);
    }
    LOG.error("could not check a session", e);
    return Future.succeededFuture(Caller.FAILED);
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

  /** Writes the session's last use when the stored one is more than {@link #TOUCH_EVERY} old. */
  private void touch(RowSet<Row> rows, UUID sessionId) {
    if (rows.size() > 0 && rows.iterator().next().getDouble("idle") >= TOUCH_EVERY.toSeconds()) {
      pool.preparedQuery(Sql.TOUCH_SESSION).execute(Tuple.of(sessionId))
          .onFailure(e -> LOG.warn("could not record the use of a session: {}", e.toString()));
    }
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
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
