package io.bastion.user.export;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.regex.JDKRegularExpressionFactory;
import com.networknt.schema.regex.RegularExpressionFactory;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * NIST's OSCAL 1.2.1 assessment-results and POA&M JSON schemas (byte copies in src/test/resources/oscal, see the README there),
 * with networknt's validator: draft-07, format assertions on, and the JDK's regular expressions, which know the
 * Unicode classes ({@code \p{L}}, {@code \p{N}}) the schema's patterns use (OscalSchemaTest checks that every pattern
 * compiles with it and that patterns and formats are really evaluated).
 */
final class OscalSchema {

  static final String SCHEMA = "/oscal/oscal_assessment-results_schema.json";
  static final String NIST_EXAMPLE = "/oscal/example-assessment-results.json";
  static final String POAM_SCHEMA = "/oscal/oscal_poam_schema.json";
  static final String POAM_EXAMPLE = "/oscal/example-poam.json";
  static final RegularExpressionFactory REGEX = JDKRegularExpressionFactory.getInstance();

  private static final Map<String, Schema> SCHEMAS = new HashMap<>();

  private OscalSchema() {
  }

  /** The schema's complaints about a document; empty when it is valid. */
  static List<Error> validate(String json) {
    return schema(SCHEMA).validate(json, InputFormat.JSON);
  }

  /** The POA&M schema's complaints about a document; empty when it is valid. */
  static List<Error> validatePoam(String json) {
    return schema(POAM_SCHEMA).validate(json, InputFormat.JSON);
  }

  static List<Error> validatePoam(JsonObject document) {
    return validatePoam(document.encode());
  }

  static List<Error> validate(JsonObject document) {
    return validate(document.encode());
  }

  static synchronized Schema schema(String path) {
    Schema schema = SCHEMAS.get(path);
    if (schema == null) {
      SchemaRegistryConfig config = SchemaRegistryConfig.builder()
          .regularExpressionFactory(REGEX)
          .formatAssertionsEnabled(true)
          .build();
      SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7,
          b -> b.schemaRegistryConfig(config));
      try (InputStream in = OscalSchema.class.getResourceAsStream(path)) {
        schema = registry.getSchema(in);
        schema.initializeValidators();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      SCHEMAS.put(path, schema);
    }
    return schema;
  }

  static String resource(String path) {
    try (InputStream in = OscalSchema.class.getResourceAsStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every value of a "pattern" keyword in the schema. */
  static List<String> patterns() {
    return patterns(SCHEMA);
  }

  static List<String> patterns(String schemaPath) {
    List<String> found = new ArrayList<>();
    collect(new JsonObject(resource(schemaPath)), found);
    return found;
  }

  private static void collect(Object node, List<String> found) {
    if (node instanceof JsonObject o) {
      o.forEach(e -> {
        if (e.getKey().equals("pattern") && e.getValue() instanceof String p) {
          found.add(p);
        } else {
          collect(e.getValue(), found);
        }
      });
    } else if (node instanceof JsonArray a) {
      a.forEach(v -> collect(v, found));
    }
  }
}
