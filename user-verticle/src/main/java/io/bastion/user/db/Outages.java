package io.bastion.user.db;

import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Tells a database outage (no connection, a connection lost, a server shutting down or starting up, a server that does
 * not answer in time) from a failure of
 * the statement itself. An outage is the client's to retry later (UNAVAILABLE), never a refusal of the user, and not
 * a bug to log with a stack trace.
 */
public final class Outages {

  /** Server shutting down (admin, crash), starting up, or out of connection slots. */
  private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300");

  /** What Vert.x 5's SqlConnectionPool fails with when no connection comes within PoolOptions' connection timeout. */
  static final String POOL_ACQUIRE_TIMEOUT = "Timeout waiting for connection";

  private Outages() {
  }

  public static boolean isOutage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectException || t instanceof ClosedConnectionException
          || t instanceof io.netty.channel.ConnectTimeoutException) {
        return true;
      }
      if (t instanceof PgException pg && pg.getSqlState() != null
          && (pg.getSqlState().startsWith("08") || UNAVAILABLE_STATES.contains(pg.getSqlState()))) {
        return true;
      }
      if (t instanceof SocketException) {
        return true; // a connection reset or broken pipe on the way to the server
      }
      if (t instanceof TimeoutException) {
        return true; // Future.timeout (Vert.x's NoStackTraceTimeoutException): a database that does not answer
      }
      if (t instanceof VertxException && t.getMessage() != null
          && t.getMessage().startsWith(POOL_ACQUIRE_TIMEOUT)) {
        return true; // the pool's connection timeout: every connection busy with a database that does not answer
      }
    }
    return false;
  }
}
