package io.bastion.catalogue;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A questionnaire: id, version and the ordered questions, optionally grouped in categories (empty when none). Immutable; a changed catalogue gets a new version so
 * that assessments started with the old one keep being scored by the old one.
 */
public record Catalogue(
    String id,
    String version,
    String title,
    String description,
    String audience,
    Map<CsfFunction, Double> functionWeights,
    List<Question> questions,
    List<Category> categories,
    String sha256) {

  public Catalogue {
    functionWeights = Map.copyOf(functionWeights.isEmpty() ? Map.of() : new EnumMap<>(functionWeights));
    questions = List.copyOf(questions);
    categories = List.copyOf(categories);
  }

  public Optional<Category> category(String categoryId) {
    return categories.stream().filter(c -> c.id().equals(categoryId)).findFirst();
  }

  public Optional<Question> question(String questionId) {
    for (Question q : questions) {
      if (q.id().equals(questionId)) {
        return Optional.of(q);
      }
    }
    return Optional.empty();
  }

  public Map<String, Question> questionsById() {
    Map<String, Question> byId = new LinkedHashMap<>();
    for (Question q : questions) {
      byId.put(q.id(), q);
    }
    return byId;
  }

  /** The ids of the questions shown with these answers (question id to value), in catalogue order. */
  public List<String> visibleQuestionIds(Map<String, String> answers) {
    return new Visibility(this, answers).shownIds();
  }

  /** Weight of a function in the overall score; 1 unless the catalogue says otherwise. */
  public double functionWeight(CsfFunction function) {
    return functionWeights.getOrDefault(function, 1.0);
  }

  public String key() {
    return key(id, version);
  }

  public static String key(String id, String version) {
    return id + "@" + version;
  }
}
