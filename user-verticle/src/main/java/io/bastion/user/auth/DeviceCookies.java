package io.bastion.user.auth;

import io.bastion.node.OwnerOnly;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * OWASP device cookies: after a successful log-in the browser gets {@code <account id>.<nonce>.<HMAC>}; a later
 * log-in to the same account that presents a valid one comes from a <em>trusted</em> browser, which failures from
 * elsewhere do not lock out (see {@link LoginLockout}). The HMAC key is a secret under {@code <data.dir>/keys}
 * (0600), generated once and shared by the nodes of a machine like the token signing keys.
 */
public final class DeviceCookies {

  public static final String COOKIE = "bastion_device";
  /** How long a browser stays known without logging in again. */
  public static final long MAX_AGE_SECONDS = 180L * 24 * 3600;

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  public DeviceCookies(byte[] key) {
    this.key = new SecretKeySpec(key, "HmacSHA256");
  }

  /** The key file {@code device-cookie.key} under {@code keysDir}, generated when missing. Blocking. */
  public static DeviceCookies load(Path keysDir) throws IOException {
    OwnerOnly.directory(keysDir);
    String secret = OwnerOnly.secret(keysDir.resolve("device-cookie.key"), 32);
    return new DeviceCookies(Base64.getUrlDecoder().decode(secret));
  }

  /** A new cookie value for a browser that just logged in to the account. */
  public String issue(UUID accountId) {
    byte[] nonce = new byte[16];
    random.nextBytes(nonce);
    String payload = accountId + "." + B64.encodeToString(nonce);
    return payload + "." + mac(payload);
  }

  /** The nonce of a cookie that is valid and names this account; empty for anything else (an untrusted browser). */
  public Optional<String> trustedNonce(String cookie, UUID accountId) {
    if (cookie == null || accountId == null || cookie.length() > 200) {
      return Optional.empty();
    }
    int last = cookie.lastIndexOf('.');
    if (last < 0) {
      return Optional.empty();
    }
    String payload = cookie.substring(0, last);
    byte[] expected = mac(payload).getBytes(StandardCharsets.US_ASCII);
    byte[] given = cookie.substring(last + 1).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, given) || !payload.startsWith(accountId + ".")) {
      return Optional.empty();
    }
    return Optional.of(payload.substring(accountId.toString().length() + 1));
  }

  private String mac(String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return B64.encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
