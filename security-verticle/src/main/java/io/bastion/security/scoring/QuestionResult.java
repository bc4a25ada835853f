package io.bastion.security.scoring;

import io.bastion.catalogue.Question;

/**
 * How one question counts in a report.
 *
 * @param status why it counts or not
 * @param value  the answer given, or null when unanswered
 * @param score  the question's score in [0, 1]; 0 when unanswered, meaningless when not applicable
 */
public record QuestionResult(Question question, Status status, String value, double score) {

  public enum Status {
    /** Answered and counted. */
    ANSWERED,
    /** Applicable but not answered: counted as a gap (score 0). */
    UNANSWERED,
    /** Answered "na": excluded. */
    NOT_APPLICABLE,
    /** Hidden by its condition: excluded, whatever was answered. */
    HIDDEN
  }

  public boolean applicable() {
    return status == Status.ANSWERED || status == Status.UNANSWERED;
  }
}
