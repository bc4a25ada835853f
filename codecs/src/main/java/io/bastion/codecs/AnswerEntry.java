package io.bastion.codecs;

import java.util.Objects;

/** One answer in an assessment snapshot: the question and the chosen value (for example {@code yes}, {@code 3}). */
public record AnswerEntry(String questionId, String value) {
  public AnswerEntry {
    Objects.requireNonNull(questionId, "questionId");
    Objects.requireNonNull(value, "value");
  }
}
