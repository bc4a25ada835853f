package io.bastion.catalogue;

import java.util.List;

/** A question with a condition is shown only while the answer to {@code question} is one of {@code in}. */
public record Condition(String question, List<String> in) {
  public Condition {
    in = List.copyOf(in);
  }
}
