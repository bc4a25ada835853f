package io.bastion.user.assessment;

import io.bastion.user.audit.AuditEvent;
import io.bastion.user.audit.AuditKind;
import io.bastion.user.audit.AuditLog;
import io.bastion.user.db.Sql;
import io.bastion.user.error.ApiException;
import io.bastion.user.organisation.AssessmentAccess;
import io.bastion.user.organisation.Role;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
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
        return Future.failedFuture(ApiException.invalid("note may not contain the NUL character"));
      }
      if (cleanNote != null && cleanNote.length() > MAX_NOTE) {
        return Future.failedFuture(ApiException.invalid("note too long (at most " + MAX_NOTE + " characters)"));
      }
      return pool.preparedQuery(Sql.SIGN_OFF)
          .execute(Tuple.of(grant.assessmentId(), version, actor.accountId(), cleanNote))
          .compose(rows -> signed(rows.iterator().next(), actor, grant, version, cleanNote));
    });
  }

  private Future<SignOff> signed(Row row, Actor actor, AssessmentAccess.Grant grant, long version, String note) {
    if (!row.getBoolean("reported")) {
      return Future.failedFuture(ApiException.notFound("report version", version));
    }
    if (row.getValue("signed_at") == null) {
      return Future.failedFuture(ApiException.conflict("report version " + version + " is signed off already",
          Map.of()));
    }
    SignOff signOff = new SignOff(version, new Person(actor.accountId(), actor.email()), note,
        row.getOffsetDateTime("signed_at").toInstant());
    JsonObject detail = new JsonObject().put("version", version);
    if (note != null) {
      detail.put("note", note);
    }
    return audit.record(new AuditEvent(AuditKind.SIGN_OFF, actor.accountId(), actor.email(), actor.address(),
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
