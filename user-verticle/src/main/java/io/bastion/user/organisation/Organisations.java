package io.bastion.user.organisation;

import io.bastion.user.audit.AuditEvent;
import io.bastion.user.audit.AuditKind;
import io.bastion.user.audit.AuditLog;
import io.bastion.user.db.Sql;
import io.bastion.user.error.ApiException;
import io.bastion.user.error.Reason;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Organisations as their members see them: creating one (its creator becomes OWNER), the caller's list, one by id
 * (NOT_FOUND for a non-member, like a missing id), its members and its pending invitations (OWNERs only).
 */
public final class Organisations {

  public static final int MAX_NAME = 200;

  private final Pool pool;
  private final AuditLog audit;

  public Organisations(Pool pool, AuditLog audit) {
    this.pool = pool;
    this.audit = audit;
  }

  public Future<Organisation> create(Actor actor, String name) {
    String clean = name == null ? "" : name.strip();
    if (clean.isEmpty() || clean.length() > MAX_NAME) {
      String message = "an organisation's name has 1 to " + MAX_NAME + " characters";
      return Future.failedFuture(clean.isEmpty()
          ? ApiException.invalid(Reason.EMPTY, message, java.util.Map.of("field", "name"))
          : ApiException.invalid(Reason.TOO_LONG, message, java.util.Map.of("field", "name", "max", MAX_NAME)));
    }
    if (clean.indexOf('\u0000') >= 0) {
      return Future.failedFuture(ApiException.invalid(Reason.NUL_CHARACTER, "name may not contain the NUL character",
          java.util.Map.of("field", "name")));
    }
    UUID id = UUID.randomUUID();
    return pool.withTransaction(conn -> {
      Future<RowSet<Row>> created = conn.preparedQuery(Sql.INSERT_ORGANISATION)
          .execute(Tuple.of(id, clean, actor.accountId()));
      Future<Void> audited = audit.record(conn, new AuditEvent(AuditKind.ORGANISATION_CREATED, actor.accountId(),
          actor.email(), actor.address(), id, id.toString(), new io.vertx.core.json.JsonObject().put("name", clean)));
      return Future.all(created, audited).map(v -> Organisation.of(created.result().iterator().next()));
    });
  }

  /** The caller's organisations with their role, by name. */
  public Future<List<Organisation>> list(UUID accountId) {
    return pool.preparedQuery(Sql.ORGANISATIONS_OF).execute(Tuple.of(accountId))
        .map(rows -> all(rows, Organisation::of));
  }

  /** An organisation the caller belongs to; NOT_FOUND otherwise (also for a malformed id). */
  public Future<Organisation> get(UUID accountId, String organisationId) {
    UUID id = AssessmentAccess.parse(organisationId);
    if (id == null) {
      return Future.failedFuture(ApiException.notFound("organisation", organisationId));
    }
    return find(accountId, id).compose(o -> o == null
        ? Future.failedFuture(ApiException.notFound("organisation", organisationId))
        : Future.succeededFuture(o));
  }

  /** An organisation the caller belongs to, or null. */
  public Future<Organisation> find(UUID accountId, UUID organisationId) {
    return pool.preparedQuery(Sql.ORGANISATION_OF).execute(Tuple.of(organisationId, accountId))
        .map(rows -> rows.size() == 0 ? null : Organisation.of(rows.iterator().next()));
  }

  /** The members of an organisation reached through one of them (every member sees them). */
  public Future<List<Member>> members(Organisation organisation) {
    return pool.preparedQuery(Sql.MEMBERS).execute(Tuple.of(organisation.id()))
        .map(rows -> all(rows, Member::of));
  }

  /** Pending invitations: only an OWNER sees them, anyone else an empty list. */
  public Future<List<Invitation>> invitations(Organisation organisation) {
    if (organisation.myRole() != Role.OWNER) {
      return Future.succeededFuture(List.of());
    }
    return pool.preparedQuery(Sql.PENDING_INVITATIONS).execute(Tuple.of(organisation.id()))
        .map(rows -> all(rows, Invitation::of));
  }

  static <T> List<T> all(RowSet<Row> rows, Function<Row, T> of) {
    List<T> list = new ArrayList<>(rows.size());
    rows.forEach(r -> list.add(of.apply(r)));
    return list;
  }
}
