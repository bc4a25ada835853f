package io.bastion.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A database outage seen from the page, in real Chromium against a mesh: the mesh's PostgreSQL is stopped while the
 * page is logged in; two questions answered meanwhile wait on the page (pending) under a "service unavailable"
 * banner, the page never shows the log-in screen; once PostgreSQL runs again (same data, same port) the answers are
 * saved in order, their report arrives, and the page is still logged in. The same when the page's user node itself
 * is killed and started again on its port.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Database outage in the page (Chromium)")
class DatabaseOutageBrowserIT {

  private static final String EMAIL = "outage@example.com";
  private static final String PASSWORD = "granite lanterns drift quietly";

  private Mesh mesh;
  private Node user;
  private ChromeDriver driver;
  private WebDriverWait wait;

  @BeforeAll
  void start() throws Exception {
    Chromium.assumeInstalled();
    Mesh.deleteTree(Mesh.in("db-outage-browser").dir);
    mesh = Mesh.in("db-outage-browser").startDatabase();
    user = mesh.startUser("user-1");
    mesh.startSecurity("security-1");
    driver = Chromium.start("1200,900", mesh.dir.resolve("logs/chromedriver.log"));
    wait = new WebDriverWait(driver, Duration.ofSeconds(60));
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
  void answersGivenDuringTheOutageAreKeptAndSavedWhenTheDatabaseIsBack() throws Exception {
    driver.get("http://127.0.0.1:" + user.httpPort + "/");
    type("#signup-email", EMAIL);
    type("#signup-password", PASSWORD);
    click("#signup-form button[type=submit]");
    visible("#view-home");
    wait.until(d -> !d.findElements(By.cssSelector("#new-catalogue option[value='baseline']")).isEmpty());
    new Select(find("#new-catalogue")).selectByValue("baseline");
    type("#new-title", "Through an outage");
    click("#new-assessment button[type=submit]");
    visible("#view-assessment .question");
    click("label[for='q-gv-owner-yes']");
    waitState("gv-owner", "saved");
    wait.until(d -> text("#report-version").equals("1"));
    ((JavascriptExecutor) driver).executeScript("window.__notReloaded = true");

    int port = mesh.databasePort();
    mesh.stopDatabase();
    click("label[for='q-gv-owner-no']");
    waitState("gv-owner", "pending");
    visible("#unavailable");
    assertThat(text("#unavailable")).contains("The service is unavailable, retrying");
    click("label[for='q-gv-obligations-yes']");
    waitState("gv-obligations", "pending");
    click("label[for='q-gv-owner-partial']"); // changed while waiting: the last answer wins
    waitState("gv-owner", "pending");
    assertThat(find("#view-assessment").isDisplayed()).as("the page stays on the assessment").isTrue();
    assertThat(find("#view-auth").isDisplayed()).as("never the log-in screen for an outage").isFalse();
    assertThat(text("#notice")).doesNotContain("session has ended");

    mesh.startDatabase(port);
    waitState("gv-owner", "saved");
    waitState("gv-obligations", "saved");
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("#unavailable")));
    // Versions: 1 before the outage, then gv-owner (partial) and gv-obligations: their report arrives live.
    wait.until(d -> text("#report-version").equals("3") && text(".report-state").equals("Up to date"));
    assertThat(find("#q-gv-owner-partial").isSelected()).isTrue();
    assertThat(find("#view-auth").isDisplayed()).as("still logged in").isFalse();
    assertThat(((JavascriptExecutor) driver).executeScript("return window.__notReloaded === true"))
        .as("the same page throughout, without a reload").isEqualTo(true);

    driver.navigate().refresh();
    visible("#view-assessment .question");
    assertThat(find("#q-gv-owner-partial").isSelected()).as("saved on the server: the last answer").isTrue();
    assertThat(find("#q-gv-obligations-yes").isSelected()).as("saved on the server").isTrue();
  }

  /**
   * The page's own user node dies (SIGKILL): the page's requests now fail with a network error, not UNAVAILABLE,
   * and are treated alike (a load balancer's 502/503/504 too): the answer waits under the banner, the page stays
   * logged in, and a node started again on the same port saves it.
   */
  @Test
  void answersGivenWhileTheUserNodeIsDownAreKeptAndSavedByItsRestart() throws Exception {
    driver.manage().deleteAllCookies();
    driver.get("http://127.0.0.1:" + user.httpPort + "/");
    type("#signup-email", "node-down@example.com");
    type("#signup-password", PASSWORD);
    click("#signup-form button[type=submit]");
    visible("#view-home");
    wait.until(d -> !d.findElements(By.cssSelector("#new-catalogue option[value='baseline']")).isEmpty());
    new Select(find("#new-catalogue")).selectByValue("baseline");
    type("#new-title", "Through a node's death");
    click("#new-assessment button[type=submit]");
    visible("#view-assessment .question");
    click("label[for='q-gv-owner-yes']");
    waitState("gv-owner", "saved");
    wait.until(d -> text("#report-version").equals("1"));
    ((JavascriptExecutor) driver).executeScript("window.__notReloaded = true");

    int port = user.httpPort;
    user.kill();
    click("label[for='q-gv-owner-no']");
    waitState("gv-owner", "pending");
    visible("#unavailable");
    assertThat(text("#q-gv-owner .save-state")).isEqualTo("Not saved yet: waiting for the service to be back");
    assertThat(find("#view-auth").isDisplayed()).as("never the log-in screen for a node's death").isFalse();

    user = mesh.startUser("user-1-again", port);
    waitState("gv-owner", "saved");
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("#unavailable")));
    wait.until(d -> text("#report-version").equals("2"));
    assertThat(find("#view-auth").isDisplayed()).as("still logged in").isFalse();
    assertThat(((JavascriptExecutor) driver).executeScript("return window.__notReloaded === true"))
        .as("the same page throughout, without a reload").isEqualTo(true);
    driver.navigate().refresh();
    visible("#view-assessment .question");
    assertThat(find("#q-gv-owner-no").isSelected()).as("saved on the server by the restarted node").isTrue();
  }

  private void waitState(String questionId, String state) {
    wait.until(d -> state.equals(((JavascriptExecutor) driver).executeScript(
        "const e = document.querySelector(arguments[0]); return e ? e.dataset.state : null",
        "#q-" + questionId + " .save-state")));
  }

  private WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  /**
   * The rendered text of the first match, read in the page in one step: the report is drawn again under our feet
   * (a live report, the action plan arriving), so an element found first may be gone when its text is read.
   */
  private String text(String css) {
    Object t = ((JavascriptExecutor) driver).executeScript(
        "const e = document.querySelector(arguments[0]); return e ? e.innerText : ''", css);
    return t == null ? "" : t.toString().trim();
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
}
