package io.bastion.user.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Recovery codes: ten per account, each 10 random base32 characters (50 bits), shown once as {@code xxxxx-xxxxx}.
 * Only SHA-256 hashes are stored: with that much entropy a fast hash is enough (nothing to guess offline).
 */
public final class RecoveryCodes {

  public static final int COUNT = 10;
  private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private RecoveryCodes() {
  }

  public static List<String> generate() {
    List<String> codes = new ArrayList<>(COUNT);
    for (int i = 0; i < COUNT; i++) {
      StringBuilder code = new StringBuilder(11);
      for (int j = 0; j < 10; j++) {
        if (j == 5) {
          code.append('-');
        }
        code.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
      }
      codes.add(code.toString());
    }
    return codes;
  }

  /** How a code looks as typed, whatever the case, spaces or dashes: lower case, 10 characters. */
  public static String normalize(String typed) {
    return typed == null ? "" : typed.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT);
  }

  /** True when the input looks like a recovery code rather than a 6-digit one-time code. */
  public static boolean looksLikeOne(String typed) {
    return normalize(typed).matches("[a-z2-7]{10}");
  }

  public static String hash(String typed) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(normalize(typed).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
