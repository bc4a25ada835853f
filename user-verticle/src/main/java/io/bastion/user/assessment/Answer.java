package io.bastion.user.assessment;

import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.List;

/**
 * The current answer to one question; version is the assessment version it produced, answeredBy who gave it (null
 * once that account is deleted). visibleQuestionIds are the questions of the assessment shown with the answers as
 * they stand once this one is saved (see the catalogue's {@code Visibility}), or null where nobody asked for them.
 */
public record Answer(String questionId, String value, String comment, long version, Instant createdAt,
    Instant updatedAt, Person answeredBy, List<String> visibleQuestionIds) {

  /** From a row of {@code Sql.ANSWERS_OF} or {@code Sql.STORED_ANSWER}. */
  static Answer of(Row row) {
    return of(row, Person.of(row, "answered_by"));
  }

  /** From a row with the answer's columns (the write's, which knows who answered without asking). */
  static Answer of(Row row, Person answeredBy) {
    return new Answer(row.getString("question_id"), row.getString("value"), row.getString("comment"),
        row.getLong("version"), row.getOffsetDateTime("created_at").toInstant(),
        row.getOffsetDateTime("updated_at").toInstant(), answeredBy, null);
  }

  Answer withVisibleQuestionIds(List<String> ids) {
    return new Answer(questionId, value, comment, version, createdAt, updatedAt, answeredBy, ids);
  }

  /** This answer as a change (GraphQL AnswerChange): what the history lists and the live feed carries. */
  AnswerChange change() {
    return new AnswerChange(questionId, value, comment, version, answeredBy, updatedAt);
  }
}
