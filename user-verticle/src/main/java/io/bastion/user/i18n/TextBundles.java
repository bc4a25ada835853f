package io.bastion.user.i18n;

import io.bastion.catalogue.Language;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;

/**
 * The server's words per language: {@code i18n/<stem>_<code>.properties} on the class path, read as UTF-8 (not
 * ResourceBundle's Latin-1 defaults or its locale fallbacks), one file for every {@link Language}; a missing file
 * stops the node at start rather than a mail or an export later.
 */
public final class TextBundles {

  private TextBundles() {
  }

  public static Map<Language, Properties> load(String stem) {
    Map<Language, Properties> bundles = new EnumMap<>(Language.class);
    for (Language language : Language.values()) {
      String name = "i18n/" + stem + "_" + language.code() + ".properties";
      try (InputStream in = TextBundles.class.getClassLoader().getResourceAsStream(name)) {
        if (in == null) {
          throw new IllegalStateException("missing " + name + " on the class path");
        }
        Properties p = new Properties();
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
          p.load(r);
        }
        bundles.put(language, p);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return bundles;
  }
}
