package io.bastion.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.user.auth.Totp;
import io.vertx.ext.auth.otp.OtpKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.Credential;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/**
 * Passkeys and two-step verification through the page in headless Chromium, against a user node whose public URL
 * is http://localhost:<port> (WebAuthn refuses IP addresses). Chromium's virtual authenticator (the WebDriver
 * WebAuthn commands) plays the passkey; the test plays the authenticator app, computing codes from the secret the
 * page shows. One person's story, in order. Skipped, with a message, where Chromium is not installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecondFactorBrowserIT {

  private static final String EMAIL = "factors@example.com";
  private static final String PASSWORD = "a passphrase with factors";
  /** Untrusted text: must show as text, never become markup. */
  private static final String LABEL = "Laptop <img src=x id=injected>";

  private Mesh mesh;
  private Node user;
  private ChromeDriver driver;
  private WebDriverWait wait;
  private VirtualAuthenticator authenticator;
  private byte[] totpKey;
  private long lastUsedStep;
  private List<String> recoveryCodes;

  @BeforeAll
  void start() throws Exception {
    Chromium.assumeInstalled();
    Mesh.deleteTree(Mesh.in("factors").dir);
    mesh = Mesh.in("factors").startDatabase();
    int port = Mesh.freePort();
    user = mesh.startUser("user-1", port, "bastion.http.public-url=http://localhost:" + port);

    driver = Chromium.start("1200,1000", mesh.dir.resolve("logs/chromedriver.log"));
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
  @Order(1)
  void onAnIpAddressThePageHidesPasskeysAndSaysWhy() {
    driver.get("http://127.0.0.1:" + user.httpPort + "/");
    visible("#view-auth");
    visible("#passkey-login-unavailable");
    assertThat(text("#passkey-login-unavailable")).contains("host name");
    assertThat(find("#passkey-login").isDisplayed()).isFalse();
  }

  @Test
  @Order(2)
  void signUpAndAddAPasskeyWithAnUntrustedLabel() {
    driver.get(origin() + "/");
    authenticator = driver.addVirtualAuthenticator(new VirtualAuthenticatorOptions()
        .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
        .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
        .setHasResidentKey(true).setHasUserVerification(true).setIsUserVerified(true));
    visible("#view-auth");
    type("#signup-email", EMAIL);
    type("#signup-password", PASSWORD);
    click("#signup-form button[type=submit]");
    visible("#view-home");

    driver.get(origin() + "/#/account");
    visible("#passkey-form");
    waitText("#passkey-list", "No passkeys yet");
    type("#passkey-label", LABEL);
    click("#passkey-form button[type=submit]");
    waitText("#passkey-form .form-ok", "added");
    waitText("#passkey-list", LABEL);
    assertThat(driver.findElements(By.id("injected"))).as("the label stays text").isEmpty();
    assertThat(authenticator.getCredentials()).singleElement().matches(Credential::isResidentCredential);
  }

  @Test
  @Order(3)
  void logInWithThePasskeyAlone() {
    logOut();
    click("#passkey-login");
    visible("#view-home");
    assertThat(text("#account-email")).isEqualTo(EMAIL);
  }

  @Test
  @Order(4)
  void turnOnTwoStepVerificationWithTheQrCodesSecret() {
    driver.get(origin() + "/#/account");
    visible("#two-step-start");
    assertThat(text("#two-step-status")).contains("off");
    click("#two-step-start button[type=submit]");
    visible("#two-step-confirm");
    assertThat(find("#two-step-qr img").getAttribute("src")).startsWith("data:image/gif;base64,");
    String secret = text("#two-step-secret").replace(" ", "");
    totpKey = new OtpKey().setKey(secret).getKeyBytes();
    lastUsedStep = Totp.step(Instant.now());
    type("#two-step-code", Totp.code(totpKey, lastUsedStep));
    find("#two-step-code").sendKeys(Keys.ENTER);
    visible("#recovery-codes");
    recoveryCodes = driver.findElements(By.cssSelector("#recovery-list li")).stream().map(WebElement::getText)
        .toList();
    assertThat(recoveryCodes).hasSize(10).allMatch(c -> c.matches("[a-z2-7]{5}-[a-z2-7]{5}"));
    waitText("#two-step-status", "on");
    visible("#two-step-disable");
  }

  @Test
  @Order(5)
  void aPasswordAloneNowAsksForTheCode() {
    logOut();
    logInWithPassword();
    visible("#code-form");
    assertThat(find("#login-form").isDisplayed()).isFalse();
    type("#login-code", Totp.code(totpKey, lastUsedStep));
    find("#login-code").sendKeys(Keys.ENTER);
    waitText("#code-form .form-error", "already used code");
    lastUsedStep++;
    type("#login-code", Totp.code(totpKey, lastUsedStep));
    find("#login-code").sendKeys(Keys.ENTER);
    visible("#view-home");
    assertThat(text("#account-email")).isEqualTo(EMAIL);
  }

  @Test
  @Order(6)
  void aRecoveryCodeLogsInOnce() {
    logOut();
    logInWithPassword();
    type("#login-code", recoveryCodes.get(0));
    click("#code-form button[type=submit]");
    visible("#view-home");

    logOut();
    logInWithPassword();
    type("#login-code", recoveryCodes.get(0));
    click("#code-form button[type=submit]");
    waitText("#code-form .form-error", "already used code");
    assertThat(find("#view-home").isDisplayed()).isFalse();
    click("#code-cancel");
    visible("#login-form");
  }

  @Test
  @Order(7)
  void aRemovedPasskeyNoLongerLogsIn() {
    logInWithPassword();
    type("#login-code", recoveryCodes.get(1));
    find("#login-code").sendKeys(Keys.ENTER);
    visible("#view-home");
    driver.get(origin() + "/#/account");
    waitText("#passkey-list", LABEL);
    click("#passkey-list button");
    driver.switchTo().alert().accept();
    waitText("#passkey-list", "No passkeys yet");
    logOut();
    click("#passkey-login");
    waitText("#login-form .form-error", "passkey was not accepted");
    assertThat(find("#view-home").isDisplayed()).isFalse();
  }

  private String origin() {
    return "http://localhost:" + user.httpPort;
  }

  private void logOut() {
    click("#logout");
    visible("#view-auth");
  }

  private void logInWithPassword() {
    visible("#login-form");
    type("#login-email", EMAIL);
    type("#login-password", PASSWORD);
    click("#login-form button[type=submit]");
  }

  private WebElement find(String css) {
    return wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
  }

  private void visible(String css) {
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  /** Clicks the element, finding it again when the page redrew it meanwhile (the account page's lists do). */
  private void click(String css) {
    wait.ignoring(StaleElementReferenceException.class).until(d -> {
      WebElement e = ExpectedConditions.elementToBeClickable(By.cssSelector(css)).apply(d);
      if (e == null) {
        return false;
      }
      ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", e);
      e.click();
      return true;
    });
  }

  private void type(String css, String value) {
    WebElement e = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    e.clear();
    e.sendKeys(value);
  }

  private String text(String css) {
    Object t = ((JavascriptExecutor) driver).executeScript(
        "const e = document.querySelector(arguments[0]); return e ? e.innerText : ''", css);
    return t == null ? "" : t.toString().trim();
  }

  private void waitText(String css, String contained) {
    wait.until(d -> text(css).contains(contained));
  }
}
