package io.bastion.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bastion.catalogue.Catalogue;
import io.bastion.catalogue.CatalogueLoader;
import io.bastion.catalogue.Catalogues;
import io.bastion.catalogue.Language;
import io.bastion.catalogue.Option;
import io.bastion.catalogue.Question;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 16 in a real browser: Chromium whose preferred language is German signs up, answers the whole baseline and
 * reads its live and printable report without meeting an English word of the page's bundles or the catalogue,
 * switches to English and back, and finds its choice kept with the account. "No English word" is checked against
 * the bundles themselves: every English text that German says differently must not be on screen.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LanguagesBrowserIT {

  private static final Path BUNDLES = Mesh.ROOT.resolve("webroot/i18n");
  private static final List<String> PARTS = List.of("core", "account", "assessment");
  /** Words of English sentences that no German text of ours contains. */
  private static final Pattern ENGLISH_WORDS = Pattern.compile(
      "\\b(the|and|your|with|of|to|is|are|this|that|for|from|by|answered|score|report|question|questions|not yet)\\b",
      Pattern.CASE_INSENSITIVE);
  /** Names of products and methods that German texts use in English, as the BSI does (also cut short: "…"). */
  private static final Pattern ENGLISH_NAMES = Pattern.compile("Endpoint Detection and( Response)?");

  private Mesh mesh;
  private Node user;
  private ChromeDriver driver;
  private PageDriver page;
  private WebDriverWait wait;
  private Catalogue english;
  private Catalogue german;
  private Map<String, String> en;
  private Map<String, String> de;

  @BeforeAll
  void start() throws Exception {
    Chromium.assumeInstalled();
    Mesh.deleteTree(Mesh.in("languages").dir);
    mesh = Mesh.in("languages").startDatabase();
    user = mesh.startUser("user-1");
    mesh.startSecurity("security-1");
    Catalogues catalogues = CatalogueLoader.loadDirectory(Mesh.ROOT.resolve("conf/catalogues"));
    english = catalogues.latest("baseline").orElseThrow();
    german = catalogues.latest("baseline", Language.DE).orElseThrow();
    en = bundle("en");
    de = bundle("de");

    ChromeOptions options = Chromium.options("1400,1000");
    options.addArguments("--lang=de-DE");
    options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "de-DE,de"));
    driver = Chromium.start(options, mesh.dir.resolve("logs/chromedriver.log"));
    page = new PageDriver(driver, Duration.ofSeconds(30));
    wait = page.wait;
  }

  @AfterAll
  void stop() throws Exception {
    if (driver != null) {
      driver.quit();
    }
    if (mesh != null) {
      mesh.close();
    }
  }

  @Test
  @Order(1)
  void aGermanBrowserSignsUpInGerman() {
    driver.get("http://127.0.0.1:" + user.httpPort + "/");
    page.visible("#view-auth");
    wait.until(d -> "de".equals(page.js("return document.documentElement.lang")));
    assertThat(englishOnScreen()).as("English on the sign-in page").isEmpty();
    page.shot("lang-01-anmelden");
    page.type("#signup-email", "sprache@example.com");
    page.type("#signup-password", "eine lange deutsche Passphrase");
    // A slow network: "Start" waits for the list of questionnaires (pressed before, it failed: issue 16).
    driver.executeCdpCommand("Network.enable", Map.of());
    driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", false, "latency", 1500,
        "downloadThroughput", -1, "uploadThroughput", -1));
    page.click("#signup-form button[type=submit]");
    page.visible("#view-home");
    assertThat(page.find("#start-assessment").isEnabled()).as("Start while the questionnaires load").isFalse();
    assertThat(page.text("#start-assessment")).isEqualTo(de.get("home.new.loading"));
    driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", false, "latency", 0,
        "downloadThroughput", -1, "uploadThroughput", -1));
    wait.until(d -> page.find("#start-assessment").isEnabled());
    wait.until(d -> page.find("#new-catalogue").findElements(By.cssSelector("option[value=baseline]")).size() == 1);
    assertThat(englishOnScreen()).as("English on the home page").isEmpty();
    new Select(page.find("#new-catalogue")).selectByValue("baseline");
    page.type("#new-title", "Herbstprüfung");
    page.click("#new-assessment button[type=submit]");
    page.visible("#view-assessment .question");
  }

  @Test
  @Order(2)
  void aWholeAssessmentAndItsReportInGerman() {
    Question first = german.questions().get(0);
    assertThat(first.text()).isNotEqualTo(english.questions().get(0).text());
    page.waitText("#q-" + first.id(), first.text());
    for (Question q : german.questions()) {
      Option best = q.options().stream().max(Comparator.comparingDouble(Option::score)).orElseThrow();
      By label = By.cssSelector("label[for='q-" + q.id() + "-" + best.value() + "']");
      By input = By.id("q-" + q.id() + "-" + best.value());
      assertThat(page.find("label[for='q-" + q.id() + "-" + best.value() + "']").getText()).as(q.id())
          .contains(best.label());
      // Clicked until chosen: the live report, drawn again beside the questions, can move a label under the click.
      wait.ignoring(StaleElementReferenceException.class).ignoring(ElementClickInterceptedException.class)
          .until(d -> {
            if (!d.findElement(input).isSelected()) {
              WebElement l = d.findElement(label);
              page.js("arguments[0].scrollIntoView({block: 'center'})", l);
              l.click();
            }
            return d.findElement(input).isSelected();
          });
    }
    wait.withTimeout(Duration.ofSeconds(60)).until(d -> page.text("#overall-score").equals("100,0"));
    wait.until(d -> page.text("#tier-name").equals(de.get("tier.4")));

    // One step back: a finding with its German recommendation, and a delta.
    Question mfa = german.question("pr-mfa-email").orElseThrow();
    page.click("label[for='q-pr-mfa-email-no']");
    wait.until(d -> !page.text("#overall-score").equals("100,0") && page.text(".findings").contains(mfa.text()));
    assertThat(page.text(".findings")).contains(mfa.recommendation().text());
    assertThat(page.text("#overall-score")).matches("\\d+,\\d");
    assertThat(englishOnScreen()).as("English on the assessment and its report").isEmpty();
    page.shot("lang-02-bericht");

    driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
    try {
      assertThat(englishOnScreen()).as("English in the printable report").isEmpty();
      page.shot("lang-03-druckansicht");
    } finally {
      driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
    }
  }

  @Test
  @Order(3)
  void switchesToEnglishAndBack() {
    Question first = english.questions().get(0);
    new Select(page.find("#language")).selectByValue("en");
    page.waitText("#q-" + first.id(), first.text());
    wait.until(d -> page.text("#overall-score").matches("\\d+\\.\\d"));
    wait.until(d -> page.text(".findings").contains(english.question("pr-mfa-email").orElseThrow().text()));
    assertThat(page.js("return document.documentElement.lang")).isEqualTo("en");
    assertThat(germanOnScreen()).as("German left after switching to English").isEmpty();
    page.shot("lang-04-english");

    new Select(page.find("#language")).selectByValue("de");
    page.waitText("#q-" + first.id(), german.questions().get(0).text());
    wait.until(d -> page.text("#overall-score").matches("\\d+,\\d"));
    assertThat(englishOnScreen()).as("English after switching back").isEmpty();
  }

  @Test
  @Order(4)
  void theAccountKeepsTheChoiceAcrossBrowsers() {
    // English chosen with the account; then this browser forgets its own choice and still prefers German.
    new Select(page.find("#language")).selectByValue("en");
    wait.until(d -> "en".equals(page.js("return document.documentElement.lang")));
    page.waitText("#q-" + english.questions().get(0).id(), english.questions().get(0).text());
    page.js("localStorage.clear()");
    driver.navigate().refresh();
    page.visible("#view-assessment .question");
    page.waitText("#q-" + english.questions().get(0).id(), english.questions().get(0).text());
    assertThat(page.js("return document.documentElement.lang")).isEqualTo("en");
    new Select(page.find("#language")).selectByValue("de");
    wait.until(d -> "de".equals(page.js("return document.documentElement.lang")));
  }

  // ------------------------------------------------------------------------------------------------ words

  /**
   * English on screen: texts of the bundles and the catalogue that German says differently, and English function
   * words (a text written into the page's code instead of a bundle, or a key German lacks).
   */
  private List<String> englishOnScreen() {
    List<String> found = onScreen(phrases(en, de, english, german));
    String screen = page.text("body");
    screen = ENGLISH_NAMES.matcher(screen).replaceAll("");
    Matcher m = ENGLISH_WORDS.matcher(screen);
    while (m.find()) {
      found.add("'" + m.group() + "' in …" + screen.substring(Math.max(0, m.start() - 30),
          Math.min(screen.length(), m.end() + 30)) + "…");
    }
    return found;
  }

  private List<String> germanOnScreen() {
    return onScreen(phrases(de, en, german, english));
  }

  private List<String> onScreen(List<String> phrases) {
    String screen = page.text("body");
    List<String> found = new ArrayList<>();
    for (String p : phrases) {
      if (screen.contains(p)) {
        found.add(p);
      }
    }
    return found;
  }

  /**
   * The pieces of {@code shown}'s texts (between placeholders, of two words or more) where {@code other} says
   * something else; the catalogue's question texts and recommendations likewise.
   */
  private static List<String> phrases(Map<String, String> shown, Map<String, String> other, Catalogue shownCat,
      Catalogue otherCat) {
    List<String> phrases = new ArrayList<>();
    shown.forEach((key, text) -> {
      if (text.equals(other.get(key))) {
        return;
      }
      for (String piece : text.split("\\{\\w+}")) {
        String p = piece.strip();
        if (p.length() >= 8 && p.contains(" ") && !String.valueOf(other.get(key)).contains(p)) {
          phrases.add(p);
        }
      }
    });
    for (Question q : shownCat.questions()) {
      Question o = otherCat.question(q.id()).orElseThrow();
      if (!q.text().equals(o.text())) {
        phrases.add(q.text());
      }
      if (q.recommendation() != null && !q.recommendation().text().equals(o.recommendation().text())) {
        phrases.add(q.recommendation().text());
      }
    }
    return phrases;
  }

  private static Map<String, String> bundle(String language) throws IOException {
    Map<String, String> all = new LinkedHashMap<>();
    ObjectMapper json = new ObjectMapper();
    for (String part : PARTS) {
      JsonNode root = json.readTree(BUNDLES.resolve(language).resolve(part + ".json").toFile());
      root.fields().forEachRemaining(e -> all.put(e.getKey(), e.getValue().asText()));
    }
    return all;
  }
}
