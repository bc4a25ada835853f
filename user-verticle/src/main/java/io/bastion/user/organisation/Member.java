package io.bastion.user.organisation;

import io.vertx.sqlclient.Row;
import java.time.Instant;

/** A member of an organisation. */
public record Member(Person account, Role role, Instant joinedAt) {

  static Member of(Row row) {
    return new Member(new Person(row.getUUID("id"), row.getString("email")), Role.valueOf(row.getString("role")),
        row.getOffsetDateTime("joined_at").toInstant());
  }
}
