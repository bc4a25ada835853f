package io.bastion.user.assessment;

import io.bastion.user.audit.AuditEvent;
import io.bastion.user.audit.AuditKind;
import io.bastion.user.audit.AuditLog;
import io.bastion.user.db.Sql;
import io.bastion.user.error.ApiException;
import io.bastion.user.error.Reason;
import io.bastion.user.organisation.AssessmentAccess;
import io.bastion.user.organisation.Role;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Sign-offs of report versions: an OWNER of the assessment (its account, for a personal one) vouches for a stored
 * report version, once; everyone who may read the assessment sees who signed which version, and when.
 */
public final class SignOffs {

  public static final int MAX_NOTE = 2000;

  private final Pool pool;
  private final AssessmentAccess access;
  private final AuditLog audit;

  public SignOffs(Pool pool, AssessmentAccess access, AuditLog audit) {
    this.pool = pool;
    this.access = access;
    this.audit = audit;
  }

  /**
   * Signs off the stored report {@code version}: NOT_FOUND for outsiders (like a missing assessment) and for a
   * version with no stored report, FORBIDDEN below OWNER, CONFLICT when that version is signed off already.
   */
  public Future<SignOff> signOff(Actor actor, String assessmentId, long version, String note) {
    // Access first: the note's checks say nothing about the assessment, but an outsider hears only NOT_FOUND.
    return access.require(actor.accountId(), assessmentId, Role.OWNER).compose(grant -> {
      String cleanNote = note == null || note.isBlank() ? null : note.strip();
      if (cleanNote != null && cleanNote.indexOf('\u0000') >= 0) {
        return Future.failedFuture(ApiException.invalid(Reason.NUL_CHARACTER, "note may not contain the NUL character",
            Map.of("field", "note")));
      }
      if (cleanNote != null && cleanNote.length() > MAX_NOTE) {
        return Future.failedFuture(ApiException.invalid(Reason.TOO_LONG, "note too long (at most " + MAX_NOTE
            + " characters)", Map.of("field", "note", "max", MAX_NOTE)));
      }
      // The OWNER check again inside the INSERT (a demotion since the check above is seen), and the audit entry in
      // the same transaction: no sign-off without its entry.
      return pool.withTransaction(conn -> conn.preparedQuery(Sql.SIGN_OFF)
          .execute(Tuple.of(grant.assessmentId(), version, actor.accountId(), cleanNote))
          .compose(rows -> signed(conn, rows.iterator().next(), actor, grant, version, cleanNote)));
    });
  }

  private Future<SignOff> signed(SqlConnection conn, Row row, Actor actor, AssessmentAccess.Grant grant, long version,
      String note) {
    if (!row.getBoolean("allowed")) {
      // Demoted or removed since the first check: the same answer that check now gives.
      return access.require(actor.accountId(), grant.assessmentId().toString(), Role.OWNER)
          .compose(g -> Future.failedFuture(ApiException.forbidden(Reason.ROLE_NOT_ALLOWED, "only an OWNER may sign off",
              Map.of("allowed", "OWNER"))));
    }
    if (!row.getBoolean("reported")) {
      return Future.failedFuture(ApiException.notFound("report version", version));
    }
    if (row.getValue("signed_at") == null) {
      return Future.failedFuture(ApiException.conflict(Reason.ALREADY_SIGNED_OFF, "report version " + version
          + " is signed off already", Map.of("version", version)));
    }
    SignOff signOff = new SignOff(version, new Person(actor.accountId(), actor.email()), note,
        row.getOffsetDateTime("signed_at").toInstant());
    JsonObject detail = new JsonObject().put("version", version);
    if (note != null) {
      detail.put("note", note);
    }
    return audit.record(conn, new AuditEvent(AuditKind.SIGN_OFF, actor.accountId(), actor.email(), actor.address(),
        grant.organisationId(), grant.assessmentId().toString(), detail)).map(signOff);
  }

  /** The sign-offs of an assessment the caller may read (checked before), oldest version first. */
  public Future<List<SignOff>> of(UUID assessmentId) {
    return pool.preparedQuery(Sql.SIGN_OFFS_OF).execute(Tuple.of(assessmentId)).map(rows -> {
      List<SignOff> list = new ArrayList<>(rows.size());
      rows.forEach(r -> list.add(SignOff.of(r)));
      return list;
    });
  }
}
