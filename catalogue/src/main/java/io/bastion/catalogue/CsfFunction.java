package io.bastion.catalogue;

import java.util.Optional;

/** The six functions of the NIST Cybersecurity Framework 2.0, in the framework's order. */
public enum CsfFunction {
  GV("Govern", "Steuern"),
  ID("Identify", "Identifizieren"),
  PR("Protect", "Schützen"),
  DE("Detect", "Erkennen"),
  RS("Respond", "Reagieren"),
  RC("Recover", "Wiederherstellen");

  private final String title;
  private final String german;

  CsfFunction(String title, String german) {
    this.title = title;
    this.german = german;
  }

  /** The framework's English name. */
  public String title() {
    return title;
  }

  /** The name in a language (German as in the BSI's and NIST's German renderings of the CSF). */
  public String title(Language language) {
    return language == Language.DE ? german : title;
  }

  public static Optional<CsfFunction> parse(String code) {
    if (code == null) {
      return Optional.empty();
    }
    for (CsfFunction f : values()) {
      if (f.name().equalsIgnoreCase(code) || f.title.equalsIgnoreCase(code)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}
