package io.bastion.user.assessment;

import io.vertx.sqlclient.Row;
import java.time.Instant;

/** The current answer to one question; version is the assessment version it produced. */
public record Answer(String questionId, String value, String comment, long version, Instant createdAt,
    Instant updatedAt) {

  static Answer of(Row row) {
    return new Answer(row.getString("question_id"), row.getString("value"), row.getString("comment"),
        row.getLong("version"), row.getOffsetDateTime("created_at").toInstant(),
        row.getOffsetDateTime("updated_at").toInstant());
  }
}
