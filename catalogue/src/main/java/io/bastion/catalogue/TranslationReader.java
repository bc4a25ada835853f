package io.bastion.catalogue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a translation file (a YAML/JSON object with a top-level {@code translation:}) into a {@link Translation}:
 * its shape only (fields, types, language). Whether its ids exist in the catalogue is {@link Localiser}'s check.
 * Every problem is reported at once, each naming its place. An empty or null text is a missing one, not an error.
 */
final class TranslationReader {

  /** The field that tells a translation file from a catalogue file. */
  static final String MARKER = "translation";

  private static final Set<String> FIELDS = Set.of(MARKER, "version", "language", "title", "description",
      "audience", "categories", "questions");
  private static final Set<String> QUESTION_FIELDS = Set.of("text", "help", "recommendation", "levels", "options");

  /** A question id given twice would silently lose one of its texts: a duplicate key is an error here. */
  private static final ObjectMapper STRICT_YAML = new ObjectMapper(new YAMLFactory()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION));

  private TranslationReader() {
  }

  static boolean isTranslation(JsonNode root) {
    return root != null && root.isObject() && root.has(MARKER);
  }

  static Translation read(String source, String content) {
    JsonNode root;
    try {
      root = STRICT_YAML.readTree(content);
    } catch (IOException e) {
      throw new CatalogueException(source, List.of("not valid YAML/JSON: "
          + e.getMessage().lines().findFirst().orElse("")));
    }
    return read(source, root);
  }

  static Translation read(String source, JsonNode root) {
    List<String> problems = new ArrayList<>();
    CatalogueLoader.unknownFields(root, FIELDS, "translation", problems);
    String catalogueId = CatalogueLoader.requiredText(root, MARKER, "translation", problems);
    String version = CatalogueLoader.requiredText(root, "version", "translation", problems);
    String code = CatalogueLoader.requiredText(root, "language", "translation", problems);
    Language language = null;
    if (code != null) {
      language = Language.parse(code).filter(l -> l.code().equals(code)).orElse(null);
      if (language == null || language == Language.EN) {
        problems.add("translation: language '" + code + "' must be one of " + otherCodes()
            + " (English is the catalogue file itself)");
        language = null;
      }
    }
    String title = text(root, "title", "translation", problems);
    String description = text(root, "description", "translation", problems);
    String audience = text(root, "audience", "translation", problems);
    Map<String, String> categories = textMap(root.get("categories"), "translation: categories",
        "category id to its title", problems);
    Map<String, Translation.QuestionTexts> questions = questions(root.get("questions"), problems);
    if (!problems.isEmpty()) {
      throw new CatalogueException(source, problems);
    }
    return new Translation(source, catalogueId, version, language, title, description, audience, categories,
        questions);
  }

  private static Map<String, Translation.QuestionTexts> questions(JsonNode node, List<String> problems) {
    Map<String, Translation.QuestionTexts> questions = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return questions;
    }
    if (!node.isObject()) {
      problems.add("translation: questions must map question ids to their texts");
      return questions;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      String where = "question '" + e.getKey() + "'";
      JsonNode q = e.getValue();
      if (q == null || q.isNull()) {
        questions.put(e.getKey(), new Translation.QuestionTexts(null, null, null, null, Map.of()));
        continue;
      }
      if (!q.isObject()) {
        problems.add(where + ": must hold its texts (text, help, recommendation, levels, options)");
        continue;
      }
      CatalogueLoader.unknownFields(q, QUESTION_FIELDS, where, problems);
      questions.put(e.getKey(), new Translation.QuestionTexts(
          text(q, "text", where, problems),
          text(q, "help", where, problems),
          recommendation(q.get("recommendation"), where, problems),
          levels(q.get("levels"), where, problems),
          textMap(q.get("options"), where + ": options", "option value to its label", problems)));
    }
    return questions;
  }

  /** Only the recommendation's text is a word; effort and impact are facts of the catalogue. */
  private static String recommendation(JsonNode node, String where, List<String> problems) {
    if (node != null && node.isObject()) {
      problems.add(where + ": recommendation is its text only (effort and impact come from the catalogue)");
      return null;
    }
    return scalar(node, where + ": recommendation", problems);
  }

  private static List<String> levels(JsonNode node, String where, List<String> problems) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isArray()) {
      problems.add(where + ": levels must be a list of labels, one per maturity level");
      return null;
    }
    List<String> labels = new ArrayList<>();
    int level = 0;
    for (JsonNode label : node) {
      labels.add(scalar(label, where + ": level " + level, problems));
      level++;
    }
    return labels;
  }

  private static Map<String, String> textMap(JsonNode node, String where, String what, List<String> problems) {
    Map<String, String> map = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return map;
    }
    if (!node.isObject()) {
      problems.add(where + " must map " + what);
      return map;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      map.put(e.getKey(), scalar(e.getValue(), where + " '" + e.getKey() + "'", problems));
    }
    return map;
  }

  private static String text(JsonNode node, String field, String where, List<String> problems) {
    return scalar(node.get(field), where + ": " + field, problems);
  }

  /** A text, or null when absent, null or blank; a list or object where a text belongs is an error. */
  private static String scalar(JsonNode v, String where, List<String> problems) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isValueNode()) {
      problems.add(where + " must be text");
      return null;
    }
    String s = v.asText().trim();
    return s.isEmpty() ? null : s;
  }

  private static String otherCodes() {
    List<String> codes = new ArrayList<>();
    for (Language l : Language.values()) {
      if (l != Language.EN) {
        codes.add(l.code());
      }
    }
    return String.join(", ", codes);
  }
}
