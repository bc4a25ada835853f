package io.bastion.user.organisation;

import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.UUID;

/** A pending invitation, as its organisation's OWNERs see it (never its token). */
public record Invitation(UUID id, String email, Role role, Instant expiresAt) {

  static Invitation of(Row row) {
    return new Invitation(row.getUUID("id"), row.getString("email"), Role.valueOf(row.getString("role")),
        row.getOffsetDateTime("expires_at").toInstant());
  }
}
