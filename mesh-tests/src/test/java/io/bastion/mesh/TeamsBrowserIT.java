package io.bastion.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Two people working together in two real Chromium browsers (two WebDriver sessions, two profiles), each on its own
 * user node of one mesh: the owner signs up on node A, creates an organisation, starts an assessment in it and
 * invites the editor by email; the invitation link, read from the mail file, is opened on node B while logged out,
 * the editor signs up there and joins. Both open the assessment: each sees the other in "Also here"; the editor's
 * answer appears on the owner's page with the editor's email and the report follows; when the editor leaves, the
 * owner's presence line empties. The owner makes the editor a VIEWER: the assessment is read-only on their page.
 * The owner signs the report off. Finally the owner removes the viewer, whose open assessment view ends ("access
 * ended"), and reads the organisation's audit log, whose chain verifies. Skipped, with a message, where Chromium is
 * not installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Teams in two browsers on two user nodes (Chromium)")
class TeamsBrowserIT {

  private static final Path SHOTS = Path.of("target/screenshots").toAbsolutePath();
  private static final String OWNER = "owner@example.com";
  private static final String EDITOR = "editor@example.com";
  private static final String PASSWORD = "granite lanterns drift quietly";
  private static final String ORGANISATION = "Acme <b>Security</b>";
  private static final Pattern JOIN = Pattern.compile("/#/join/([A-Za-z0-9_-]+)");

  private Mesh mesh;
  private Node nodeA;
  private Node nodeB;
  private Browser owner;
  private Browser editor;

  @BeforeAll
  void start() throws Exception {
    Chromium.assumeInstalled();
    Mesh.deleteTree(Mesh.in("teams-browser").dir);
    mesh = Mesh.in("teams-browser").startDatabase();
    nodeA = mesh.startUser("user-a");
    nodeB = mesh.startUser("user-b");
    mesh.startSecurity("security-1");
    Files.createDirectories(SHOTS);
    owner = new Browser(Chromium.start("1300,1000", mesh.dir.resolve("logs/chromedriver-owner.log")));
    editor = new Browser(Chromium.start("1300,1000", mesh.dir.resolve("logs/chromedriver-editor.log")));
  }

  @AfterAll
  void stop() throws Exception {
    for (Browser b : new Browser[] {owner, editor}) {
      if (b != null) {
        b.driver.quit();
      }
    }
    if (mesh != null) {
      mesh.close();
    }
  }

  @Test
  void anInvitedEditorWorksAlongWithTheOwnerLiveThenReadsOnlyAsAViewerAndLosesAccessWhenRemoved() throws Exception {
    // The owner, on node A: an organisation, an assessment in it, an invitation.
    owner.driver.get(url(nodeA));
    owner.signUp(OWNER);
    owner.click("#nav-teams");
    owner.visible("#view-teams");
    owner.type("#organisation-name", ORGANISATION);
    owner.click("#new-organisation button[type=submit]");
    owner.waitText(".teams-message", "was created");
    assertThat(owner.text(".org-card h2")).as("user text shown as text").isEqualTo(ORGANISATION);
    assertThat(owner.find(".org-card .my-role").getAttribute("data-role")).isEqualTo("OWNER");

    owner.driver.get(url(nodeA) + "#/");
    owner.wait.until(d -> !d.findElements(By.xpath("//select[@id='new-space']/option[.='" + ORGANISATION + "']"))
        .isEmpty());
    new Select(owner.find("#new-catalogue")).selectByValue("baseline");
    new Select(owner.find("#new-space")).selectByVisibleText(ORGANISATION);
    owner.type("#new-title", "Team review");
    owner.click("#new-assessment button[type=submit]");
    owner.visible("#view-assessment .question");
    String assessmentHash = owner.driver.getCurrentUrl().substring(owner.driver.getCurrentUrl().indexOf('#'));
    assertThat(owner.text("#assessment-meta")).startsWith(ORGANISATION);

    owner.click("#nav-teams");
    owner.type(".org-card .invite-form input[type=email]", EDITOR);
    new Select(owner.find(".org-card .invite-form select")).selectByValue("EDITOR");
    owner.click(".org-card .invite-form button[type=submit]");
    owner.waitText(".teams-message", "Invitation sent to " + EDITOR);
    owner.waitText(".org-card .invitations", EDITOR);
    String token = await().atMost(Duration.ofSeconds(20)).until(this::joinTokenFromMailFile, t -> t != null);

    // The editor, on node B: the link first, logged out; sign up; joined.
    editor.driver.get(url(nodeB) + "#/join/" + token);
    editor.visible("#view-auth");
    editor.waitText("#notice", "invited to join an organisation");
    editor.signUpExpecting(EDITOR, "#view-home");
    editor.waitText("#notice", "You joined " + ORGANISATION + " as Editor");
    editor.waitText("#assessment-list", "Team review");
    assertThat(editor.text("#assessment-list .space-tag")).isEqualTo(ORGANISATION);
    shot(editor, "teams-01-joined");

    // Both open the assessment, on different nodes: each sees the other.
    owner.driver.get(url(nodeA) + assessmentHash);
    owner.visible("#view-assessment .question");
    owner.waitState("live");
    editor.click("#assessment-list .assessment-link");
    editor.visible("#view-assessment .question");
    editor.waitState("live");
    owner.waitText("#presence", "Also here: " + EDITOR);
    editor.waitText("#presence", "Also here: " + OWNER);
    assertThat(owner.text("#presence")).as("never the caller itself").doesNotContain(OWNER);

    // The editor answers: the owner's page shows it in place with who answered, and the report follows.
    owner.js("window.__notReloaded = true");
    editor.click("label[for='q-gv-owner-yes']");
    editor.waitText("#q-gv-owner .save-state", "Saved");
    owner.wait.until(d -> owner.find("#q-gv-owner-yes").isSelected());
    owner.waitText("#q-gv-owner .answered-by", "answered by " + EDITOR);
    owner.wait.until(d -> owner.text("#report-version").equals("1") && owner.text(".report-state").equals("Up to date"));
    assertThat(owner.js("return window.__notReloaded === true")).as("live, without a reload").isEqualTo(true);
    assertThat(editor.text("#q-gv-owner .answered-by")).contains("answered by " + EDITOR);
    shot(owner, "teams-02-owner-sees-the-editors-answer");

    // The owner signs this version off: marked in the report and in the history.
    owner.type("#sign-off-note", "Reviewed with the editor");
    owner.click("#sign-off-form button[type=submit]");
    owner.waitText("#sign-off", "Version 1 signed off by " + OWNER);
    assertThat(owner.text("#sign-off")).contains("Reviewed with the editor");
    assertThat(owner.text(".signed-versions")).contains("v1 signed off by " + OWNER);

    // The owner sets a target for Govern: the report shows the gap, a target outline on the radar and the findings
    // that close the gap; the editor's page (another node) shows the same, live.
    owner.type("#target-GV", "90");
    owner.click("#targets-form button[type=submit]");
    owner.waitText("#by-function li[data-function='GV'] .bar-gap", "to 90.0");
    assertThat(owner.text("#by-function li[data-function='GV'] .bar-gap")).startsWith("gap ");
    assertThat(owner.driver.findElements(By.cssSelector("#by-function .radar-area.target"))).hasSize(1);
    owner.waitText("#gap-findings", "Govern is ");
    editor.waitText("#by-function li[data-function='GV'] .bar-gap", "to 90.0");
    editor.waitText("#gap-findings", "below target");
    shot(editor, "teams-02b-target-seen-live");

    // The owner turns a finding into an item of the action plan for the editor, due yesterday: overdue on both
    // pages. The editor answers its question fully: the item is done on the owner's page, live.
    java.time.LocalDate dayBefore = java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1);
    String yesterday = dayBefore.toString();
    // The page writes dates as its language does (English here, as Intl's "medium" date: "Nov 27, 2026").
    String yesterdayShown = java.time.format.DateTimeFormatter.ofPattern("MMM d, yyyy", java.util.Locale.ENGLISH)
        .format(dayBefore);
    owner.click("#report li.finding[data-question='gv-obligations'] .plan-draft");
    assertThat(owner.find("#plan-title").getAttribute("value")).as("drafted from the finding's recommendation")
        .isNotBlank();
    new Select(owner.find("#plan-owner")).selectByVisibleText(EDITOR);
    owner.js("document.querySelector('#plan-due').value = arguments[0]", yesterday); // typing a date is locale-bound
    owner.click("#plan-form button[type=submit]");
    owner.waitText("#action-plan", "Overdue since " + yesterdayShown);
    assertThat(owner.text("#action-plan")).contains("Owner: " + EDITOR);
    editor.waitText("#action-plan", "Overdue since " + yesterdayShown);
    editor.waitText("#report li.finding[data-question='gv-obligations']", "In the action plan");
    editor.click("label[for='q-gv-obligations-yes']");
    editor.waitText("#q-gv-obligations .save-state", "Saved");
    owner.wait.until(d -> "DONE".equals(owner.js(
        "const e = document.querySelector('#action-plan .plan-item'); return e ? e.dataset.status : null")));
    owner.waitText("#action-plan", "answered fully");
    assertThat(owner.text("#action-plan")).doesNotContain("Overdue since");
    shot(owner, "teams-02c-plan-closed-by-answer");

    // The editor leaves the assessment: the owner's presence line empties.
    editor.driver.get(url(nodeB) + "#/");
    editor.visible("#view-home");
    owner.wait.until(d -> !owner.find("#presence").isDisplayed());

    // The owner makes the editor a viewer: read-only on their page, no sign-off.
    owner.driver.get(url(nodeA) + "#/teams");
    WebElement role = owner.find(".org-card tr.member[data-email='" + EDITOR + "'] select.role");
    new Select(role).selectByValue("VIEWER");
    owner.waitText(".teams-message", EDITOR + " is now Viewer");
    editor.driver.get(url(nodeB) + assessmentHash);
    editor.visible("#view-assessment .question");
    editor.visible("#read-only");
    assertThat(editor.text("#read-only")).contains("read-only: viewer");
    assertThat(editor.find("#q-gv-owner-no").isEnabled()).as("a viewer's inputs").isFalse();
    assertThat(editor.find("#q-gv-owner-yes").isSelected()).as("but the answers shown").isTrue();
    assertThat(editor.driver.findElements(By.cssSelector("#sign-off-form"))).as("no sign-off for a viewer").isEmpty();
    editor.waitState("live");
    shot(editor, "teams-03-viewer-read-only");

    // Removed while the assessment is open: the socket closes and the page leaves the view, saying why.
    owner.click(".org-card tr.member[data-email='" + EDITOR + "'] button.remove");
    owner.wait.until(ExpectedConditions.alertIsPresent()).accept();
    owner.waitText(".teams-message", EDITOR + " was removed");
    editor.visible("#view-home");
    editor.waitText("#notice", "access to that assessment has ended");

    // The owner deletes the assessment from its page; it leaves the list (and the audit log says so below).
    owner.driver.get(url(nodeA) + assessmentHash);
    owner.visible("#view-assessment .question");
    owner.click("#delete-assessment");
    owner.wait.until(ExpectedConditions.alertIsPresent()).accept();
    owner.visible("#view-home");
    owner.waitText("#notice", "was deleted");
    owner.visible("#assessment-list p.empty"); // the list, loaded again, has nothing left
    owner.driver.get(url(nodeA) + "#/teams");

    // The organisation's audit log has what happened, and its chain verifies.
    owner.click(".org-card .audit-link");
    owner.visible("#view-audit");
    owner.wait.until(d -> !d.findElements(By.cssSelector(".audit-entry[data-kind='member-removed']")).isEmpty());
    assertThat(owner.driver.findElements(By.cssSelector(".audit-entry[data-kind='invitation-sent']"))).isNotEmpty();
    assertThat(owner.driver.findElements(By.cssSelector(".audit-entry[data-kind='role-changed']"))).isNotEmpty();
    assertThat(owner.driver.findElements(By.cssSelector(".audit-entry[data-kind='assessment-deleted']")))
        .isNotEmpty();
    owner.click(".audit-verify");
    owner.waitText(".audit-verdict", "Intact");
    shot(owner, "teams-04-audit-log");
  }

  // ------------------------------------------------------------------ helpers

  private String joinTokenFromMailFile() throws IOException {
    Path dir = mesh.dir.resolve("mail");
    if (!Files.isDirectory(dir)) {
      return null;
    }
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        String mail = Files.readString(f);
        Matcher m = JOIN.matcher(mail);
        if (mail.contains("To: " + EDITOR) && m.find()) {
          return m.group(1);
        }
      }
    }
    return null;
  }

  private static String url(Node node) {
    return "http://127.0.0.1:" + node.httpPort + "/";
  }

  private static void shot(Browser b, String name) {
    File file = b.driver.getScreenshotAs(OutputType.FILE);
    try {
      Files.copy(file.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One person's browser. */
  private static final class Browser {

    final ChromeDriver driver;
    final WebDriverWait wait;

    Browser(ChromeDriver driver) {
      this.driver = driver;
      this.wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    void signUp(String email) {
      signUpExpecting(email, "#view-home");
      waitState("live");
    }

    void signUpExpecting(String email, String view) {
      visible("#view-auth");
      type("#signup-email", email);
      type("#signup-password", PASSWORD);
      click("#signup-form button[type=submit]");
      visible(view);
    }

    void waitState(String state) {
      wait.until(d -> state.equals(find("#live-status").getAttribute("data-state")));
    }

    WebElement find(String css) {
      return wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
    }

    void visible(String css) {
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    void click(String css) {
      WebElement e = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(css)));
      js("arguments[0].scrollIntoView({block: 'center'})", e);
      e.click();
    }

    void type(String css, String value) {
      WebElement e = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
      e.clear();
      e.sendKeys(value);
    }

    /** The rendered text of the first match, read in the page (parts are re-rendered under our feet). */
    String text(String css) {
      Object t = js("const e = document.querySelector(arguments[0]); return e ? e.innerText : ''", css);
      return t == null ? "" : t.toString().trim();
    }

    void waitText(String css, String contained) {
      wait.until(d -> text(css).contains(contained));
    }

    Object js(String script, Object... args) {
      return ((JavascriptExecutor) driver).executeScript(script, args);
    }
  }
}
