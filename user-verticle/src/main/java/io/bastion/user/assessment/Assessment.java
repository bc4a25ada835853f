package io.bastion.user.assessment;

import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.UUID;

public record Assessment(
    UUID id,
    UUID accountId,
    String catalogueId,
    String catalogueVersion,
    String title,
    long version,
    Instant createdAt,
    Instant updatedAt) {

  static Assessment of(Row row) {
    return new Assessment(row.getUUID("id"), row.getUUID("account_id"), row.getString("catalogue_id"),
        row.getString("catalogue_version"), row.getString("title"), row.getLong("version"),
        row.getOffsetDateTime("created_at").toInstant(), row.getOffsetDateTime("updated_at").toInstant());
  }
}
