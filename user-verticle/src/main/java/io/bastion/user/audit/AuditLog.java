package io.bastion.user.audit;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;

/**
 * The append-only, hash-chained audit log (one chain per organisation, one per account's personal space).
 * PLACEHOLDER: the audit work of issue 10 replaces the bodies; callers already use this API.
 */
public final class AuditLog {

  private final Pool pool;

  public AuditLog(Pool pool) {
    this.pool = pool;
  }

  /**
   * Appends the event in a transaction of its own. Never fails the caller's operation: a failure is logged (the
   * returned future still completes, successfully).
   */
  public Future<Void> record(AuditEvent event) {
    return Future.succeededFuture();
  }

  /**
   * Appends the event inside the caller's open transaction on {@code conn} (it commits or rolls back with the
   * caller's work). One statement, safe to pipeline after the caller's others without waiting for them.
   */
  public Future<Void> record(SqlConnection conn, AuditEvent event) {
    return Future.succeededFuture();
  }
}
