package io.bastion.codecs;

import io.bastion.catalogue.Effort;
import io.bastion.catalogue.Impact;
import io.bastion.catalogue.Reference;
import java.util.List;

/**
 * A question that is not fully met, with what to do about it.
 *
 * @param answer   the value given, or null when the question is unanswered
 * @param score    the question's score in [0, 1]
 * @param priority weight x (1 - score): findings are ranked by it
 */
public record Finding(
    int rank,
    String questionId,
    String function,
    String text,
    String answer,
    String answerLabel,
    double score,
    double weight,
    double priority,
    String recommendation,
    Effort effort,
    Impact impact,
    List<Reference> references) {

  public Finding {
    references = List.copyOf(references);
  }
}
