package io.bastion.mesh;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium, driven by its own chromedriver (Selenium Manager would try the network), with the
 * flags this machine needs: no sandbox as root, no background networking, a fresh profile each time.
 */
final class Chromium {

  static final Path BINARY = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private Chromium() {
  }

  /** Skips the calling test, with the reason, when Chromium is not installed. */
  static void assumeInstalled() {
    assumeTrue(Files.isExecutable(BINARY) && Files.isExecutable(DRIVER),
        "Chromium not found: install it (Debian: sudo apt-get install chromium chromium-driver) to run the browser "
            + "tests");
  }

  /** The options of every browser test; {@code windowSize} like "1200,1000". */
  static ChromeOptions options(String windowSize) throws IOException {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BINARY.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-quic", "--window-size=" + windowSize,
        "--user-data-dir=" + Files.createTempDirectory("bastion-chromium"));
    return options;
  }

  static ChromeDriver start(String windowSize, Path driverLog) throws IOException {
    return start(options(windowSize), driverLog);
  }

  static ChromeDriver start(ChromeOptions options, Path driverLog) {
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort()
        .withLogFile(driverLog.toFile()).build();
    return new ChromeDriver(service, options);
  }
}
