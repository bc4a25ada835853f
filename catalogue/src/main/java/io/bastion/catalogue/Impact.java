package io.bastion.catalogue;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/** How much acting on a recommendation reduces risk. */
public enum Impact {
  LOW,
  MEDIUM,
  HIGH;

  @JsonValue
  public String code() {
    return name().toLowerCase();
  }

  public static Optional<Impact> parse(String code) {
    for (Impact i : values()) {
      if (i.code().equals(code)) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  @JsonCreator
  public static Impact fromCode(String code) {
    return parse(code).orElseThrow(() -> new IllegalArgumentException("unknown impact '" + code + "'"));
  }
}
