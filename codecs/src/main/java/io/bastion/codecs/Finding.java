package io.bastion.codecs;

import io.bastion.catalogue.Effort;
import io.bastion.catalogue.Impact;

/**
 * A question that is not fully met. The words (question text, recommendation, references) are the catalogue's:
 * the report names the catalogue version, and readers (GraphQL, the page) take them from there, which keeps every
 * report a quarter of the size it would be with the texts copied in.
 *
 * @param answer   the value given, or null when the question is unanswered
 * @param score    the question's score in [0, 1]
 * @param priority weight x (1 - score): findings are ranked by it
 */
public record Finding(
    int rank,
    String questionId,
    String function,
    String answer,
    double score,
    double weight,
    double priority,
    Effort effort,
    Impact impact) {
}
