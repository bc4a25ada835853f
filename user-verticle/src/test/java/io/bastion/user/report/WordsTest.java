package io.bastion.user.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.catalogue.Language;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Bastion's fixed words: every language has every key, the same placeholders and lists of the same length. */
class WordsTest {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\d+}");

  @Test
  void everyLanguageHasExactlyTheKeysOfEnglish() {
    Set<String> english = Words.of(Language.EN).keys();
    assertThat(english).as("English words").contains("tier.1", "xlsx.sheet.summary", "oscal.answer");
    for (Language l : Language.values()) {
      assertThat(new TreeSet<>(Words.of(l).keys())).as("keys of words_%s.properties", l.code())
          .isEqualTo(new TreeSet<>(english));
    }
  }

  @Test
  void everyWordIsFilledInWithTheSamePlaceholdersAndListLengthsAsInEnglish() {
    Words en = Words.of(Language.EN);
    for (Language l : Language.values()) {
      Words w = Words.of(l);
      for (String key : en.keys()) {
        assertThat(w.get(key)).as("%s in %s", key, l.code()).isNotBlank();
        assertThat(placeholders(w.get(key))).as("placeholders of %s in %s", key, l.code())
            .isEqualTo(placeholders(en.get(key)));
        assertThat(w.list(key)).as("list length of %s in %s", key, l.code()).hasSameSizeAs(en.list(key));
      }
    }
  }

  @Test
  void tierNamesFollowTheTierNumbersInEachLanguage() {
    assertThat(Words.of(Language.EN).tier(1)).isEqualTo("Partial");
    assertThat(Words.of(Language.EN).tier(4)).isEqualTo("Adaptive");
    assertThat(Words.of(Language.DE).tier(1)).isEqualTo("Partiell");
    assertThat(Words.of(Language.DE).tier(2)).isEqualTo("Risikoinformiert");
    assertThat(Words.of(Language.DE).tier(3)).isEqualTo("Wiederholbar");
    assertThat(Words.of(Language.DE).tier(4)).isEqualTo("Anpassungsfähig");
    assertThat(Words.of(Language.DE).tier(9)).as("a tier Bastion does not know").isNull();
  }

  @Test
  void formatFillsInTheArgumentsAsTheyAre() {
    assertThat(Words.of(Language.DE).format("poam.answerAtVersion", "Nein", 12)).isEqualTo("Nein (Version 12)");
    assertThat(Words.of(Language.EN).format("oscal.recommendation", "Do it")).isEqualTo("\n\nRecommendation: Do it");
    assertThat(Words.of(Language.EN).format("poam.impact", "high")).as("a leading space kept").isEqualTo(" (impact high)");
  }

  private static Set<String> placeholders(String text) {
    Set<String> found = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      found.add(m.group());
    }
    return found;
  }
}
