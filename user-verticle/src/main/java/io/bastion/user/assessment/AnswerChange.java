package io.bastion.user.assessment;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One saved change of an answer (GraphQL AnswerChange): an entry of the answer's history, the answer event of the
 * live feed, and the answer that stands in a CONFLICT's extensions.current.
 */
public record AnswerChange(String questionId, String value, String comment, long version, Person answeredBy,
    Instant at) {

  /** From a row of {@code Sql.ANSWER_HISTORY}. */
  static AnswerChange of(Row row) {
    return new AnswerChange(row.getString("question_id"), row.getString("value"), row.getString("comment"),
        row.getLong("version"), Person.of(row, "answered_by"), row.getOffsetDateTime("at").toInstant());
  }

  /** The JSON fields of the contract (answeredBy null once deleted, comment absent when there is none). */
  JsonObject toJson() {
    JsonObject json = new JsonObject().put("questionId", questionId).put("value", value);
    if (comment != null) {
      json.put("comment", comment);
    }
    return json.put("version", version).put("answeredBy", answeredBy == null ? null : answeredBy.toJson())
        .put("at", at.toString());
  }

  /** For a GraphQL error's extensions (every field present, nulls included). */
  Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("questionId", questionId);
    map.put("value", value);
    map.put("comment", comment);
    map.put("version", version);
    map.put("answeredBy", answeredBy == null ? null : answeredBy.toJson().getMap());
    map.put("at", at.toString());
    return map;
  }
}
