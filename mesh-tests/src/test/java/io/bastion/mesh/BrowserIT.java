package io.bastion.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bastion.catalogue.Catalogue;
import io.bastion.catalogue.CatalogueLoader;
import io.bastion.catalogue.Option;
import io.bastion.catalogue.Question;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
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
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in a real browser (Debian's headless Chromium driven through chromedriver) against a real mesh of two
 * user nodes and a security node. One person's story, in order: sign up, answer the whole baseline and watch the
 * live report reach 100, reload, compare versions, export, print, reset the password through the mail file, and
 * keep the live report when the user node holding the socket stops. Screenshots of each screen go to
 * target/screenshots. Skipped, with a message, where Chromium is not installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserIT {

  private static final Path SHOTS = Path.of("target/screenshots").toAbsolutePath();
  private static final String EMAIL = "browser@example.com";
  private static final String PASSWORD = "a browser passphrase";
  private static final String NEW_PASSWORD = "a fresh passphrase after reset";
  private static final Pattern LINK = Pattern.compile("http://[^\\s]+/#/reset/[A-Za-z0-9_-]+");

  private Mesh mesh;
  private Node user1;
  private Node user2;
  private ChromeDriver driver;
  private WebDriverWait wait;
  private Path downloads;
  private Catalogue baseline;
  private String assessmentUrl;

  @BeforeAll
  void start() throws Exception {
    Chromium.assumeInstalled();
    Mesh.deleteTree(Mesh.in("browser").dir);
    mesh = Mesh.in("browser").startDatabase();
    user1 = mesh.startUser("user-1");
    user2 = mesh.startUser("user-2");
    mesh.startSecurity("security-1");
    baseline = CatalogueLoader.loadDirectory(Mesh.ROOT.resolve("conf/catalogues")).latest("baseline").orElseThrow();
    Files.createDirectories(SHOTS);
    downloads = Files.createDirectories(mesh.dir.resolve("downloads"));

    ChromeOptions options = Chromium.options("1400,1000");
    options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
        "download.prompt_for_download", false));
    driver = Chromium.start(options, mesh.dir.resolve("logs/chromedriver.log"));
    wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    driver.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow",
        "downloadPath", downloads.toString()));
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
  void signUpAndStartAnAssessment() throws Exception {
    driver.get(url(user1));
    visible("#view-auth");
    shot("01-sign-in");
    type("#signup-email", EMAIL);
    type("#signup-password", PASSWORD);
    click("#signup-form button[type=submit]");
    visible("#view-home");
    waitText("#live-status", "Live");
    // The list of questionnaires arrives after the view shows (the page's bundles load first).
    wait.until(d -> !d.findElements(By.cssSelector("#new-catalogue option[value='baseline']")).isEmpty());
    new Select(find("#new-catalogue")).selectByValue("baseline");
    type("#new-title", "Autumn review");
    click("#new-assessment button[type=submit]");
    visible("#view-assessment .question");
    assertThat(text("#assessment-title")).isEqualTo("Autumn review");
    assessmentUrl = driver.getCurrentUrl();
    js("window.__notReloaded = true");
  }

  @Test
  @Order(2)
  void answerTheWholeCatalogueAndWatchTheLiveReportReach100() {
    // The network fails: the answer waits on the page, the outage banner shows, and the page saves the answer by
    // itself once the network is back (a network error is an outage, as UNAVAILABLE is: issue 12).
    driver.executeCdpCommand("Network.enable", Map.of());
    driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of("*/graphql*")));
    click("label[for='q-gv-owner-no']");
    waitText("#q-gv-owner .save-state", "waiting for the service");
    visible("#unavailable");
    driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
    waitText("#q-gv-owner .save-state", "Saved");
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("#unavailable")));
    waitText("#report-version", "1");

    // Help on demand, and a comment.
    WebElement help = find("#q-gv-owner .help-toggle");
    assertThat(find("#help-gv-owner").isDisplayed()).isFalse();
    help.click();
    assertThat(find("#help-gv-owner").isDisplayed()).isTrue();
    assertThat(help.getAttribute("aria-expanded")).isEqualTo("true");
    click("#q-gv-owner details.comment summary");
    type("#comment-gv-owner", "Owned by the CTO & <b>the team</b>");
    find("#comment-gv-owner").sendKeys(Keys.TAB);

    // Conditional questions appear as their condition is met.
    assertThat(find("#q-pr-remote-mfa").isDisplayed()).isFalse();
    for (Question q : baseline.questions()) {
      Option best = q.options().stream().max(Comparator.comparingDouble(Option::score)).orElseThrow();
      WebElement label = wait.until(ExpectedConditions.elementToBeClickable(
          By.cssSelector("label[for='q-" + q.id() + "-" + best.value() + "']")));
      ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", label);
      label.click();
    }
    assertThat(find("#q-pr-remote-mfa").isDisplayed()).isTrue();
    wait.withTimeout(Duration.ofSeconds(60)).until(d -> text("#overall-score").equals("100.0")
        && text(".report-state").equals("Up to date"));
    assertThat(text("#tier-name")).isEqualTo("Adaptive");
    assertThat(driver.findElements(By.cssSelector(".save-state[data-state='failed']"))).isEmpty();
    assertThat(js("return window.__notReloaded === true")).as("updated live, without a reload").isEqualTo(true);
    assertThat(find("#progress").getAttribute("value")).isEqualTo(find("#progress").getAttribute("max"));
    assertThat(driver.findElements(By.cssSelector(".radar"))).isNotEmpty();
    assertThat(text(".report")).contains("Since version").contains("History");
    shot("02-assessment-complete");

    // One step back, to have findings, quick wins and a delta on screen.
    click("label[for='q-pr-mfa-email-no']");
    wait.until(d -> !text("#overall-score").equals("100.0") && text(".report-state").equals("Up to date"));
    assertThat(text(".findings")).contains("Multi-factor authentication is required for email");
    assertThat(text(".quick-wins")).contains("Turn on multi-factor authentication");
    assertThat(text("#delta")).contains("Regressed (1)");
    shot("03-report-with-findings");

    // A new version that leaves the score as it was (a comment only) says so: never "Overall 0.0 (from …)", which
    // reads as a score of zero (issue 16).
    long before = Long.parseLong(text("#report-version"));
    click("#q-pr-mfa-email details.comment summary");
    type("#comment-pr-mfa-email", "Planned for next quarter");
    find("#comment-pr-mfa-email").sendKeys(Keys.TAB);
    wait.until(d -> Long.parseLong(text("#report-version")) > before && text(".report-state").equals("Up to date"));
    assertThat(text("#delta")).contains("Since version " + before).contains("No change to the overall score")
        .doesNotContain("0.0 (from");
  }

  @Test
  @Order(3)
  void reloadingFindsEverythingSaved() {
    String version = text("#report-version");
    driver.navigate().refresh();
    visible("#view-assessment .question");
    wait.until(d -> text("#report-version").equals(version));
    for (Question q : baseline.questions()) {
      String value = q.id().equals("pr-mfa-email") ? "no"
          : q.options().stream().max(Comparator.comparingDouble(Option::score)).orElseThrow().value();
      assertThat(find("#q-" + q.id() + "-" + value).isSelected()).as(q.id()).isTrue();
    }
    assertThat(find("#comment-gv-owner").getAttribute("value")).isEqualTo("Owned by the CTO & <b>the team</b>");
    int all = baseline.questions().size(); // the best answers show every conditional question
    assertThat(text("#progress-text")).isEqualTo(all + " of " + all + " applicable questions answered");
  }

  @Test
  @Order(4)
  void historyComparesTwoVersionsAndTheReportExportsAsJson() throws Exception {
    List<WebElement> versions = new Select(find("#compare-a")).getOptions();
    assertThat(versions.size()).isGreaterThan(2);
    new Select(find("#compare-a")).selectByIndex(0);
    new Select(find("#compare-b")).selectByIndex(versions.size() - 1);
    click(".compare button[type=submit]");
    wait.until(d -> !d.findElements(By.cssSelector(".compare-table caption")).isEmpty());
    assertThat(text(".compare-table caption")).matches("v\\d+ compared with v\\d+");
    assertThat(text(".compare-table")).contains("Overall").contains("Protect");
    assertThat(driver.findElements(By.cssSelector(".trend .trend-dot")).size()).isEqualTo(versions.size());
    shot("04-history-compare");

    click("#export-json");
    await().atMost(Duration.ofSeconds(20)).until(() -> exported() != null);
    JsonObject report = new JsonObject(Files.readString(exported()));
    assertThat(report.getLong("version")).isEqualTo(Long.parseLong(text("#report-version")));
    assertThat(report.getString("formulaVersion")).isEqualTo("bastion-score/1");
    assertThat(report.getJsonArray("findings")).isNotEmpty();
  }

  @Test
  @Order(5)
  void printViewMakesACleanPdf() throws Exception {
    driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
    assertThat(js("return getComputedStyle(document.querySelector('#questionnaire')).display")).isEqualTo("none");
    assertThat(js("return getComputedStyle(document.querySelector('.top')).display")).isEqualTo("none");
    assertThat(find("#report").isDisplayed()).isTrue();
    shot("05-print-view");
    driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
    Map<String, Object> pdf = driver.executeCdpCommand("Page.printToPDF", Map.of("printBackground", true));
    byte[] bytes = Base64.getDecoder().decode((String) pdf.get("data"));
    Files.write(SHOTS.resolve("report.pdf"), bytes);
    assertThat(new String(bytes, 0, 5)).isEqualTo("%PDF-");
    assertThat(bytes.length).isGreaterThan(5_000);
  }

  @Test
  @Order(6)
  void userTextIsShownNeverRun() throws Exception {
    String payload = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script>";
    driver.get(url(user1) + "#/");
    visible("#view-home");
    type("#new-title", payload);
    click("#new-assessment button[type=submit]");
    visible("#view-assessment .question");
    assertThat(text("#assessment-title")).isEqualTo(payload);
    click("label[for='q-gv-owner-yes']");
    click("#q-gv-owner details.comment summary");
    type("#comment-gv-owner", payload);
    find("#comment-gv-owner").sendKeys(Keys.TAB);
    waitText("#q-gv-owner .save-state", "Saved");
    // Evidence: a file whose name is markup is a download link, never markup; an expired link marks the answer
    // and shows in the report's "Evidence expired" (dates as the page's language writes them: English here).
    Path file = Files.createTempDirectory("evidence").resolve("<img src=x onerror=window.__xss=3>.txt");
    Files.writeString(file, "Access policy, reviewed by the board.\n");
    click("#evidence-gv-owner summary");
    find("#ev-file-gv-owner").sendKeys(file.toString());
    click("#evidence-gv-owner .evidence-upload button[type=submit]");
    waitText("#evidence-gv-owner .evidence-list", "<img src"); // (the multipart decoder turns '=' into spaces)
    assertThat(find("#evidence-gv-owner a.evidence-file").getAttribute("href")).contains("/evidence/file/");
    assertThat(driver.findElements(By.cssSelector("#evidence-gv-owner img"))).isEmpty();
    type("#ev-url-gv-owner", "https://example.org/policy-2019");
    type("#ev-title-gv-owner", "Policy 2019");
    js("document.querySelector('#ev-link-from-gv-owner').value = '2019-01-01';"
        + "document.querySelector('#ev-link-until-gv-owner').value = '2020-01-01';");
    click("#evidence-gv-owner .evidence-link-form button[type=submit]");
    waitText("#evidence-gv-owner summary", "Evidence (2) evidence expired since Jan 1, 2020");
    assertThat(find("#evidence-gv-owner a.evidence-link").getAttribute("rel")).isEqualTo("noopener noreferrer");
    waitText("#expired-evidence", "Policy 2019 expired since Jan 1, 2020");
    driver.get(url(user1) + "#/");
    visible(".assessment-item");
    waitText("#assessment-list", payload); // the list shown before may still be the previous one for a moment
    assertThat(text("#assessment-list")).contains(payload);
    assertThat(js("return typeof window.__xss")).isEqualTo("undefined");
    assertThat(driver.findElements(By.cssSelector("#assessment-list img"))).isEmpty();
  }

  /** NIST CSF 2.0 picked on the page: its 106 questions grouped by category, collapsible, with "next unanswered". */
  @Test
  @Order(6)
  void theCsf20CatalogueIsGroupedByCategoryWithAWayToTheNextUnansweredQuestion() {
    driver.get(url(user1) + "#/");
    visible("#view-home");
    new Select(find("#new-catalogue")).selectByValue("csf-2.0");
    type("#new-title", "CSF 2.0 review");
    click("#new-assessment button[type=submit]");
    visible("#view-assessment .question");
    assertThat(driver.findElements(By.cssSelector("#questionnaire details.category"))).as("categories").hasSize(22);
    assertThat(driver.findElements(By.cssSelector("#questionnaire .question"))).as("questions").hasSize(106);
    assertThat(text("#category-GV\\.OC summary")).contains("(GV.OC)").contains("0 of 5");
    click("#next-unanswered");
    assertThat(js("return document.activeElement && document.activeElement.name")).as("the first open question")
        .isEqualTo("q-gv-oc-01");
    js("document.querySelector('#category-GV\\\\.OC').open = false"); // collapsed: "next" opens it again
    click("#next-unanswered");
    assertThat(js("return document.querySelector('#category-GV\\\\.OC').open")).isEqualTo(true);
    click("label[for='q-gv-oc-01-4']");
    waitText("#q-gv-oc-01 .save-state", "Saved");
    waitText("#next-unanswered", "105 left");
    click("#next-unanswered");
    assertThat(js("return document.activeElement && document.activeElement.name")).isEqualTo("q-gv-oc-02");
    waitText("#category-GV\\.OC summary", "1 of 5");
    // Scores per category, from the security node: GV.OC has one of its five at the top level.
    js("document.querySelector('#by-category').open = true");
    waitText("#by-category li[data-category='GV.OC']", "20.0");
    assertThat(driver.findElements(By.cssSelector("#by-category li[data-category]"))).hasSize(22);
    // What-if, computed by a security node: the ten best fixes, each with its new score and gain.
    click("#what-if-run");
    waitText("#what-if", "For the answers of version");
    assertThat(driver.findElements(By.cssSelector("#what-if li"))).hasSize(10);
    assertThat(text("#what-if li .what-if-gain")).matches("→ [0-9.]+ \\(\\+[0-9.]+\\)");
  }

  @Test
  @Order(7)
  void keyboardLabelsAndZoom() {
    driver.get(assessmentUrl);
    visible("#view-assessment .question");
    // Every control has a label.
    Object unlabeled = js("return [...document.querySelectorAll('input, select, textarea')]"
        + ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).map(e => e.id || e.name)");
    assertThat((List<?>) unlabeled).isEmpty();
    // Answering with the keyboard: focus a choice and move with the arrow keys.
    WebElement radio = find("#q-gv-budget-yes");
    js("arguments[0].focus()", radio);
    radio.sendKeys(Keys.ARROW_RIGHT);
    waitText("#q-gv-budget .save-state", "Saved");
    assertThat(find("#q-gv-budget-partial").isSelected()).isTrue();
    // 200% zoom on a 1400-pixel window is a 700-pixel layout: nothing may need horizontal scrolling.
    driver.manage().window().setSize(new Dimension(700, 1000));
    assertThat(js("return document.documentElement.scrollWidth <= window.innerWidth + 1")).isEqualTo(true);
    shot("06-zoom-200-assessment");
    driver.get(url(user1) + "#/");
    visible(".assessment-item");
    assertThat(js("return document.documentElement.scrollWidth <= window.innerWidth + 1")).isEqualTo(true);
    shot("07-zoom-200-home");
    driver.manage().window().setSize(new Dimension(1400, 1000));
  }

  @Test
  @Order(8)
  void passwordResetThroughTheMailFile() throws Exception {
    click("#logout");
    visible("#view-auth");
    click("a[href='#/forgot']");
    visible("#view-forgot");
    type("#forgot-email", EMAIL);
    click("#forgot-form button[type=submit]");
    waitText("#forgot-form .form-ok", "If an account exists");
    String link = await().atMost(Duration.ofSeconds(20)).until(this::resetLinkFromMailFile, l -> l != null);
    driver.get(link);
    visible("#view-reset");
    shot("08-reset-password");
    type("#reset-password", NEW_PASSWORD);
    click("#reset-form button[type=submit]");
    waitText("#reset-form .form-ok", "Your password has been changed");
    driver.get(url(user1) + "#/");
    visible("#view-auth");
    type("#login-email", EMAIL);
    type("#login-password", PASSWORD);
    click("#login-form button[type=submit]");
    waitText("#login-form .form-error", "Wrong email or password");
    type("#login-password", NEW_PASSWORD);
    click("#login-form button[type=submit]");
    visible("#view-home");
    shot("09-assessments");
  }

  @Test
  @Order(9)
  void deleteAnAccountFromTheAccountPage() {
    click("#logout");
    visible("#view-auth");
    type("#signup-email", "doomed@example.com");
    type("#signup-password", "short-lived passphrase");
    click("#signup-form button[type=submit]");
    visible("#view-home");
    driver.get(url(user1) + "#/account");
    visible("#view-account");
    shot("10-account");
    type("#delete-password", "short-lived passphrase");
    click("#delete-form button[type=submit]");
    wait.until(ExpectedConditions.alertIsPresent()).accept();
    visible("#view-auth");
    waitText("#notice", "deleted");
    type("#login-email", "doomed@example.com");
    type("#login-password", "short-lived passphrase");
    click("#login-form button[type=submit]");
    waitText("#login-form .form-error", "Wrong email or password");
  }

  @Test
  @Order(10)
  void theLiveReportSurvivesItsUserNodeStopping() throws Exception {
    type("#login-email", EMAIL);
    type("#login-password", NEW_PASSWORD);
    click("#login-form button[type=submit]");
    visible("#view-home");
    driver.get(assessmentUrl);
    visible("#view-assessment .question");
    waitText("#live-status", "Live");
    String before = text("#report-version");

    // The socket's node goes away while the page cannot reach the other one yet; a report is made meanwhile.
    driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of("*/eventbus*")));
    user1.stop();
    wait.until(d -> "reconnecting".equals(find("#live-status").getAttribute("data-state")));
    shot("11-reconnecting");
    Api api2 = new Api(user2.httpPort);
    Api.Session session = api2.logIn(EMAIL, NEW_PASSWORD);
    String id = assessmentUrl.substring(assessmentUrl.indexOf("#/a/") + 4);
    long missed = api2.answer(session.token(), id, "pr-mfa-email", "partial").data().getJsonObject("answer")
        .getLong("version");
    assertThat(missed).isGreaterThan(Long.parseLong(before));

    // The network comes back: the page moves to the other node, registers again and fetches what it missed.
    driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
    wait.withTimeout(Duration.ofSeconds(60)).until(d -> "live".equals(find("#live-status").getAttribute("data-state")));
    assertThat(find("#live-status").getAttribute("title")).contains(":" + user2.httpPort);
    wait.until(d -> text("#report-version").equals(String.valueOf(missed)));

    // And it keeps working there: a new answer from the page is saved and its report arrives live.
    click("label[for='q-pr-mfa-email-yes']");
    waitText("#q-pr-mfa-email .save-state", "Saved");
    wait.until(d -> Long.parseLong(text("#report-version")) > missed && text(".report-state").equals("Up to date"));
    assertThat(text("#overall-score")).isNotEmpty();
    shot("12-live-on-second-node");
  }

  // ------------------------------------------------------------------ helpers

  private Path exported() throws Exception {
    try (var files = Files.list(downloads)) {
      return files.filter(f -> f.getFileName().toString().startsWith("bastion-report-")
          && f.getFileName().toString().endsWith(".json")).findFirst().orElse(null);
    }
  }

  private String resetLinkFromMailFile() throws Exception {
    Path dir = mesh.dir.resolve("mail");
    if (!Files.isDirectory(dir)) {
      return null;
    }
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        String mail = Files.readString(f);
        Matcher m = LINK.matcher(mail);
        if (mail.contains("To: " + EMAIL) && m.find()) {
          return m.group();
        }
      }
    }
    return null;
  }

  private static String url(Node node) {
    return "http://127.0.0.1:" + node.httpPort + "/";
  }

  private WebElement find(String css) {
    return wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
  }

  private void visible(String css) {
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  private void click(String css) {
    WebElement e = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(css)));
    ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", e);
    e.click();
  }

  private void type(String css, String value) {
    WebElement e = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    e.clear();
    e.sendKeys(value);
  }

  /** The rendered text of the first match, read in the page: the report is re-rendered under our feet. */
  private String text(String css) {
    Object t = js("const e = document.querySelector(arguments[0]); return e ? e.innerText : ''", css);
    return t == null ? "" : t.toString().trim();
  }

  private void waitText(String css, String contained) {
    wait.until(d -> text(css).contains(contained));
  }

  private Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  private void shot(String name) {
    File file = driver.getScreenshotAs(OutputType.FILE);
    try {
      Files.copy(file.toPath(), SHOTS.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
