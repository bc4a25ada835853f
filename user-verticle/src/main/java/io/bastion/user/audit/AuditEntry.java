package io.bastion.user.audit;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One stored entry of the audit log, as read back (detail as the database's text of the jsonb). */
public record AuditEntry(long id, String chain, OffsetDateTime at, String kind, UUID actorId, String actorEmail,
    String address, UUID organisationId, String target, String detail, String prevHash, String hash) {

  static AuditEntry from(Row row) {
    return new AuditEntry(row.getLong("id"), row.getString("chain"), row.getOffsetDateTime("at"),
        row.getString("kind"), row.getUUID("actor_id"), row.getString("actor_email"), row.getString("address"),
        row.getUUID("organisation_id"), row.getString("target"), row.getString("detail"),
        row.getString("prev_hash"), row.getString("hash"));
  }

  /** The kind as the API shows it: log-in, role-changed... */
  public String label() {
    return kind.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  public Instant instant() {
    return at.toInstant();
  }

  /** The shape of the API's AuditEntry and of one line of the export. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", Long.toString(id))
        .put("at", at.toInstant().toString())
        .put("kind", label())
        .put("actor", actorId == null ? null : new JsonObject().put("id", actorId.toString()).put("email", actorEmail == null ? "" : actorEmail))
        .put("address", address)
        .put("organisationId", organisationId == null ? null : organisationId.toString())
        .put("target", target)
        .put("detail", detail)
        .put("hash", hash);
  }
}
