package io.bastion.catalogue;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/** What it takes to act on a recommendation. */
public enum Effort {
  QUICK_WIN("quick-win"),
  PROJECT("project");

  private final String code;

  Effort(String code) {
    this.code = code;
  }

  @JsonValue
  public String code() {
    return code;
  }

  public static Optional<Effort> parse(String code) {
    for (Effort e : values()) {
      if (e.code.equals(code)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  @JsonCreator
  public static Effort fromCode(String code) {
    return parse(code).orElseThrow(() -> new IllegalArgumentException("unknown effort '" + code + "'"));
  }
}
