package io.bastion.user.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only, hash-chained audit log (one chain per organisation, one per account's own events). The database
 * does the appending (audit_append in V9__audit_log.sql): it locks the chain's head so that appends to one chain
 * take turns, computes the entry's hash from the previous one, and refuses every change of a stored entry but the
 * pseudonym of a deleted account. {@link AuditChecks} verifies a chain with the same recipe ({@link AuditHash}).
 *
 * <p>An event with neither an actor nor an organisation (a failed log in to an email without an account) is not
 * recorded: it would have no chain to go in, and the rate limiter already counts it.
 */
public final class AuditLog {

  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
  private static final Counter FAILURES = Counter.builder("bastion.audit.failures")
      .description("Audit entries that could not be written (the event itself went ahead)")
      .register(Metrics.globalRegistry);

  private final Pool pool;

  public AuditLog(Pool pool) {
    this.pool = pool;
  }

  /** The chain an event goes in: its organisation's, else its actor's own; null when it has neither. */
  public static String chainOf(UUID organisationId, UUID actorId) {
    if (organisationId != null) {
      return organisationChain(organisationId);
    }
    return actorId == null ? null : accountChain(actorId);
  }

  public static String organisationChain(UUID organisationId) {
    return "org:" + organisationId;
  }

  public static String accountChain(UUID accountId) {
    return "account:" + accountId;
  }

  /**
   * Appends the event in a transaction of its own. Never fails the caller's operation: a failure is logged and
   * counted (bastion.audit.failures); the returned future still completes, successfully.
   */
  public Future<Void> record(AuditEvent event) {
    if (chainOf(event.organisationId(), event.actorId()) == null) {
      return Future.succeededFuture();
    }
    // One statement in autocommit is a transaction of its own.
    return append(pool, event).otherwise(e -> {
      FAILURES.increment();
      LOG.error("audit entry {} not written: {}", event.kind(), e.toString());
      return null;
    });
  }

  /**
   * Appends the event inside the caller's open transaction on {@code conn} (it commits or rolls back with the
   * caller's work). One statement, safe to pipeline after the caller's others without waiting for them; it holds
   * the chain's head until that transaction ends. A failure fails the caller's transaction, as any statement's.
   */
  public Future<Void> record(SqlConnection conn, AuditEvent event) {
    if (chainOf(event.organisationId(), event.actorId()) == null) {
      return Future.succeededFuture();
    }
    return append(conn, event);
  }

  /**
   * Replaces the account's email in every entry it acted in by "deleted-account-" and the first 8 hex digits of
   * the SHA-256 of its id: the entries and the chain stay (the email is not hashed). In the deletion's transaction.
   */
  public Future<Void> pseudonymise(SqlClient tx, UUID accountId) {
    return tx.preparedQuery(AuditSql.PSEUDONYMISE).execute(Tuple.of(accountId)).mapEmpty();
  }

  private static Future<Void> append(SqlClient client, AuditEvent e) {
    Tuple params = Tuple.tuple()
        .addString(chainOf(e.organisationId(), e.actorId()))
        .addString(e.kind().name())
        .addUUID(e.actorId())
        .addString(e.actorEmail())
        .addString(e.address())
        .addUUID(e.organisationId())
        .addString(e.target())
        // A JsonObject, not its text: the client would send a String as a JSON string.
        .addJsonObject(e.detail() == null ? new JsonObject() : e.detail());
    return client.preparedQuery(AuditSql.APPEND).execute(params).mapEmpty();
  }
}
