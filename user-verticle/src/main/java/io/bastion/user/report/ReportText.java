package io.bastion.user.report;

import io.bastion.catalogue.BuiltInWords;
import io.bastion.catalogue.Catalogue;
import io.bastion.catalogue.Catalogues;
import io.bastion.catalogue.Category;
import io.bastion.catalogue.CsfFunction;
import io.bastion.catalogue.Language;
import io.bastion.catalogue.Option;
import io.bastion.catalogue.Question;
import io.bastion.catalogue.Reference;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts the words into a report, in the language of the request: question text, answer label, recommendation and
 * references of each finding and quick win, the text of each changed question, the tier's name (from its number),
 * each function's name (from its code) and each category's title (from the catalogue, the stored one as fallback).
 * Reports are stored with the scoring facts and the catalogue version they were computed with; the words are added,
 * from that exact version in the asked language, when a report is read (GraphQL) or delivered to a GraphQL
 * subscription, so the same stored report reads in either language. The live feed (the bridge) carries the facts
 * only; the page joins the same words from the catalogue it loaded (webroot/js/words.js does what this class does).
 */
public final class ReportText {

  /** The label of the answer "na" where a question allows it, in English. */
  public static final String NOT_APPLICABLE = BuiltInWords.notApplicable(Language.EN);

  private final Catalogues catalogues;
  private final Map<String, Catalogue> index = new HashMap<>();

  public ReportText(Catalogues catalogues) {
    this.catalogues = catalogues;
  }

  /** In English: {@link #add(JsonObject, Language)}. */
  public JsonObject add(JsonObject report) {
    return add(report, Language.DEFAULT);
  }

  /**
   * Adds the words in {@code language} in place and returns the same object. A report of an unknown catalogue gets
   * the tier and function names only; its other words stay as they are.
   */
  public JsonObject add(JsonObject report, Language language) {
    fixedWords(report, language);
    Catalogue catalogue = catalogue(report.getString("catalogueId"), report.getString("catalogueVersion"), language);
    if (catalogue == null) {
      return report;
    }
    Map<String, Question> questions = catalogue.questionsById();
    for (String list : List.of("findings", "quickWins")) {
      JsonArray items = report.getJsonArray(list);
      for (int i = 0; items != null && i < items.size(); i++) {
        finding(items.getJsonObject(i), questions, language);
      }
    }
    JsonArray categories = report.getJsonArray("categories");
    for (int i = 0; categories != null && i < categories.size(); i++) {
      JsonObject c = categories.getJsonObject(i);
      catalogue.category(c.getString("category")).map(Category::title).ifPresent(t -> c.put("title", t));
    }
    JsonObject delta = report.getJsonObject("delta");
    if (delta != null) {
      for (String list : List.of("improved", "regressed")) {
        JsonArray changes = delta.getJsonArray(list);
        for (int i = 0; changes != null && i < changes.size(); i++) {
          JsonObject change = changes.getJsonObject(i);
          Question q = questions.get(change.getString("questionId"));
          change.put("text", q == null ? change.getString("questionId") : q.text());
        }
      }
    }
    return report;
  }

  /** The tier's name from its number and each function's name from its code: words never read from storage. */
  private static void fixedWords(JsonObject report, Language language) {
    if (report.getValue("tier") instanceof Number n) {
      String name = Words.of(language).tier(n.intValue());
      if (name != null) {
        report.put("tierName", name);
      }
    }
    JsonArray functions = report.getJsonArray("functions");
    for (int i = 0; functions != null && i < functions.size(); i++) {
      JsonObject f = functions.getJsonObject(i);
      CsfFunction.parse(f.getString("function")).ifPresent(code -> f.put("name", code.title(language)));
    }
  }

  /** In English: {@link #answerLabel(Question, String, Language)}. */
  public static String answerLabel(Question q, String value) {
    return answerLabel(q, value, Language.DEFAULT);
  }

  /**
   * The words of an answer value: "Not applicable" (in the language) for na, else the option's label of {@code q}
   * (pass the question of the catalogue in that language: its yes/no labels are BuiltInWords'), else the value
   * itself; null for no answer.
   */
  public static String answerLabel(Question q, String value, Language language) {
    if (value == null) {
      return null;
    }
    if (Question.NA.equals(value)) {
      return notApplicable(language);
    }
    return q.option(value).map(Option::label).orElse(value);
  }

  public static String notApplicable(Language language) {
    return BuiltInWords.notApplicable(language);
  }

  private static void finding(JsonObject f, Map<String, Question> questions, Language language) {
    Question q = questions.get(f.getString("questionId"));
    if (q == null) {
      f.put("text", f.getString("questionId"));
      f.put("recommendation", "");
      f.put("references", List.of());
      return;
    }
    f.put("text", q.text());
    f.put("recommendation", q.recommendation().text());
    f.put("answerLabel", answerLabel(q, f.getString("answer"), language));
    List<Map<String, Object>> refs = new ArrayList<>();
    for (Reference r : q.references()) {
      refs.add(Map.of("framework", r.framework(), "id", r.id()));
    }
    f.put("references", refs);
  }

  private synchronized Catalogue catalogue(String id, String version, Language language) {
    if (id == null || version == null) {
      return null;
    }
    return index.computeIfAbsent(Catalogue.key(id, version) + "/" + language.code(),
        k -> catalogues.get(id, version, language).orElse(null));
  }
}
