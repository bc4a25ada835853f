package io.bastion.catalogue;

import java.util.Optional;

/** The six functions of the NIST Cybersecurity Framework 2.0, in the framework's order. */
public enum CsfFunction {
  GV("Govern"),
  ID("Identify"),
  PR("Protect"),
  DE("Detect"),
  RS("Respond"),
  RC("Recover");

  private final String title;

  CsfFunction(String title) {
    this.title = title;
  }

  public String title() {
    return title;
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
