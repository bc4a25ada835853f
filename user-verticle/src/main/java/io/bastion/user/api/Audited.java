package io.bastion.user.api;

import graphql.schema.DataFetchingEnvironment;
import io.bastion.user.audit.AuditEvent;
import io.bastion.user.audit.AuditKind;
import io.bastion.user.audit.AuditLog;
import io.bastion.user.auth.Account;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/**
 * Records an account event in the audit log once the operation has succeeded, before the answer leaves (so that
 * the entry is there when the client looks). Recording never fails the operation (see {@link AuditLog#record}).
 */
final class Audited {

  private final AuditLog audit;

  Audited(AuditLog audit) {
    this.audit = audit;
  }

  /** After {@code done} succeeds: the event {@code event} makes of its result (none when it gives null). */
  <T> Future<T> after(Future<T> done, Function<T, AuditEvent> event) {
    return done.compose(result -> {
      AuditEvent e = event.apply(result);
      return e == null ? Future.succeededFuture(result) : audit.record(e).map(result);
    });
  }

  /** An event of the account about itself (its own chain), from the request's client address. */
  static AuditEvent own(AuditKind kind, Account account, DataFetchingEnvironment env, JsonObject detail) {
    return new AuditEvent(kind, account.id(), account.email(), Fetch.clientIp(env), null, account.id().toString(),
        detail);
  }
}
