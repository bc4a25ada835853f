package io.bastion.user.assessment;

import io.bastion.catalogue.Question;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

/**
 * An item of the action plan (GraphQL ActionItem). {@code status} is what the team sees: DONE while the question is
 * answered fully ({@code closedByAnswer}), else the status last set ({@code setStatus}); so a gap that opens again
 * reopens the item. Overdue: a due date before today on an item still open or in progress.
 */
public record ActionItem(UUID id, String questionId, String title, Person owner, String dueDate, String status,
    String setStatus, boolean closedByAnswer, String reason, boolean overdue, Person createdBy, Instant createdAt,
    Instant updatedAt) {

  public static final String OPEN = "OPEN";
  public static final String IN_PROGRESS = "IN_PROGRESS";
  public static final String DONE = "DONE";
  public static final String RISK_ACCEPTED = "RISK_ACCEPTED";

  /** A row of ACTIONS_OF; {@code question} is the item's question in the assessment's catalogue, if it has one. */
  public static ActionItem of(Row row, Optional<Question> question, LocalDate today) {
    String set = row.getString("status");
    String answer = row.getString("answer");
    boolean full = answer != null && question.flatMap(q -> q.option(answer)).map(o -> o.score() >= 1.0).orElse(false);
    String status = full ? DONE : set;
    LocalDate due = row.getLocalDate("due_date");
    boolean open = OPEN.equals(status) || IN_PROGRESS.equals(status);
    return new ActionItem(row.getUUID("id"), row.getString("question_id"), row.getString("title"),
        Person.of(row, "owner_id"), due == null ? null : due.toString(), status, set, full, row.getString("reason"),
        open && due != null && due.isBefore(today), Person.of(row, "created_by"),
        row.getOffsetDateTime("created_at").toInstant(), row.getOffsetDateTime("updated_at").toInstant());
  }

  /** As the live feed carries it (the fields of ActionItem). */
  JsonObject toJson() {
    return new JsonObject().put("id", id.toString()).put("questionId", questionId).put("title", title)
        .put("owner", owner == null ? null : owner.toJson()).put("dueDate", dueDate).put("status", status)
        .put("setStatus", setStatus).put("closedByAnswer", closedByAnswer).put("reason", reason)
        .put("overdue", overdue).put("createdBy", createdBy == null ? null : createdBy.toJson())
        .put("createdAt", createdAt.toString()).put("updatedAt", updatedAt.toString());
  }
}
