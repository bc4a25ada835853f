package io.bastion.codecs;

import java.util.List;

/** What changed since the previous report of the same assessment. */
public record Delta(
    long previousVersion,
    double previousScore,
    double change,
    List<FunctionDelta> functions,
    List<QuestionChange> improved,
    List<QuestionChange> regressed) {

  public Delta {
    functions = List.copyOf(functions);
    improved = List.copyOf(improved);
    regressed = List.copyOf(regressed);
  }
}
