package io.bastion.mesh;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in Chromium as a browser test drives it: elements by CSS selector, waited for (never slept for), and
 * text read inside the page in one step, because the live report is drawn again under the test's feet.
 */
final class PageDriver {

  static final Path SHOTS = Path.of("target/screenshots").toAbsolutePath();

  final ChromeDriver driver;
  final WebDriverWait wait;

  PageDriver(ChromeDriver driver, Duration timeout) {
    this.driver = driver;
    this.wait = new WebDriverWait(driver, timeout);
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

  /** The rendered text of the first match, read in the page in one step; empty when there is none. */
  String text(String css) {
    Object t = js("const e = document.querySelector(arguments[0]); return e ? e.innerText : ''", css);
    return t == null ? "" : t.toString().trim();
  }

  void waitText(String css, String contained) {
    wait.until(d -> text(css).contains(contained));
  }

  Object js(String script, Object... args) {
    return driver.executeScript(script, args);
  }

  /** A screenshot to target/screenshots/NAME.png, for people reading a failed run. */
  void shot(String name) {
    File file = driver.getScreenshotAs(OutputType.FILE);
    try {
      Files.createDirectories(SHOTS);
      Files.copy(file.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
