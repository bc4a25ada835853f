package io.bastion.user.assessment;

import io.bastion.catalogue.CsfFunction;
import io.bastion.codecs.Addresses;
import io.bastion.codecs.JsonText;
import io.bastion.user.audit.AuditEvent;
import io.bastion.user.audit.AuditKind;
import io.bastion.user.audit.AuditLog;
import io.bastion.user.db.Sql;
import io.bastion.user.error.ApiException;
import io.bastion.user.error.Reason;
import io.bastion.user.organisation.AssessmentAccess;
import io.bastion.user.organisation.Role;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Targets per function: an EDITOR or OWNER (the account of a personal assessment) sets the score the team aims for in
 * a CSF function, or clears it; everyone who may read the assessment sees them, and those who have it open see a
 * change live (a {@code targets} event on the assessment's feed with the whole list, after commit).
 */
public final class Targets {

  private final Pool pool;
  private final AssessmentAccess access;
  private final AuditLog audit;
  private final EventBus bus;

  public Targets(Pool pool, AssessmentAccess access, AuditLog audit, EventBus bus) {
    this.pool = pool;
    this.access = access;
    this.audit = audit;
    this.bus = bus;
  }

  /**
   * Sets the target of {@code function} (a CSF function code or name) to {@code score} (0 to 100, one decimal kept),
   * or clears it when {@code score} is null. NOT_FOUND for outsiders, FORBIDDEN for viewers, INVALID_INPUT for an
   * unknown function or a score out of range. Returns the assessment's targets after the change.
   */
  public Future<List<Target>> set(Actor actor, String assessmentId, String function, Double score) {
    return access.require(actor.accountId(), assessmentId, Role.EDITOR).compose(grant -> {
      Optional<CsfFunction> parsed = CsfFunction.parse(function);
      if (parsed.isEmpty()) {
        return Future.failedFuture(ApiException.invalid(Reason.UNKNOWN_FUNCTION, "unknown function '" + function
            + "'; one of GV, ID, PR, DE, RS, RC", Map.of("function", String.valueOf(function))));
      }
      if (score != null && (score.isNaN() || score < 0 || score > 100)) {
        return Future.failedFuture(ApiException.invalid(Reason.TARGET_RANGE, "a target is a score from 0 to 100",
            Map.of("min", 0, "max", 100)));
      }
      Double rounded = score == null ? null
          : BigDecimal.valueOf(score).setScale(1, RoundingMode.HALF_UP).doubleValue();
      String code = parsed.get().name();
      return pool.withTransaction(conn -> conn.preparedQuery(Sql.SET_TARGET)
              .execute(Tuple.of(grant.assessmentId(), code, rounded, actor.accountId()))
              .compose(rows -> rows.iterator().next().getBoolean("allowed")
                  ? recorded(conn, actor, grant, code, rounded)
                  // Demoted or removed since the first check: the answer that check now gives.
                  : access.require(actor.accountId(), assessmentId, Role.EDITOR)
                      .compose(g -> Future.failedFuture(ApiException.forbidden(Reason.ROLE_NOT_ALLOWED,
                          "only an EDITOR or OWNER may set targets", Map.of("allowed", "EDITOR, OWNER"))))))
          .compose(v -> of(grant.assessmentId()))
          .onSuccess(targets -> publish(grant.assessmentId(), targets));
    });
  }

  private Future<Void> recorded(SqlConnection conn, Actor actor, AssessmentAccess.Grant grant, String function,
      Double score) {
    JsonObject detail = new JsonObject().put("function", function).put("score", score);
    return audit.record(conn, new AuditEvent(AuditKind.TARGET_SET, actor.accountId(), actor.email(), actor.address(),
        grant.organisationId(), grant.assessmentId().toString(), detail)).mapEmpty();
  }

  /** The targets of an assessment the caller may read (checked before), in the framework's order of functions. */
  public Future<List<Target>> of(UUID assessmentId) {
    return pool.preparedQuery(Sql.TARGETS_OF).execute(Tuple.of(assessmentId)).map(rows -> {
      List<Target> list = new ArrayList<>(rows.size());
      rows.forEach(r -> list.add(Target.of(r)));
      list.sort(Comparator.comparing(t -> CsfFunction.valueOf(t.function())));
      return list;
    });
  }

  private void publish(UUID assessmentId, List<Target> targets) {
    JsonArray list = new JsonArray();
    targets.forEach(t -> list.add(t.toJson()));
    bus.publish(Addresses.assessment(assessmentId), JsonText.of(new JsonObject().put("type", "targets")
        .put("assessmentId", assessmentId.toString()).put("targets", list)));
  }
}
