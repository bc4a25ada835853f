package io.bastion.security.scoring;

import io.bastion.catalogue.Catalogue;
import io.bastion.catalogue.CsfFunction;
import java.util.List;
import java.util.Map;

/**
 * The unrounded result of scoring one snapshot: what {@link Scorer} builds reports and deltas from.
 *
 * @param functionScores 0 to 100 per function; absent when none of the function's questions applies
 * @param overall        0 to 100
 */
public record Scored(
    Catalogue catalogue,
    List<QuestionResult> questions,
    Map<CsfFunction, Double> functionScores,
    double overall,
    int applicable,
    int answered,
    Tier tier) {

  public boolean complete() {
    return answered == applicable;
  }

  public QuestionResult result(String questionId) {
    for (QuestionResult r : questions) {
      if (r.question().id().equals(questionId)) {
        return r;
      }
    }
    throw new IllegalArgumentException(questionId);
  }
}
