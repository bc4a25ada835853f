package io.bastion.user.assessment;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.UUID;

/** Someone as teammates see them (GraphQL Person): who gave an answer, who signed off a report. */
public record Person(UUID id, String email) {

  /** The person in the row's {@code <prefix>} and {@code <prefix>_email} columns; null once the account is gone. */
  static Person of(Row row, String prefix) {
    UUID id = row.getUUID(prefix);
    String email = row.getString(prefix + "_email");
    return id == null || email == null ? null : new Person(id, email);
  }

  JsonObject toJson() {
    return new JsonObject().put("id", id.toString()).put("email", email);
  }
}
