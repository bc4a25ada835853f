package io.bastion.user.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * That "valid against the OSCAL POA&M schema" means something: its patterns compile with the validator's regular
 * expressions, NIST's own POA&M example is valid, and documents broken in one place are not (no poam-items, an empty
 * list of them, a risk without its required statement, a deadline that is not a date-time with a time zone, a
 * system-id without its id, a poam-item with a field the model does not have).
 */
class OscalPoamSchemaTest {

  @Test
  void everyPatternOfThePoamSchemaCompilesWithTheValidatorsRegularExpressions() {
    List<String> patterns = OscalSchema.patterns(OscalSchema.POAM_SCHEMA);
    assertThat(patterns).isNotEmpty().anyMatch(p -> p.contains("\\p{L}"));
    for (String p : patterns) {
      Pattern.compile(p);
      assertThat(OscalSchema.REGEX.getRegularExpression(p)).as(p).isNotNull();
    }
  }

  @Test
  void nistsPoamExampleIsValid() {
    assertThat(OscalSchema.validatePoam(OscalSchema.resource(OscalSchema.POAM_EXAMPLE))).isEmpty();
  }

  @Test
  void aPoamBrokenInOnePlaceIsInvalid() {
    assertThat(OscalSchema.validatePoam(example())).isEmpty();

    JsonObject noItems = example();
    poam(noItems).remove("poam-items");
    assertInvalid(noItems, "poam-items");
    JsonObject emptyItems = example();
    poam(emptyItems).put("poam-items", new JsonArray());
    assertInvalid(emptyItems, "poam-items");
    JsonObject noStatement = example();
    poam(noStatement).getJsonArray("risks").getJsonObject(0).remove("statement");
    assertInvalid(noStatement, "statement");
    JsonObject badDeadline = example();
    poam(badDeadline).getJsonArray("risks").getJsonObject(0).put("deadline", "2024-01-01");
    assertInvalid(badDeadline, "deadline");
    JsonObject badStatus = example();
    poam(badStatus).getJsonArray("risks").getJsonObject(0).put("status", "risk accepted");
    assertInvalid(badStatus, "status");
    JsonObject noSystemId = example();
    poam(noSystemId).getJsonObject("system-id").remove("id");
    assertInvalid(noSystemId, "system-id");
    JsonObject extra = example();
    poam(extra).getJsonArray("poam-items").getJsonObject(0).put("owner", "someone");
    assertInvalid(extra, "poam-items");
  }

  private static JsonObject example() {
    return new JsonObject(OscalSchema.resource(OscalSchema.POAM_EXAMPLE));
  }

  private static JsonObject poam(JsonObject document) {
    return document.getJsonObject("plan-of-action-and-milestones");
  }

  private static void assertInvalid(JsonObject document, String where) {
    List<Error> errors = OscalSchema.validatePoam(document);
    assertThat(errors).as("errors for a broken " + where).isNotEmpty();
    assertThat(errors).as("an error names " + where)
        .anyMatch(e -> String.valueOf(e.getInstanceLocation()).contains(where)
            || String.valueOf(e.getProperty()).contains(where));
  }
}
