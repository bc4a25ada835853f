package io.bastion.catalogue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads catalogue files (YAML or JSON, one catalogue per file) and validates them. Every problem found is reported
 * at once, each naming the question it concerns, so that a broken catalogue stops the node with a useful message.
 */
public final class CatalogueLoader {

  public static final double MIN_WEIGHT = 1.0;
  public static final double MAX_WEIGHT = 5.0;

  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  /** A catalogue id may also hold dots, for a framework's version in its name (csf-2.0). */
  private static final Pattern CATALOGUE_ID = Pattern.compile("[a-z0-9][a-z0-9.-]{0,62}");
  private static final Pattern CATEGORY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,31}");
  private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.-]{0,31}");
  private static final Pattern NIST_ID = Pattern.compile("(GV|ID|PR|DE|RS|RC)\\.[A-Z]{2}-\\d{2}");
  private static final Pattern CIS_ID = Pattern.compile("\\d{1,2}\\.\\d{1,2}");
  private static final Set<String> CATALOGUE_FIELDS =
      Set.of("id", "version", "title", "description", "audience", "functions", "categories", "questions");
  private static final Set<String> CATEGORY_FIELDS = Set.of("id", "function", "title");
  private static final Set<String> QUESTION_FIELDS = Set.of("id", "function", "text", "help", "type", "levels",
      "options", "na", "weight", "references", "recommendation", "showIf", "category");

  private static final List<Option> YES_NO = BuiltInWords.yesNoOptions(Language.EN);

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private CatalogueLoader() {
  }

  /**
   * Loads every {@code .yaml}, {@code .yml} and {@code .json} file of a directory: catalogues, and translation files
   * (a top-level {@code translation:}, docs/catalogues.md), which are checked against their catalogue. The first
   * file with problems fails the load with all of its problems.
   */
  public static Catalogues loadDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new CatalogueException(dir.toString(), List.of("catalogue directory does not exist"));
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(CatalogueLoader::isCatalogueFile).sorted().toList();
    }
    if (files.isEmpty()) {
      throw new CatalogueException(dir.toString(), List.of("no catalogue files (*.yaml, *.yml, *.json)"));
    }
    List<Catalogue> catalogues = new ArrayList<>();
    List<Translation> translations = new ArrayList<>();
    for (Path file : files) {
      String content = Files.readString(file, StandardCharsets.UTF_8);
      JsonNode root = readTree(file.toString(), content);
      if (TranslationReader.isTranslation(root)) {
        translations.add(TranslationReader.read(file.toString(), content));
      } else {
        catalogues.add(parse(file.toString(), content));
      }
    }
    return new Catalogues(catalogues, translations);
  }

  private static boolean isCatalogueFile(Path p) {
    String name = p.getFileName().toString();
    return Files.isRegularFile(p) && (name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json"));
  }

  /** Parses and validates one catalogue; {@code source} names the file in error messages. */
  public static Catalogue parse(String source, String content) {
    JsonNode root = readTree(source, content);
    if (root == null || !root.isObject()) {
      throw new CatalogueException(source, List.of("the file must hold one catalogue object"));
    }
    List<String> problems = new ArrayList<>();
    unknownFields(root, CATALOGUE_FIELDS, "catalogue", problems);
    String id = requiredText(root, "id", "catalogue", problems);
    if (id != null && !CATALOGUE_ID.matcher(id).matches()) {
      problems.add("catalogue: id '" + id + "' must be lower-case letters, digits, dots and dashes");
    }
    String version = requiredText(root, "version", "catalogue", problems);
    if (version != null && !VERSION.matcher(version).matches()) {
      problems.add("catalogue: version '" + version + "' must be letters, digits, dots and dashes");
    }
    String title = requiredText(root, "title", "catalogue", problems);
    String description = requiredText(root, "description", "catalogue", problems);
    String audience = optionalText(root, "audience");
    Map<CsfFunction, Double> functionWeights = functionWeights(root.get("functions"), problems);
    Map<String, Category> categories = categories(root.get("categories"), problems);

    JsonNode questionsNode = root.get("questions");
    List<Question> questions = new ArrayList<>();
    if (questionsNode == null || !questionsNode.isArray() || questionsNode.isEmpty()) {
      problems.add("catalogue: questions must be a non-empty list");
    } else {
      Set<String> seen = new HashSet<>();
      int index = 0;
      for (JsonNode q : questionsNode) {
        index++;
        Question question = question(q, index, seen, problems);
        if (question != null) {
          questions.add(question);
        }
      }
      checkConditions(questions, problems);
      checkCategories(questions, categories, problems);
    }
    if (!problems.isEmpty()) {
      throw new CatalogueException(source, problems);
    }
    return new Catalogue(id, version, title, description, audience, functionWeights, questions,
        List.copyOf(categories.values()), sha256(content));
  }

  private static JsonNode readTree(String source, String content) {
    try {
      return YAML.readTree(content);
    } catch (IOException e) {
      throw new CatalogueException(source, List.of("not valid YAML/JSON: " + e.getMessage().lines().findFirst().orElse("")));
    }
  }

  private static Map<CsfFunction, Double> functionWeights(JsonNode node, List<String> problems) {
    Map<CsfFunction, Double> weights = new EnumMap<>(CsfFunction.class);
    if (node == null || node.isNull()) {
      return weights;
    }
    if (!node.isObject()) {
      problems.add("catalogue: functions must map function codes to weights");
      return weights;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      var function = CsfFunction.parse(e.getKey());
      if (function.isEmpty()) {
        problems.add("catalogue: functions: unknown function '" + e.getKey() + "' (use GV, ID, PR, DE, RS, RC)");
      } else if (!e.getValue().isNumber() || e.getValue().asDouble() < MIN_WEIGHT
          || e.getValue().asDouble() > MAX_WEIGHT) {
        problems.add("catalogue: functions: weight of " + e.getKey() + " out of range (" + MIN_WEIGHT + " to "
            + MAX_WEIGHT + ")");
      } else {
        weights.put(function.get(), e.getValue().asDouble());
      }
    }
    return weights;
  }

  /** The optional list of categories, by id in file order. */
  private static Map<String, Category> categories(JsonNode node, List<String> problems) {
    Map<String, Category> categories = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return categories;
    }
    if (!node.isArray()) {
      problems.add("catalogue: categories must be a list of {id, function, title}");
      return categories;
    }
    int index = 0;
    for (JsonNode c : node) {
      index++;
      if (!c.isObject()) {
        problems.add("category #" + index + ": must be an object");
        continue;
      }
      String where = "category #" + index;
      String id = requiredText(c, "id", where, problems);
      if (id != null) {
        where = "category '" + id + "'";
        if (!CATEGORY_ID.matcher(id).matches()) {
          problems.add(where + ": id must be letters, digits, dots and dashes");
        }
      }
      unknownFields(c, CATEGORY_FIELDS, where, problems);
      String functionCode = requiredText(c, "function", where, problems);
      CsfFunction function = functionCode == null ? null : CsfFunction.parse(functionCode).orElse(null);
      if (functionCode != null && function == null) {
        problems.add(where + ": unknown function '" + functionCode + "' (use GV, ID, PR, DE, RS, RC)");
      }
      String title = requiredText(c, "title", where, problems);
      if (id != null && function != null && title != null
          && categories.putIfAbsent(id, new Category(id, function, title)) != null) {
        problems.add(where + ": duplicate id");
      }
    }
    return categories;
  }

  /** A question's category must be one of the catalogue's, of the question's own function. */
  private static void checkCategories(List<Question> questions, Map<String, Category> categories,
      List<String> problems) {
    for (Question q : questions) {
      if (q.category() == null) {
        continue;
      }
      Category c = categories.get(q.category());
      if (c == null) {
        problems.add("question '" + q.id() + "': unknown category '" + q.category() + "'"
            + (categories.isEmpty() ? " (the catalogue lists no categories)" : ""));
      } else if (c.function() != q.function()) {
        problems.add("question '" + q.id() + "': category '" + c.id() + "' belongs to function " + c.function()
            + ", the question to " + q.function());
      }
    }
  }

  private static Question question(JsonNode q, int index, Set<String> seen, List<String> problems) {
    if (!q.isObject()) {
      problems.add("question #" + index + ": must be an object");
      return null;
    }
    String where = "question #" + index;
    String id = requiredText(q, "id", where, problems);
    if (id != null) {
      where = "question '" + id + "'";
      if (!ID.matcher(id).matches()) {
        problems.add(where + ": id must be lower-case letters, digits and dashes");
      }
      if (!seen.add(id)) {
        problems.add(where + ": duplicate id");
      }
    }
    int before = problems.size();
    unknownFields(q, QUESTION_FIELDS, where, problems);
    String functionCode = requiredText(q, "function", where, problems);
    CsfFunction function = null;
    if (functionCode != null) {
      function = CsfFunction.parse(functionCode).orElse(null);
      if (function == null) {
        problems.add(where + ": unknown function '" + functionCode + "' (use GV, ID, PR, DE, RS, RC)");
      }
    }
    String text = requiredText(q, "text", where, problems);
    String help = optionalText(q, "help");
    String typeCode = requiredText(q, "type", where, problems);
    AnswerType type = null;
    if (typeCode != null) {
      type = AnswerType.parse(typeCode).orElse(null);
      if (type == null) {
        problems.add(where + ": unknown type '" + typeCode + "' (use yesno, maturity, choice)");
      }
    }
    List<Option> options = type == null ? List.of() : options(q, type, where, problems);
    boolean allowNa = !q.has("na") || q.get("na").asBoolean(true);
    double weight = 0;
    JsonNode w = q.get("weight");
    if (w == null || !w.isNumber()) {
      problems.add(where + ": weight missing (a number from " + MIN_WEIGHT + " to " + MAX_WEIGHT + ")");
    } else {
      weight = w.asDouble();
      if (weight < MIN_WEIGHT || weight > MAX_WEIGHT) {
        problems.add(where + ": weight " + w.asText() + " out of range (" + MIN_WEIGHT + " to " + MAX_WEIGHT + ")");
      }
    }
    List<Reference> references = references(q.get("references"), where, problems);
    Recommendation recommendation = recommendation(q.get("recommendation"), where, problems);
    Condition showIf = condition(q.get("showIf"), where, problems);
    if (problems.size() > before) {
      return null;
    }
    String category = optionalText(q, "category");
    return new Question(id, function, text, help, type, options, allowNa, weight, references, recommendation, showIf,
        category);
  }

  private static List<Option> options(JsonNode q, AnswerType type, String where, List<String> problems) {
    switch (type) {
      case YESNO:
        if (q.has("options") || q.has("levels")) {
          problems.add(where + ": a yesno question takes no options or levels");
        }
        return YES_NO;
      case MATURITY: {
        JsonNode levels = q.get("levels");
        if (levels == null || !levels.isArray() || levels.size() != 5) {
          problems.add(where + ": a maturity question needs levels: five labels, for levels 0 to 4");
          return List.of();
        }
        List<Option> options = new ArrayList<>();
        for (int level = 0; level < 5; level++) {
          String label = levels.get(level).asText("").trim();
          if (label.isEmpty()) {
            problems.add(where + ": maturity level " + level + " has no label");
          }
          options.add(new Option(Integer.toString(level), label, level / 4.0));
        }
        return options;
      }
      case CHOICE: {
        JsonNode opts = q.get("options");
        if (opts == null || !opts.isArray() || opts.size() < 2) {
          problems.add(where + ": a choice question needs at least two options");
          return List.of();
        }
        List<Option> options = new ArrayList<>();
        Set<String> values = new HashSet<>();
        for (JsonNode o : opts) {
          String value = o.path("value").asText("").trim();
          String label = o.path("label").asText("").trim();
          JsonNode score = o.get("score");
          if (value.isEmpty() || label.isEmpty()) {
            problems.add(where + ": every option needs a value and a label");
            continue;
          }
          if (!ID.matcher(value).matches() || Question.NA.equals(value)) {
            problems.add(where + ": option value '" + value + "' must be lower-case letters, digits and dashes, "
                + "and not 'na'");
          }
          if (!values.add(value)) {
            problems.add(where + ": duplicate option '" + value + "'");
          }
          if (score == null || !score.isNumber() || score.asDouble() < 0 || score.asDouble() > 1) {
            problems.add(where + ": option '" + value + "' needs a score from 0 to 1");
            continue;
          }
          options.add(new Option(value, label, score.asDouble()));
        }
        if (options.stream().noneMatch(o -> o.score() == 1.0)) {
          problems.add(where + ": one option must score 1 (fully met)");
        }
        return options;
      }
      default:
        throw new IllegalStateException(type.toString());
    }
  }

  private static List<Reference> references(JsonNode node, String where, List<String> problems) {
    List<Reference> refs = new ArrayList<>();
    if (node == null || !node.isObject()) {
      problems.add(where + ": references missing (nist: [...] and/or cis: [...])");
      return refs;
    }
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!name.equals("nist") && !name.equals("cis")) {
        problems.add(where + ": unknown reference framework '" + name + "' (use nist, cis)");
      }
    }
    for (JsonNode n : node.path("nist")) {
      String id = n.asText();
      if (!NIST_ID.matcher(id).matches()) {
        problems.add(where + ": '" + id + "' is not a NIST CSF 2.0 subcategory id (such as PR.AA-01)");
      }
      refs.add(new Reference(Reference.NIST_CSF, id));
    }
    for (JsonNode n : node.path("cis")) {
      String id = n.asText();
      if (!CIS_ID.matcher(id).matches()) {
        problems.add(where + ": '" + id + "' is not a CIS Controls v8 safeguard id (such as 6.3)");
      }
      refs.add(new Reference(Reference.CIS, id));
    }
    if (refs.isEmpty()) {
      problems.add(where + ": references missing (nist: [...] and/or cis: [...])");
    }
    return refs;
  }

  private static Recommendation recommendation(JsonNode node, String where, List<String> problems) {
    if (node == null || !node.isObject()) {
      problems.add(where + ": missing recommendation (text, effort, impact)");
      return null;
    }
    String text = node.path("text").asText("").trim();
    if (text.isEmpty()) {
      problems.add(where + ": missing recommendation text");
    }
    Effort effort = Effort.parse(node.path("effort").asText("")).orElse(null);
    if (effort == null) {
      problems.add(where + ": recommendation effort must be quick-win or project");
    }
    Impact impact = Impact.parse(node.path("impact").asText("")).orElse(null);
    if (impact == null) {
      problems.add(where + ": recommendation impact must be low, medium or high");
    }
    return new Recommendation(text, effort, impact);
  }

  private static Condition condition(JsonNode node, String where, List<String> problems) {
    if (node == null || node.isNull()) {
      return null;
    }
    String question = node.path("question").asText("").trim();
    JsonNode in = node.get("in");
    if (question.isEmpty() || in == null || !in.isArray() || in.isEmpty()) {
      problems.add(where + ": showIf needs a question and a non-empty list 'in' of values");
      return null;
    }
    List<String> values = new ArrayList<>();
    for (JsonNode v : in) {
      values.add(v.asText());
    }
    return new Condition(question, values);
  }

  /** Conditions must name an earlier or later question of the same catalogue, with values it allows, without cycles. */
  private static void checkConditions(List<Question> questions, List<String> problems) {
    Map<String, Question> byId = new LinkedHashMap<>();
    for (Question q : questions) {
      byId.put(q.id(), q);
    }
    for (Question q : questions) {
      Condition c = q.showIf();
      if (c == null) {
        continue;
      }
      Question target = byId.get(c.question());
      if (target == null) {
        problems.add("question '" + q.id() + "': condition names unknown question '" + c.question() + "'");
        continue;
      }
      if (target.id().equals(q.id())) {
        problems.add("question '" + q.id() + "': condition names the question itself");
        continue;
      }
      for (String v : c.in()) {
        if (!target.allows(v)) {
          problems.add("question '" + q.id() + "': condition value '" + v + "' is not an answer of '"
              + target.id() + "' (allowed: " + String.join(", ", target.allowedValues()) + ")");
        }
      }
    }
    Map<String, Integer> state = new HashMap<>();
    for (Question q : questions) {
      if (hasCycle(q.id(), byId, state)) {
        problems.add("question '" + q.id() + "': conditions form a cycle");
        return;
      }
    }
  }

  private static boolean hasCycle(String id, Map<String, Question> byId, Map<String, Integer> state) {
    Integer s = state.get(id);
    if (s != null) {
      return s == 1;
    }
    state.put(id, 1);
    Question q = byId.get(id);
    if (q != null && q.showIf() != null && byId.containsKey(q.showIf().question())
        && hasCycle(q.showIf().question(), byId, state)) {
      return true;
    }
    state.put(id, 2);
    return false;
  }

  /** Also used by TranslationReader: the same wording of a problem in either kind of file. */
  static void unknownFields(JsonNode node, Set<String> known, String where, List<String> problems) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!known.contains(name)) {
        problems.add(where + ": unknown field '" + name + "'");
      }
    }
  }

  static String requiredText(JsonNode node, String field, String where, List<String> problems) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull() || !v.isValueNode() || v.asText().isBlank()) {
      problems.add(where + ": " + field + " missing");
      return null;
    }
    return v.asText().trim();
  }

  private static String optionalText(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText().trim();
  }

  private static String sha256(String content) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(content.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
