package io.bastion.user.assessment;

import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.List;

/**
 * The current answer to one question; version is the assessment version it produced. visibleQuestionIds are the
 * questions of the assessment shown with the answers as they stand once this one is saved (see the catalogue's
 * {@code Visibility}), or null where nobody asked for them.
 */
public record Answer(String questionId, String value, String comment, long version, Instant createdAt,
    Instant updatedAt, List<String> visibleQuestionIds) {

  static Answer of(Row row) {
    return new Answer(row.getString("question_id"), row.getString("value"), row.getString("comment"),
        row.getLong("version"), row.getOffsetDateTime("created_at").toInstant(),
        row.getOffsetDateTime("updated_at").toInstant(), null);
  }

  Answer withVisibleQuestionIds(List<String> ids) {
    return new Answer(questionId, value, comment, version, createdAt, updatedAt, ids);
  }
}
