package io.bastion.user.report;

import io.bastion.catalogue.Catalogue;
import io.bastion.catalogue.Catalogues;
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
 * Puts the catalogue's words into a report: question text, answer label, recommendation and references of each
 * finding and quick win, and the text of each changed question. Reports are stored with the scoring facts and the
 * catalogue version they were computed with only; the words are added, from that exact version, when a report is
 * read (GraphQL) or delivered to a GraphQL subscription. The live feed (the bridge) carries the facts only; the page
 * joins the same words from the catalogue it loaded (webroot/js/words.js does what this class does).
 */
public final class ReportText {

  /** The label of the answer "na" where a question allows it. */
  public static final String NOT_APPLICABLE = "Not applicable";

  private final Catalogues catalogues;
  private final Map<String, Map<String, Question>> index = new HashMap<>();

  public ReportText(Catalogues catalogues) {
    this.catalogues = catalogues;
  }

  /** Adds the words in place and returns the same object. A report of an unknown catalogue stays as it is. */
  public JsonObject add(JsonObject report) {
    Map<String, Question> questions = questions(report.getString("catalogueId"),
        report.getString("catalogueVersion"));
    if (questions == null) {
      return report;
    }
    for (String list : List.of("findings", "quickWins")) {
      JsonArray items = report.getJsonArray(list);
      for (int i = 0; items != null && i < items.size(); i++) {
        finding(items.getJsonObject(i), questions);
      }
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

  /** The words of an answer value: the option's label, "Not applicable" for na, else the value itself. */
  public static String answerLabel(Question q, String value) {
    if (value == null) {
      return null;
    }
    if (Question.NA.equals(value)) {
      return NOT_APPLICABLE;
    }
    return q.option(value).map(Option::label).orElse(value);
  }

  private static void finding(JsonObject f, Map<String, Question> questions) {
    Question q = questions.get(f.getString("questionId"));
    if (q == null) {
      f.put("text", f.getString("questionId"));
      f.put("recommendation", "");
      f.put("references", List.of());
      return;
    }
    f.put("text", q.text());
    f.put("recommendation", q.recommendation().text());
    f.put("answerLabel", answerLabel(q, f.getString("answer")));
    List<Map<String, Object>> refs = new ArrayList<>();
    for (Reference r : q.references()) {
      refs.add(Map.of("framework", r.framework(), "id", r.id()));
    }
    f.put("references", refs);
  }

  private synchronized Map<String, Question> questions(String id, String version) {
    if (id == null || version == null) {
      return null;
    }
    return index.computeIfAbsent(Catalogue.key(id, version),
        k -> catalogues.get(id, version).map(Catalogue::questionsById).orElse(null));
  }
}
