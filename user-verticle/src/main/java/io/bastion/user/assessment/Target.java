package io.bastion.user.assessment;

import io.bastion.catalogue.CsfFunction;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;

/**
 * The score an assessment's team aims for in one function (GraphQL FunctionTarget); setBy is null once that account
 * is gone.
 */
public record Target(String function, String name, double score, Person setBy, Instant setAt) {

  public static Target of(Row row) {
    CsfFunction function = CsfFunction.valueOf(row.getString("function"));
    return new Target(function.name(), function.title(), row.getDouble("score"), Person.of(row, "set_by"),
        row.getOffsetDateTime("set_at").toInstant());
  }

  /** As the live feed carries it (the fields of FunctionTarget). */
  JsonObject toJson() {
    return new JsonObject().put("function", function).put("name", name).put("score", score)
        .put("setBy", setBy == null ? null : setBy.toJson()).put("setAt", setAt.toString());
  }
}
