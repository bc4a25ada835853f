package io.bastion.user.auth;

import io.bastion.catalogue.Language;
import io.bastion.user.i18n.TextBundles;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words of the mails in each language, from {@code i18n/mail_<code>.properties} on the class path (UTF-8),
 * loaded once. A text's {@code {name}} placeholders are replaced literally (no MessageFormat quoting), and its line
 * breaks become CRLF as mail wants them. A key missing in a language falls back to English (the bundle test keeps
 * that from happening).
 */
public final class MailWords {

  /** A placeholder: {name}. */
  public static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");
  private static final MailWords INSTANCE = load();

  private final Map<Language, Properties> bundles;

  private MailWords(Map<Language, Properties> bundles) {
    this.bundles = bundles;
  }

  public static MailWords get() {
    return INSTANCE;
  }

  /** The text of {@code key} in {@code language} with each {@code {name}} replaced by its value. */
  public String text(Language language, String key, Map<String, ?> values) {
    String text = bundles.get(language).getProperty(key, bundles.get(Language.DEFAULT).getProperty(key));
    if (text == null) {
      throw new IllegalArgumentException("no mail text " + key);
    }
    // One pass: a value that holds "{link}" (an organisation's name) stays as it is.
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Object value = values.get(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : String.valueOf(value)));
    }
    m.appendTail(out);
    return out.toString().replace("\r\n", "\n").replace("\n", "\r\n");
  }

  public String text(Language language, String key) {
    return text(language, key, Map.of());
  }

  /** The keys of one language's bundle. */
  public Set<String> keys(Language language) {
    return new TreeSet<>(bundles.get(language).stringPropertyNames());
  }

  /** The raw (unfilled) text of a key, null when the language lacks it. */
  public String raw(Language language, String key) {
    return bundles.get(language).getProperty(key);
  }

  private static MailWords load() {
    return new MailWords(TextBundles.load("mail"));
  }
}
