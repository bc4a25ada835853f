package io.bastion.user.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-HMAC-SHA512 password hashes, stored as {@code pbkdf2-sha512$<iterations>$<salt>$<hash>}. Deliberately slow
 * (hundreds of milliseconds here): callers run it in executeBlocking, never on an event loop.
 */
public final class PasswordHasher {

  public static final int MIN_ITERATIONS = 210_000;
  private static final String SCHEME = "pbkdf2-sha512";
  private static final int SALT_BYTES = 16;
  private static final int KEY_BITS = 512;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final int iterations;
  /** Verified against when an email has no account, so that both cases take the same time. */
  private final String decoy;

  public PasswordHasher(int iterations) {
    if (iterations < MIN_ITERATIONS) {
      throw new IllegalArgumentException("PBKDF2 needs at least " + MIN_ITERATIONS + " iterations");
    }
    this.iterations = iterations;
    this.decoy = hash("decoy password that matches nothing");
  }

  public String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] key = derive(password, salt, iterations);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(key);
  }

  /** Constant-time check; a null stored hash (no such account) is checked against a decoy and fails. */
  public boolean verify(String password, String stored) {
    boolean real = stored != null;
    String[] parts = (real ? stored : decoy).split("\\$");
    if (parts.length != 4 || !SCHEME.equals(parts[0])) {
      return false;
    }
    int rounds = Integer.parseInt(parts[1]);
    byte[] salt = Base64.getDecoder().decode(parts[2]);
    byte[] expected = Base64.getDecoder().decode(parts[3]);
    byte[] actual = derive(password, salt, rounds);
    return MessageDigest.isEqual(expected, actual) && real;
  }

  private static byte[] derive(String password, byte[] salt, int rounds) {
    PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, rounds, KEY_BITS);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    } finally {
      spec.clearPassword();
    }
  }
}
