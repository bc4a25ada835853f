package io.bastion.catalogue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Bastion's own words around a catalogue, per language: the labels of a yes/no question's answers and of "not
 * applicable". They are not the catalogue's texts, so a translation file does not carry them (and cannot forget
 * them): every localised catalogue gets them from here.
 */
public final class BuiltInWords {

  private record Words(String yes, String partly, String no, String notApplicable) {
  }

  private static final Map<Language, Words> WORDS = new EnumMap<>(Map.of(
      Language.EN, new Words("Yes", "Partly", "No", "Not applicable"),
      Language.DE, new Words("Ja", "Teilweise", "Nein", "Nicht zutreffend")));

  static {
    for (Language l : Language.values()) {
      if (!WORDS.containsKey(l)) {
        throw new ExceptionInInitializerError("BuiltInWords: no words for " + l);
      }
    }
  }

  private BuiltInWords() {
  }

  /** The options of a yes/no question (values yes, partial, no; scores 1, 0.5, 0), labelled in a language. */
  public static List<Option> yesNoOptions(Language language) {
    Words w = WORDS.get(language);
    return List.of(
        new Option("yes", w.yes(), 1.0),
        new Option("partial", w.partly(), 0.5),
        new Option("no", w.no(), 0.0));
  }

  /** The label of the answer {@code na} ("Not applicable", "Nicht zutreffend"). */
  public static String notApplicable(Language language) {
    return WORDS.get(language).notApplicable();
  }
}
