package io.bastion.user.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * That "valid against the OSCAL schema" means something: every pattern of NIST's schema compiles with the
 * validator's regular expressions, NIST's own example is valid, and documents broken in one place (a UUID that is not
 * version 4 or 5, a token that \p{L} does not allow, a date that is not one, a missing required field) are not.
 */
class OscalSchemaTest {

  @Test
  void everyPatternOfTheSchemaCompilesWithTheValidatorsRegularExpressions() {
    List<String> patterns = OscalSchema.patterns();
    assertThat(patterns).as("the schema's patterns (its datatypes: 8)").hasSize(8)
        .anyMatch(p -> p.contains("\\p{L}"));
    for (String p : patterns) {
      Pattern.compile(p); // throws on a pattern the JDK cannot read
      assertThat(OscalSchema.REGEX.getRegularExpression(p)).as(p).isNotNull();
    }
  }

  @Test
  void nistsExampleIsValid() {
    assertThat(OscalSchema.validate(OscalSchema.resource(OscalSchema.NIST_EXAMPLE))).isEmpty();
  }

  @Test
  void aDocumentBrokenInOnePlaceIsInvalid() {
    JsonObject good = example();
    assertThat(OscalSchema.validate(good)).isEmpty();

    assertInvalid(set(example(), "not-a-uuid", "uuid"), "uuid");
    // A name-based UUID of version 3 (what UUID.nameUUIDFromBytes makes) is not one OSCAL accepts.
    assertInvalid(set(example(), UUID.nameUUIDFromBytes(new byte[] {1}).toString(), "uuid"), "uuid");
    assertInvalid(set(example(), "2023-06-02 08:31", "results", 0, "start"), "start");
    assertInvalid(set(example(), "1ac-6.1_obj", "results", 0, "findings", 0, "target", "target-id"), "target-id");
    assertInvalid(set(example(), "a title\nover two lines", "metadata", "title"), "title");
    JsonObject missing = example();
    missing.getJsonObject("assessment-results").getJsonObject("metadata").remove("oscal-version");
    assertInvalid(missing, "oscal-version");
  }

  @Test
  void tokensAreCheckedWithUnicodeLetterClasses() {
    // \p{L} is any letter: a control id starting with é is a token; one starting with a digit or a dash is not.
    assertThat(OscalSchema.validate(set(example(), "équipe-1", "results", 0, "findings", 0, "target", "target-id")))
        .isEmpty();
    assertInvalid(set(example(), "-ac", "results", 0, "findings", 0, "target", "target-id"), "target-id");
  }

  @Test
  void nameBasedUuidsAreVersionFiveAsRfc4122Says() {
    // RFC 4122's namespace for DNS names, and the well-known v5 UUID of www.example.com in it.
    UUID dns = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
    assertThat(NameUuids.v5(dns, "www.example.com"))
        .isEqualTo(UUID.fromString("2ed6657d-e927-568b-95e1-2665a8aea6a2"));
    UUID id = NameUuids.of("a", 1, "b");
    assertThat(id.version()).isEqualTo(5);
    assertThat(id.variant()).isEqualTo(2);
    assertThat(NameUuids.of("a", 1, "b")).isEqualTo(id);
    assertThat(NameUuids.of("a", 2, "b")).isNotEqualTo(id);
  }

  private static JsonObject example() {
    return new JsonObject(OscalSchema.resource(OscalSchema.NIST_EXAMPLE));
  }

  /** The document with the value at {@code path} (below assessment-results; names and indexes) replaced. */
  private static JsonObject set(JsonObject document, String value, Object... path) {
    Object node = document.getJsonObject("assessment-results");
    for (int i = 0; i < path.length - 1; i++) {
      node = path[i] instanceof Integer index
          ? ((io.vertx.core.json.JsonArray) node).getValue(index)
          : ((JsonObject) node).getValue((String) path[i]);
    }
    ((JsonObject) node).put((String) path[path.length - 1], value);
    return document;
  }

  private static void assertInvalid(JsonObject document, String where) {
    List<Error> errors = OscalSchema.validate(document);
    assertThat(errors).as("errors for a broken " + where).isNotEmpty();
    assertThat(errors).as("an error names " + where)
        .anyMatch(e -> String.valueOf(e.getInstanceLocation()).contains(where)
            || String.valueOf(e.getProperty()).contains(where));
  }
}
