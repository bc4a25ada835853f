package io.bastion.user.auth;

import io.bastion.catalogue.Language;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A short name for a User-Agent ("Chrome 156 on Linux"), for the session list and the new-device mail. Only fixed
 * words and digits come out, never the header's text itself.
 */
public final class Browsers {

  private static final Pattern VERSION = Pattern.compile("(Edg|OPR|Firefox|Chrome|Version)/(\\d{1,4})");

  private Browsers() {
  }

  /** In English: what the session list stores (the page puts its fixed words into the user's language). */
  public static String name(String userAgent) {
    return name(userAgent, Language.EN);
  }

  /** In a language (the new-device mail): the fixed words from the mail bundles, product names as they are. */
  public static String name(String userAgent, Language language) {
    MailWords words = MailWords.get();
    if (userAgent == null || userAgent.isBlank()) {
      return words.text(language, "browser.unknown");
    }
    String browser = browser(userAgent);
    if (browser == null) {
      return words.text(language, "browser.apiClient"); // curl, HTTP libraries, scripts: nothing names a browser
    }
    String system = system(userAgent);
    return system == null ? browser : words.text(language, "browser.on", Map.of("browser", browser, "system", system));
  }

  private static String browser(String ua) {
    String found = null;
    String version = "";
    Matcher m = VERSION.matcher(ua);
    while (m.find()) {
      String name = switch (m.group(1)) {
        case "Edg" -> "Edge";
        case "OPR" -> "Opera";
        case "Firefox" -> "Firefox";
        case "Chrome" -> "Chrome";
        default -> ua.contains("Safari/") ? "Safari" : null;
      };
      // Edge and Opera also say Chrome; the more specific name wins.
      if (name != null && (found == null || "Chrome".equals(found) || "Safari".equals(found))) {
        found = name;
        version = m.group(2);
      }
    }
    if (found == null) {
      return null;
    }
    return ua.contains("HeadlessChrome") ? "Headless Chrome " + version : found + " " + version;
  }

  private static String system(String ua) {
    if (ua.contains("Android")) {
      return "Android";
    }
    if (ua.contains("iPhone") || ua.contains("iPad")) {
      return "iOS";
    }
    if (ua.contains("Windows")) {
      return "Windows";
    }
    if (ua.contains("Mac OS X")) {
      return "macOS";
    }
    if (ua.contains("Linux")) {
      return "Linux";
    }
    return null;
  }
}
