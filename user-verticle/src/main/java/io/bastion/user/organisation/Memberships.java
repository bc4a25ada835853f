package io.bastion.user.organisation;

import io.bastion.user.audit.AuditEvent;
import io.bastion.user.audit.AuditKind;
import io.bastion.user.audit.AuditLog;
import io.bastion.user.db.Sql;
import io.bastion.user.error.ApiException;
import io.bastion.user.error.Reason;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Changes of membership: a new role, removing a member, leaving. An organisation always keeps an OWNER: each
 * change locks every membership row of the organisation first (SELECT ... FOR UPDATE) and decides on what it then
 * reads, in one transaction, so two concurrent demotions of the last two OWNERs cannot both pass. Once committed,
 * every user node hears of it ({@link AccessEvents}) and closes what the member may no longer follow.
 */
public final class Memberships {

  private final Pool pool;
  private final AuditLog audit;
  private final AccessEvents events;

  public Memberships(Pool pool, AuditLog audit, AccessEvents events) {
    this.pool = pool;
    this.audit = audit;
    this.events = events;
  }

  /** Gives a member another role (OWNER only); CONFLICT when that would leave no OWNER. */
  public Future<Member> changeRole(Actor actor, String organisationId, String accountId, Role role) {
    UUID org = AssessmentAccess.parse(organisationId);
    if (org == null) {
      return Future.failedFuture(ApiException.notFound("organisation", organisationId));
    }
    UUID target = AssessmentAccess.parse(accountId);
    return pool.withTransaction(conn -> locked(conn, org, organisationId).compose(roles -> {
      requireOwner(roles, actor, organisationId);
      Role from = member(roles, target, accountId);
      if (from == Role.OWNER && role != Role.OWNER) {
        requireAnotherOwner(roles, target);
      }
      Future<Member> changed = conn.preparedQuery(Sql.SET_ROLE).execute(Tuple.of(org, target, role.name()))
          .map(rows -> {
            Row row = rows.iterator().next();
            return new Member(new Person(target, row.getString("email")), role,
                row.getOffsetDateTime("joined_at").toInstant());
          });
      Future<Void> audited = audit.record(conn, event(AuditKind.ROLE_CHANGED, actor, org, target,
          new JsonObject().put("from", from.name()).put("to", role.name())));
      return Future.all(changed, audited).map(v -> changed.result());
    })).onSuccess(m -> events.memberChanged(org, target));
  }

  /** Removes a member (OWNER only); CONFLICT for the last OWNER. */
  public Future<Boolean> remove(Actor actor, String organisationId, String accountId) {
    UUID org = AssessmentAccess.parse(organisationId);
    if (org == null) {
      return Future.failedFuture(ApiException.notFound("organisation", organisationId));
    }
    UUID target = AssessmentAccess.parse(accountId);
    return pool.withTransaction(conn -> locked(conn, org, organisationId).compose(roles -> {
      requireOwner(roles, actor, organisationId);
      if (member(roles, target, accountId) == Role.OWNER) {
        requireAnotherOwner(roles, target);
      }
      return delete(conn, org, target, event(AuditKind.MEMBER_REMOVED, actor, org, target, null));
    })).onSuccess(v -> events.memberChanged(org, target)).map(true);
  }

  /** The caller leaves; CONFLICT for the last OWNER (who makes someone else OWNER first). */
  public Future<Boolean> leave(Actor actor, String organisationId) {
    UUID org = AssessmentAccess.parse(organisationId);
    if (org == null) {
      return Future.failedFuture(ApiException.notFound("organisation", organisationId));
    }
    UUID self = actor.accountId();
    return pool.withTransaction(conn -> locked(conn, org, organisationId).compose(roles -> {
      Role mine = roles.get(self);
      if (mine == null) {
        throw ApiException.notFound("organisation", organisationId);
      }
      if (mine == Role.OWNER) {
        requireAnotherOwner(roles, self);
      }
      return delete(conn, org, self, event(AuditKind.MEMBER_LEFT, actor, org, self, null));
    })).onSuccess(v -> events.memberChanged(org, self)).map(true);
  }

  /**
   * Inside the account deletion's transaction, before it deletes: locks the membership rows of the account's
   * organisations (so two owners deleting their accounts at once, or one deleting while the other demotes themself,
   * run one after the other), then CONFLICT, naming them, when the account is the last OWNER of organisations that
   * have other members: deleting it would leave them without an owner. (Organisations whose only member it is go
   * with the account.)
   */
  public static Future<Void> requireDeletable(SqlConnection conn, UUID accountId) {
    return conn.preparedQuery(Sql.LOCK_MEMBERS_OF_ACCOUNT).execute(Tuple.of(accountId))
        .compose(locked -> conn.preparedQuery(Sql.ORPHANED_BY).execute(Tuple.of(accountId))).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture();
      }
      List<String> names = Organisations.all(rows, r -> r.getString("name"));
      return Future.failedFuture(ApiException.conflict(Reason.LAST_OWNER_OF, "you are the last OWNER of " + String.join(", ", names)
          + ": make another member OWNER (or remove the other members) before deleting your account",
          Map.of("organisations", names)));
    });
  }

  private Future<Void> delete(SqlConnection conn, UUID org, UUID account, AuditEvent event) {
    Future<?> removed = conn.preparedQuery(Sql.REMOVE_MEMBER).execute(Tuple.of(org, account));
    Future<Void> audited = audit.record(conn, event);
    return Future.all(removed, audited).mapEmpty();
  }

  /** Every member's role, their rows locked until the transaction ends; NOT_FOUND when there are none. */
  private static Future<Map<UUID, Role>> locked(SqlConnection conn, UUID org, String organisationId) {
    return conn.preparedQuery(Sql.LOCK_MEMBERS).execute(Tuple.of(org)).map(rows -> {
      Map<UUID, Role> roles = new HashMap<>();
      rows.forEach(r -> roles.put(r.getUUID("account_id"), Role.valueOf(r.getString("role"))));
      return roles;
    });
  }

  /** NOT_FOUND for a non-member (like a missing organisation), FORBIDDEN for a member who is not an OWNER. */
  private static void requireOwner(Map<UUID, Role> roles, Actor actor, String organisationId) {
    Role mine = roles.get(actor.accountId());
    if (mine == null) {
      throw ApiException.notFound("organisation", organisationId);
    }
    if (mine != Role.OWNER) {
      throw ApiException.forbidden(Reason.ROLE_NOT_ALLOWED, "only an OWNER of the organisation may do this (your role: "
          + mine + ")", Map.of("role", mine.name(), "allowed", "OWNER"));
    }
  }

  private static Role member(Map<UUID, Role> roles, UUID target, String accountId) {
    Role role = target == null ? null : roles.get(target);
    if (role == null) {
      throw ApiException.notFound("member", accountId);
    }
    return role;
  }

  private static void requireAnotherOwner(Map<UUID, Role> roles, UUID leaving) {
    boolean another = roles.entrySet().stream()
        .anyMatch(e -> !e.getKey().equals(leaving) && e.getValue() == Role.OWNER);
    if (!another) {
      throw ApiException.conflict(Reason.LAST_OWNER,
          "an organisation keeps at least one OWNER: make another member OWNER first", Map.of());
    }
  }

  private static AuditEvent event(AuditKind kind, Actor actor, UUID org, UUID target, JsonObject detail) {
    return new AuditEvent(kind, actor.accountId(), actor.email(), actor.address(), org, target.toString(), detail);
  }
}
