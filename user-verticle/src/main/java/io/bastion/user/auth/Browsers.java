package io.bastion.user.auth;

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

  public static String name(String userAgent) {
    if (userAgent == null || userAgent.isBlank()) {
      return "unknown browser";
    }
    String browser = browser(userAgent);
    String system = system(userAgent);
    return system == null ? browser : browser + " on " + system;
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
      return "API client"; // curl, HTTP libraries, scripts: nothing that names a browser
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
