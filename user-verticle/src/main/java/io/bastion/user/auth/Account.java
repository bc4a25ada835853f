package io.bastion.user.auth;

import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.UUID;

public record Account(UUID id, String email, Instant createdAt) {

  /** From a row with the columns id, email and created_at. */
  static Account from(Row row) {
    return new Account(row.getUUID("id"), row.getString("email"), row.getOffsetDateTime("created_at").toInstant());
  }
}
