package io.bastion.user.organisation;

import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.UUID;

/** An organisation as one of its members sees it, with that member's role. */
public record Organisation(UUID id, String name, Instant createdAt, Role myRole) {

  static Organisation of(Row row) {
    return new Organisation(row.getUUID("id"), row.getString("name"),
        row.getOffsetDateTime("created_at").toInstant(), Role.valueOf(row.getString("role")));
  }
}
