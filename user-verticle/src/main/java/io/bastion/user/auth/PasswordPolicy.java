package io.bastion.user.auth;

import io.bastion.user.error.ApiException;
import io.bastion.user.error.Reason;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Accepts passphrases, refuses what attackers try first: at least 12 characters (at most 256), not one of the
 * 30,000 most common passwords (shipped with the project), not a common password padded with digits or symbols,
 * not a run of one character or a simple sequence, not the email address.
 */
public final class PasswordPolicy {

  public static final int MIN_LENGTH = 12;
  public static final int MAX_LENGTH = 256;
  private static final String LIST = "/security/common-passwords.txt";

  private final Set<String> common;

  private PasswordPolicy(Set<String> common) {
    this.common = common;
  }

  /** Reads the shipped list; blocking, call once at start-up. */
  public static PasswordPolicy load() {
    Set<String> words = new HashSet<>();
    try (InputStream in = PasswordPolicy.class.getResourceAsStream(LIST)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + LIST);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.isBlank() && !line.startsWith("#")) {
          words.add(line.trim().toLowerCase(Locale.ROOT));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + LIST, e);
    }
    return new PasswordPolicy(words);
  }

  /** Throws WEAK_PASSWORD with the reason, or returns quietly. */
  public void check(String password, String email) {
    if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
      throw weak(Reason.PASSWORD_TOO_SHORT, "password too short: use at least " + MIN_LENGTH
          + " characters (a few words make a good one)", Map.of("min", MIN_LENGTH));
    }
    if (password.length() > MAX_LENGTH) {
      throw weak(Reason.PASSWORD_TOO_LONG, "password too long: use at most " + MAX_LENGTH + " characters",
          Map.of("max", MAX_LENGTH));
    }
    String lower = password.toLowerCase(Locale.ROOT);
    if (common.contains(lower)) {
      throw weak(Reason.PASSWORD_COMMON, "this password is one of the most common ones: choose another", Map.of());
    }
    String core = lower.replaceAll("^[^\\p{L}]+", "").replaceAll("[^\\p{L}]+$", "");
    if (!core.isEmpty() && lower.length() - core.length() <= 8 && common.contains(core)) {
      throw weak(Reason.PASSWORD_COMMON_VARIANT,
          "this password is a common one with a few digits or symbols added: choose another", Map.of());
    }
    if (isRunOrSequence(lower)) {
      throw weak(Reason.PASSWORD_SEQUENCE,
          "this password is a repeated character or a simple sequence: choose another", Map.of());
    }
    if (email != null && (lower.equals(email.toLowerCase(Locale.ROOT))
        || lower.contains(email.toLowerCase(Locale.ROOT).split("@")[0]) && email.split("@")[0].length() >= 8)) {
      throw weak(Reason.PASSWORD_CONTAINS_EMAIL, "the password must not contain your email address", Map.of());
    }
  }

  /** Keyboard rows and alphabets, twice over so that wrapping runs ("7890123") are found too. */
  private static final List<String> SEQUENCES = sequences("0123456789", "abcdefghijklmnopqrstuvwxyz",
      "qwertyuiopasdfghjklzxcvbnm", "qwertzuiopasdfghjklyxcvbnm", "azertyuiopqsdfghjklmwxcvbn",
      "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p", "1q2w3e4r5t6y7u8i9o0p");

  private static List<String> sequences(String... rows) {
    List<String> all = new ArrayList<>();
    for (String r : rows) {
      String twice = r + r;
      all.add(twice);
      all.add(new StringBuilder(twice).reverse().toString());
    }
    return List.copyOf(all);
  }

  /** A run of few distinct characters, or a stretch of the alphabet, the digits or a keyboard row. */
  private static boolean isRunOrSequence(String s) {
    if (s.chars().distinct().count() <= 4) {
      return true;
    }
    for (String seq : SEQUENCES) {
      if (seq.contains(s)) {
        return true;
      }
    }
    return false;
  }

  private static ApiException weak(Reason reason, String message, Map<String, ?> values) {
    return ApiException.of(reason, message, values);
  }
}
