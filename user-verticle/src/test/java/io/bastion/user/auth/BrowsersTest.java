package io.bastion.user.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.catalogue.Language;
import org.junit.jupiter.api.Test;

/** A browser's name in the session list (English, stored) and in the new-device mail (the account's language). */
class BrowsersTest {

  private static final String CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
      + "Chrome/156.0.0.0 Safari/537.36";

  @Test
  void namesTheBrowserAndItsSystemInTheLanguageAsked() {
    assertThat(Browsers.name(CHROME)).isEqualTo("Chrome 156 on Linux");
    assertThat(Browsers.name(CHROME, Language.DE)).isEqualTo("Chrome 156 unter Linux");
  }

  @Test
  void scriptsAndMissingHeadersHaveFixedWordsInEachLanguage() {
    assertThat(Browsers.name("curl/8.5.0")).isEqualTo("API client");
    assertThat(Browsers.name("curl/8.5.0", Language.DE)).isEqualTo("API-Client");
    assertThat(Browsers.name(null)).isEqualTo("unknown browser");
    assertThat(Browsers.name(" ", Language.DE)).isEqualTo("unbekannter Browser");
  }
}
