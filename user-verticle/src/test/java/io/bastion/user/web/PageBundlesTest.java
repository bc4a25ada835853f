package io.bastion.user.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bastion.catalogue.Language;
import io.bastion.user.testing.UserNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The page's message bundles (webroot/i18n/LANG/PART.json, read by js/i18n.js): every language has every key of
 * every part with the same placeholders, no key lives in two parts, and every key the page names literally
 * ({@code t('key')}, {@code data-i18n="key"}) exists.
 */
class PageBundlesTest {

  private static final Path WEBROOT = UserNode.repositoryRoot().resolve("webroot");
  private static final List<String> PARTS = List.of("core", "account", "assessment");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");
  /** t('key' or t("key" - a key starts with a letter and has no spaces; dynamic keys ('tier.' + n) end in a dot. */
  private static final Pattern T_CALL = Pattern.compile("\\bt\\(\\s*['\"]([A-Za-z][\\w.-]*[\\w-])['\"]");
  private static final Pattern DATA_I18N = Pattern.compile("data-i18n=\"([^\"]+)\"");
  private static final Pattern DATA_I18N_ATTR = Pattern.compile("data-i18n-attr=\"([^\"]+)\"");

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void everyLanguageHasEveryKeyWithTheSamePlaceholders() throws IOException {
    List<String> problems = new ArrayList<>();
    for (String part : PARTS) {
      Map<String, String> english = bundle(Language.EN, part);
      for (Language language : Language.values()) {
        Map<String, String> other = bundle(language, part);
        for (String key : english.keySet()) {
          if (!other.containsKey(key)) {
            problems.add(language.code() + "/" + part + ".json lacks " + key);
          } else if (!placeholders(english.get(key)).equals(placeholders(other.get(key)))) {
            problems.add(language.code() + "/" + part + ".json " + key + " has placeholders "
                + placeholders(other.get(key)) + ", English " + placeholders(english.get(key)));
          } else if (other.get(key).isBlank()) {
            problems.add(language.code() + "/" + part + ".json " + key + " is empty");
          }
        }
        for (String key : other.keySet()) {
          if (!english.containsKey(key)) {
            problems.add(language.code() + "/" + part + ".json has " + key + ", English has not");
          }
        }
      }
    }
    assertThat(problems).as("bundle problems").isEmpty();
  }

  @Test
  void noKeyLivesInTwoParts() throws IOException {
    Map<String, String> partOf = new TreeMap<>();
    List<String> twice = new ArrayList<>();
    for (String part : PARTS) {
      for (String key : bundle(Language.EN, part).keySet()) {
        String before = partOf.put(key, part);
        if (before != null) {
          twice.add(key + " in " + before + " and " + part);
        }
      }
    }
    assertThat(twice).isEmpty();
  }

  @Test
  void everyKeyThePageNamesExists() throws IOException {
    Set<String> known = new TreeSet<>();
    for (String part : PARTS) {
      known.addAll(bundle(Language.EN, part).keySet());
    }
    Set<String> named = new TreeSet<>();
    try (Stream<Path> files = Files.list(WEBROOT.resolve("js"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".js")).toList()) {
        Matcher m = T_CALL.matcher(Files.readString(f));
        while (m.find()) {
          named.add(m.group(1));
        }
      }
    }
    String html = Files.readString(WEBROOT.resolve("index.html"));
    Matcher m = DATA_I18N.matcher(html);
    while (m.find()) {
      named.add(m.group(1));
    }
    m = DATA_I18N_ATTR.matcher(html);
    while (m.find()) {
      for (String pair : m.group(1).split(";")) {
        named.add(pair.split(":", 2)[1].strip());
      }
    }
    assertThat(named).as("keys named by the page").isNotEmpty();
    Set<String> missing = new TreeSet<>();
    for (String key : named) {
      // t('x', {count}) may be given as x.one / x.other only
      if (!known.contains(key) && !known.contains(key + ".other")) {
        missing.add(key);
      }
    }
    assertThat(missing).as("keys the page uses that no bundle has").isEmpty();
  }

  private Map<String, String> bundle(Language language, String part) throws IOException {
    Path file = WEBROOT.resolve("i18n").resolve(language.code()).resolve(part + ".json");
    assertThat(file).as("bundle " + file).exists();
    JsonNode root = json.readTree(file.toFile());
    Map<String, String> entries = new LinkedHashMap<>();
    root.fields().forEachRemaining(e -> {
      assertThat(e.getValue().isTextual()).as(file + " " + e.getKey() + " is a string").isTrue();
      entries.put(e.getKey(), e.getValue().asText());
    });
    return entries;
  }

  private static Set<String> placeholders(String text) {
    Set<String> names = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }
}
