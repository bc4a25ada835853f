package io.bastion.codecs;

import java.util.List;
import java.util.Objects;

/**
 * The answers behind the previous stored report of an assessment. The security service stays stateless:
 * it scores this snapshot too and reports what changed since.
 */
public record Baseline(long version, List<AnswerEntry> answers) {
  public Baseline {
    answers = List.copyOf(Objects.requireNonNull(answers, "answers"));
  }
}
