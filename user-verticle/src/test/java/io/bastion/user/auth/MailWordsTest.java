package io.bastion.user.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.catalogue.Language;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/** The mail bundles (issue 16): complete in every language, the same placeholders, and filled in safely. */
class MailWordsTest {

  private final MailWords words = MailWords.get();

  @Test
  void everyKeyIsInEveryLanguage() {
    Set<String> english = words.keys(Language.EN);
    assertThat(english).isNotEmpty();
    for (Language language : Language.values()) {
      Set<String> onlyEnglish = new TreeSet<>(english);
      onlyEnglish.removeAll(words.keys(language));
      Set<String> onlyHere = new TreeSet<>(words.keys(language));
      onlyHere.removeAll(english);
      assertThat(onlyEnglish).as("keys of mail_en.properties missing in mail_%s.properties", language.code())
          .isEmpty();
      assertThat(onlyHere).as("keys of mail_%s.properties missing in mail_en.properties", language.code())
          .isEmpty();
    }
  }

  @Test
  void everyTranslationHasTheSamePlaceholdersAndIsNotBlank() {
    for (Language language : Language.values()) {
      for (String key : words.keys(language)) {
        String text = words.raw(language, key);
        assertThat(text).as("%s in %s", key, language).isNotBlank();
        assertThat(placeholders(text)).as("placeholders of %s in %s", key, language)
            .isEqualTo(placeholders(words.raw(Language.EN, key)));
      }
    }
  }

  @Test
  void theGermanBundleIsReadAsUtf8() {
    assertThat(words.text(Language.DE, "reset.subject")).isEqualTo("Bastion-Passwort zurücksetzen");
    assertThat(words.text(Language.DE, "invitation.body", Map.of("organisation", "Müller & Söhne")))
        .contains("„Müller & Söhne“");
  }

  @Test
  void placeholdersAreFilledOnceAndLinesEndInCrlf() {
    String text = words.text(Language.EN, "invitation.body", Map.of("inviter", "{link}", "organisation", "$1 \\ co",
        "role", "EDITOR", "hours", 72, "link", "http://bastion.test/#/join/t"));
    assertThat(text).startsWith("{link} invites you to the organisation \"$1 \\ co\"")
        .contains("within 72 hours").contains("\r\n\r\nhttp://bastion.test/#/join/t\r\n")
        .doesNotContain("\r\r").doesNotContainPattern("[^\r]\n");
  }

  @Test
  void everyRoleHasAName() {
    for (String role : new String[] {"OWNER", "EDITOR", "VIEWER"}) {
      for (Language language : Language.values()) {
        assertThat(words.raw(language, "role." + role)).as("%s in %s", role, language).isNotBlank();
      }
    }
  }

  private static Set<String> placeholders(String text) {
    Set<String> names = new TreeSet<>();
    Matcher m = MailWords.PLACEHOLDER.matcher(text);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }
}
