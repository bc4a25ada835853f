package io.bastion.user.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Single-use link tokens (password resets, pending log-ins, invitations): 256 random bits in the link, only their
 * SHA-256 in the database.
 */
public final class ResetTokens {

  private static final SecureRandom RANDOM = new SecureRandom();

  private ResetTokens() {
  }

  public static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The token's SHA-256 in hex, as text columns keep it. */
  static String hash(String token) {
    return HexFormat.of().formatHex(digest(token));
  }

  /** The token's SHA-256, as bytea columns keep it. */
  public static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
