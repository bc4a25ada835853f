package io.bastion.user.report;

import io.bastion.catalogue.Language;
import io.bastion.user.i18n.TextBundles;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Bastion's own fixed words per language (not the catalogue's): tier names, yes/no, statuses, the workbook's sheet
 * names and headers and the OSCAL prose Bastion writes. One file per language, {@code /i18n/words_<code>.properties}
 * (UTF-8), all with the same keys (WordsTest). Read once; immutable; safe from any thread.
 */
public final class Words {

  private static final Map<Language, Words> ALL = load();

  private final Language language;
  private final Properties words;

  private Words(Language language, Properties words) {
    this.language = language;
    this.words = words;
  }

  public static Words of(Language language) {
    return ALL.get(language == null ? Language.DEFAULT : language);
  }

  public Language language() {
    return language;
  }

  /** The word; the key itself if a file lacks it (WordsTest keeps that from happening). */
  public String get(String key) {
    return words.getProperty(key, key);
  }

  /** A list of words kept in one entry, separated by '|' (a sheet's headers). */
  public List<String> list(String key) {
    return List.of(get(key).split("\\|", -1));
  }

  /**
   * The word with {0}, {1}... replaced by the arguments as they are (String.valueOf): no MessageFormat, whose number
   * formatting and quoting rules would change the facts (scores, versions, ids) in the prose.
   */
  public String format(String key, Object... args) {
    String text = get(key);
    for (int i = 0; i < args.length; i++) {
      text = text.replace("{" + i + "}", String.valueOf(args[i]));
    }
    return text;
  }

  /** The name of a tier (1 Partial to 4 Adaptive, as security-verticle scoring/Tier numbers them); null for others. */
  public String tier(Integer number) {
    return number == null ? null : words.getProperty("tier." + number);
  }

  public String yesNo(boolean yes) {
    return get(yes ? "word.yes" : "word.no");
  }

  /** Every key, for the completeness test. */
  public Set<String> keys() {
    return words.stringPropertyNames();
  }

  private static Map<Language, Words> load() {
    Map<Language, Words> map = new EnumMap<>(Language.class);
    TextBundles.load("words").forEach((language, words) -> map.put(language, new Words(language, words)));
    return map;
  }
}
