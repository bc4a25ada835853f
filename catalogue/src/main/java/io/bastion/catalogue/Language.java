package io.bastion.catalogue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The languages Bastion speaks. English is complete everywhere and the fallback for any text missing in another
 * language; the others are optional in catalogues and complete in the page and the mails.
 */
public enum Language {
  EN("en", Locale.ENGLISH),
  DE("de", Locale.GERMAN);

  public static final Language DEFAULT = EN;

  private final String code;
  private final Locale locale;

  Language(String code, Locale locale) {
    this.code = code;
    this.locale = locale;
  }

  /** The BCP 47 primary tag, as stored for an account and used in bundle and file names ("en", "de"). */
  public String code() {
    return code;
  }

  public Locale locale() {
    return locale;
  }

  /** "de", "DE", "de-AT" and "de_CH" are German; anything else we do not speak is empty. */
  public static Optional<Language> parse(String tag) {
    if (tag == null || tag.isBlank() || tag.length() > 35) {
      return Optional.empty();
    }
    String primary = tag.strip().split("[-_]", 2)[0].toLowerCase(Locale.ROOT);
    for (Language l : values()) {
      if (l.code.equals(primary)) {
        return Optional.of(l);
      }
    }
    return Optional.empty();
  }

  /**
   * The language of an HTTP {@code Accept-Language} header: the first of its ranges, by weight, that we speak;
   * {@link #DEFAULT} when none is, or when the header is missing or malformed (never an error: it is a preference).
   */
  public static Language fromAcceptLanguage(String header) {
    if (header == null || header.isBlank() || header.length() > 500) {
      return DEFAULT;
    }
    List<Locale.LanguageRange> ranges;
    try {
      ranges = Locale.LanguageRange.parse(header);
    } catch (IllegalArgumentException e) {
      return DEFAULT;
    }
    for (Locale.LanguageRange range : ranges) {
      if (range.getWeight() <= 0) {
        continue;
      }
      Optional<Language> l = parse(range.getRange());
      if (l.isPresent()) {
        return l.get();
      }
    }
    return DEFAULT;
  }

  /** Every code, for error messages and validation ("en, de"). */
  public static String codes() {
    List<String> codes = new ArrayList<>();
    for (Language l : values()) {
      codes.add(l.code);
    }
    return String.join(", ", codes);
  }
}
