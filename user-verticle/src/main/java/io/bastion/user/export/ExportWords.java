package io.bastion.user.export;

import io.bastion.catalogue.Catalogue;
import io.bastion.catalogue.CsfFunction;
import io.bastion.catalogue.Language;
import io.bastion.catalogue.Question;
import io.bastion.catalogue.Reference;
import io.bastion.user.report.ReportText;
import io.bastion.user.report.Words;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The words of an export in its language: the catalogue's, from the exact catalogue version of the assessment with
 * its texts in that language (where this node does not have that version, or a question is gone from it, the ids
 * stand in for the words), and Bastion's fixed words ({@link Words}).
 */
final class ExportWords {

  private final Map<String, Question> questions;
  private final List<Question> ordered;
  private final Language language;
  private final Words fixed;

  /** In English. */
  ExportWords(Optional<Catalogue> catalogue) {
    this(catalogue, Language.DEFAULT);
  }

  /** @param catalogue the catalogue version with its texts in {@code language} (Catalogues.get(id, version, language)) */
  ExportWords(Optional<Catalogue> catalogue, Language language) {
    this.questions = catalogue.map(Catalogue::questionsById).orElse(Map.of());
    this.ordered = catalogue.map(Catalogue::questions).orElse(List.of());
    this.language = language;
    this.fixed = Words.of(language);
  }

  Language language() {
    return language;
  }

  /** Bastion's own words in the export's language. */
  Words fixed() {
    return fixed;
  }

  /** The answers in the catalogue's order (questions this version does not have last, by id). */
  List<ExportData.Answer> inCatalogueOrder(List<ExportData.Answer> answers) {
    Map<String, Integer> position = new HashMap<>();
    for (int i = 0; i < ordered.size(); i++) {
      position.put(ordered.get(i).id(), i);
    }
    List<ExportData.Answer> sorted = new ArrayList<>(answers);
    sorted.sort(Comparator.comparing((ExportData.Answer a) -> position.getOrDefault(a.questionId(), Integer.MAX_VALUE))
        .thenComparing(ExportData.Answer::questionId));
    return sorted;
  }

  String text(String questionId) {
    Question q = questions.get(questionId);
    return q == null ? questionId : q.text();
  }

  /** The option's label, "Not applicable" for na, the value itself when unknown; null for no answer. */
  String answerLabel(String questionId, String value) {
    Question q = questions.get(questionId);
    return q == null ? value : ReportText.answerLabel(q, value, language);
  }

  String recommendation(String questionId) {
    Question q = questions.get(questionId);
    return q == null ? "" : q.recommendation().text();
  }

  /** The function's name (Govern, Steuern...) for its code (GV...) in the export's language, the code when unknown. */
  String function(String code) {
    return CsfFunction.parse(code).map(f -> f.title(language)).orElse(code == null ? "" : code);
  }

  /** The tier's name for its number in the export's language; the stored name for a number Bastion does not know. */
  String tier(Object number, String stored) {
    String name = number instanceof Number n ? fixed.tier(n.intValue()) : null;
    return name == null ? stored : name;
  }

  /** The question's function code, or null when the question is unknown. */
  String functionOf(String questionId) {
    Question q = questions.get(questionId);
    return q == null ? null : q.function().name();
  }

  /** The NIST CSF 2.0 ids the question refers to (GV.RR-01...), in the catalogue's order. */
  List<String> nistIds(String questionId) {
    Question q = questions.get(questionId);
    if (q == null) {
      return List.of();
    }
    return q.references().stream().filter(r -> Reference.NIST_CSF.equals(r.framework())).map(Reference::id)
        .toList();
  }

  /** Every NIST CSF 2.0 id the catalogue refers to, once each, in the catalogue's order. */
  List<String> allNistIds() {
    Set<String> ids = new LinkedHashSet<>();
    for (Question q : ordered) {
      ids.addAll(nistIds(q.id()));
    }
    return List.copyOf(ids);
  }
}
