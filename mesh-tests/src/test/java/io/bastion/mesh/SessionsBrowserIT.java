package io.bastion.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
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
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The account page's session list in real Chromium, against a mesh user node: a second session opened through the
 * API shows up beside the browser's own, and ending it from the page stops its token and closes its WebSocket.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Sessions on the account page (Chromium)")
class SessionsBrowserIT {

  private static final String EMAIL = "sessions@example.com";
  private static final String PASSWORD = "granite lanterns drift quietly";

  private Mesh mesh;
  private Node user;
  private ChromeDriver driver;
  private WebDriverWait wait;

  @BeforeAll
  void start() throws Exception {
    Chromium.assumeInstalled();
    Mesh.deleteTree(Mesh.in("sessions-browser").dir);
    mesh = Mesh.in("sessions-browser").startDatabase();
    user = mesh.startUser("user-1");
    driver = Chromium.start("1200,900", mesh.dir.resolve("logs/chromedriver.log"));
    wait = new WebDriverWait(driver, Duration.ofSeconds(30));
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
  void theAccountPageListsBothSessionsAndEndingTheOtherOneEndsIt() throws Exception {
    String page = "http://127.0.0.1:" + user.httpPort + "/";
    driver.get(page);
    type("#signup-email", EMAIL);
    type("#signup-password", PASSWORD);
    click("#signup-form button[type=submit]");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#view-home")));

    Api api = new Api(user.httpPort);
    Api.Session other = api.logIn(EMAIL, PASSWORD);
    try (GraphQLWsClient socket = GraphQLWsClient.connect(user.httpPort, other.token())) {
      await().atMost(Duration.ofSeconds(10)).until(socket::acknowledged);

      driver.get(page + "#/account");
      wait.until(d -> d.findElements(By.cssSelector("#session-list li.session")).size() == 2);
      List<WebElement> rows = driver.findElements(By.cssSelector("#session-list li.session"));
      assertThat(rows).as("the page's session list").hasSize(2);
      WebElement mine = driver.findElement(By.cssSelector("#session-list li[data-current='true']"));
      assertThat(mine.getText()).as("this browser's row").contains("this browser").contains("Chrome")
          .contains("127.0.0.1");
      WebElement theirs = driver.findElement(By.cssSelector("#session-list li[data-current='false']"));
      assertThat(theirs.getText()).as("the API client's row").contains("API client");

      click("#session-list li[data-current='false'] button");
      wait.until(d -> d.findElements(By.cssSelector("#session-list li.session")).size() == 1);
      assertThat(api.call(other.token(), "{ me { id } }", new JsonObject()).errorCode())
          .as("the ended session's next request").isEqualTo("UNAUTHENTICATED");
      await().atMost(Duration.ofSeconds(10)).until(() -> socket.closeCode == 4401);
    }
    assertThat(driver.findElements(By.cssSelector("#view-account")).get(0).isDisplayed())
        .as("the browser's own session goes on").isTrue();
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
