package io.bastion.user.report;

import io.bastion.catalogue.Catalogue;
import io.bastion.catalogue.Catalogues;
import io.bastion.catalogue.Option;
import io.bastion.catalogue.Question;
import io.bastion.catalogue.Reference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts the catalogue's words back into a report for readers: question text, answer label, recommendation and
 * references of each finding and quick win, and the text of each changed question. Reports store only the
 * scoring facts and the catalogue version they were computed with; the words come from that exact version.
 */
public final class ReportText {

  private final Catalogues catalogues;
  private final Map<String, Map<String, Question>> index = new HashMap<>();

  public ReportText(Catalogues catalogues) {
    this.catalogues = catalogues;
  }

  /** Adds the texts in place and returns the same map. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> add(Map<String, Object> report) {
    Map<String, Question> questions = questions((String) report.get("catalogueId"),
        (String) report.get("catalogueVersion"));
    if (questions == null) {
      return report;
    }
    for (String list : List.of("findings", "quickWins")) {
      Object items = report.get(list);
      if (items instanceof List<?> l) {
        for (Object o : l) {
          finding((Map<String, Object>) o, questions);
        }
      }
    }
    if (report.get("delta") instanceof Map<?, ?> delta) {
      for (String list : List.of("improved", "regressed")) {
        if (delta.get(list) instanceof List<?> l) {
          for (Object o : l) {
            Map<String, Object> change = (Map<String, Object>) o;
            Question q = questions.get((String) change.get("questionId"));
            change.put("text", q == null ? change.get("questionId") : q.text());
          }
        }
      }
    }
    return report;
  }

  private static void finding(Map<String, Object> f, Map<String, Question> questions) {
    Question q = questions.get((String) f.get("questionId"));
    if (q == null) {
      f.put("text", f.get("questionId"));
      f.put("recommendation", "");
      f.put("references", List.of());
      return;
    }
    f.put("text", q.text());
    f.put("recommendation", q.recommendation().text());
    Object answer = f.get("answer");
    f.put("answerLabel", answer == null ? null : q.option(answer.toString()).map(Option::label).orElse(answer.toString()));
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
