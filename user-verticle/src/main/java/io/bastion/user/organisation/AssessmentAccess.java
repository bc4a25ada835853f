package io.bastion.user.organisation;

import io.bastion.user.db.Sql;
import io.bastion.user.error.ApiException;
import io.bastion.user.error.Reason;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * Who may do what with an assessment, asked of the database every time (a removed member loses access at once).
 * A personal assessment is its account's alone (OWNER); an organisation's is its members', each in their role.
 * Anyone else gets exactly what a missing id gets: NOT_FOUND. A member whose role is too weak gets FORBIDDEN.
 */
public final class AssessmentAccess {

  /** The caller's standing on one assessment. */
  public record Grant(UUID assessmentId, UUID organisationId, Role role) {

    /** This grant, or FORBIDDEN when its role is weaker than {@code needed}. */
    public Grant require(Role needed) {
      if (!role.atLeast(needed)) {
        throw ApiException.forbidden(Reason.ROLE_NOT_ALLOWED, "your role in this organisation (" + role
            + ") may not do this; " + needed + " may", java.util.Map.of("role", role.name(),
            "allowed", needed == Role.OWNER ? "OWNER" : needed == Role.EDITOR ? "EDITOR, OWNER"
                : "VIEWER, EDITOR, OWNER"));
      }
      return this;
    }
  }

  private final Pool pool;

  public AssessmentAccess(Pool pool) {
    this.pool = pool;
  }

  /** The caller's grant on the assessment; NOT_FOUND when there is none (or no such assessment, or a bad id). */
  public Future<Grant> of(UUID accountId, String assessmentId) {
    UUID id = parse(assessmentId);
    if (id == null) {
      return Future.failedFuture(ApiException.notFound("assessment", assessmentId));
    }
    return of(accountId, id).compose(grant -> grant == null
        ? Future.failedFuture(ApiException.notFound("assessment", assessmentId))
        : Future.succeededFuture(grant));
  }

  /** The caller's grant on the assessment, or null when there is none. */
  public Future<Grant> of(UUID accountId, UUID assessmentId) {
    return pool.preparedQuery(Sql.ASSESSMENT_GRANT).execute(Tuple.of(assessmentId, accountId))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          Row row = rows.iterator().next();
          return new Grant(assessmentId, row.getUUID("organisation_id"), Role.valueOf(row.getString("role")));
        });
  }

  /** The caller's grant with at least {@code needed}: NOT_FOUND for outsiders, FORBIDDEN for weaker roles. */
  public Future<Grant> require(UUID accountId, String assessmentId, Role needed) {
    return of(accountId, assessmentId).map(g -> g.require(needed));
  }

  /** The caller's role in an organisation; NOT_FOUND for a non-member (like an organisation that does not exist). */
  public Future<Role> roleIn(UUID accountId, String organisationId) {
    UUID id = parse(organisationId);
    if (id == null) {
      return Future.failedFuture(ApiException.notFound("organisation", organisationId));
    }
    return pool.preparedQuery(Sql.ORGANISATION_ROLE).execute(Tuple.of(id, accountId))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(ApiException.notFound("organisation", organisationId))
            : Future.succeededFuture(Role.valueOf(rows.iterator().next().getString("role"))));
  }

  public static UUID parse(String id) {
    if (id == null || id.length() != 36) {
      return null;
    }
    try {
      UUID uuid = UUID.fromString(id);
      return uuid.toString().equals(id.toLowerCase()) ? uuid : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
