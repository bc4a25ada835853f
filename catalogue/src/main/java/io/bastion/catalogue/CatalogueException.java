package io.bastion.catalogue;

import java.util.List;

/** A catalogue file that cannot be used; the message names the file, the question and every problem found. */
public final class CatalogueException extends RuntimeException {

  private final List<String> problems;

  public CatalogueException(String source, List<String> problems) {
    super("invalid catalogue " + source + ":\n  - " + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
