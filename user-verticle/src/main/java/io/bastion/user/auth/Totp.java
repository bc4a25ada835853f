package io.bastion.user.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 codes (HMAC-SHA1, 6 digits, 30 s steps), what authenticator apps compute. vertx-auth-otp's TotpAuth
 * accepts only the current step and the same code twice, so verification is done here: one step either side (clock
 * drift, typing time), and only steps after the last one used (the caller stores the step it gets back).
 */
public final class Totp {

  public static final int PERIOD_SECONDS = 30;
  public static final int WINDOW = 1;

  private Totp() {
  }

  /** The step whose code {@code code} is, within the window around {@code now} and after {@code lastUsedStep}. */
  public static OptionalLong verify(byte[] key, String code, Instant now, long lastUsedStep) {
    if (code == null || !code.matches("\\d{6}")) {
      return OptionalLong.empty();
    }
    long step = step(now);
    byte[] given = code.getBytes(StandardCharsets.US_ASCII);
    for (long s = step - WINDOW; s <= step + WINDOW; s++) {
      if (s > lastUsedStep && MessageDigest.isEqual(code(key, s).getBytes(StandardCharsets.US_ASCII), given)) {
        return OptionalLong.of(s);
      }
    }
    return OptionalLong.empty();
  }

  public static long step(Instant time) {
    return time.getEpochSecond() / PERIOD_SECONDS;
  }

  /** The code of one time step (RFC 4226 dynamic truncation). */
  public static String code(byte[] key, long step) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(key, "HmacSHA1"));
      byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
      int o = h[h.length - 1] & 0xf;
      int bin = ((h[o] & 0x7f) << 24) | ((h[o + 1] & 0xff) << 16) | ((h[o + 2] & 0xff) << 8) | (h[o + 3] & 0xff);
      return String.format("%06d", bin % 1_000_000);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is part of every Java runtime", e);
    }
  }
}
