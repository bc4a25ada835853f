package io.bastion.catalogue;

import java.util.Optional;

/** How a question is answered. */
public enum AnswerType {
  /** yes / partial / no (and na where allowed). */
  YESNO("yesno"),
  /** A maturity level 0 to 4, each level with its own label. */
  MATURITY("maturity"),
  /** One of the catalogue's options, each with its own score. */
  CHOICE("choice");

  private final String code;

  AnswerType(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static Optional<AnswerType> parse(String code) {
    for (AnswerType t : values()) {
      if (t.code.equals(code)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
