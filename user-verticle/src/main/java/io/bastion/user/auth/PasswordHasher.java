package io.bastion.user.auth;

import io.vertx.ext.auth.hashing.HashingStrategy;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * PBKDF2-HMAC-SHA512 password hashes (512-bit key, 128-bit salt) through vertx-auth-common's {@link HashingStrategy},
 * stored in its PHC string format {@code $pbkdf2$it=<iterations>$<salt>$<hash>}. Deliberately slow (hundreds of
 * milliseconds here) and blocking: {@link Passwords} runs it on worker threads, never on an event loop.
 *
 * <p>Hashes stored before this class used the strategy were written as
 * {@code pbkdf2-sha512$<iterations>$<salt>$<hash>}: the same algorithm, key length and base64 alphabet (standard,
 * unpadded), only spelled differently. They keep verifying by being respelled in the PHC format before the check;
 * they are not rewritten at log-in (the next password change or reset stores the new format).
 */
public final class PasswordHasher {

  /** OWASP's figure for PBKDF2-HMAC-SHA512; configured counts below it are refused. */
  public static final int MIN_ITERATIONS = 210_000;
  private static final String ALGORITHM = "pbkdf2";
  private static final String LEGACY_PREFIX = "pbkdf2-sha512$";
  private static final int SALT_BYTES = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * Shared by the worker threads: the strategy keeps no state per call, and the PBKDF2 key factory it holds (SunJCE)
   * creates a new key object for every request.
   */
  private final HashingStrategy strategy = HashingStrategy.load();
  private final Map<String, String> params;
  /** Verified against when an email has no account, so that both cases take the same time. */
  private final String decoy;

  /** Blocking (hashes the decoy): construct it on a worker thread. */
  public PasswordHasher(int iterations) {
    this(iterations, MIN_ITERATIONS);
  }

  private PasswordHasher(int iterations, int floor) {
    if (iterations < floor) {
      throw new IllegalArgumentException("PBKDF2 needs at least " + floor + " iterations");
    }
    this.params = Map.of("it", Integer.toString(iterations));
    this.decoy = hash("decoy password that matches nothing");
  }

  /** Tests only: fewer iterations than any deployment may use, so that a test hashes in milliseconds. */
  static PasswordHasher forTests(int iterations) {
    return new PasswordHasher(iterations, 1);
  }

  public String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return strategy.hash(ALGORITHM, params, Base64.getEncoder().withoutPadding().encodeToString(salt), password);
  }

  /** Constant-time check; a null stored hash (no such account) is checked against a decoy and fails. */
  public boolean verify(String password, String stored) {
    boolean real = stored != null;
    boolean matches;
    try {
      matches = strategy.verify(real ? phc(stored) : decoy, password);
    } catch (RuntimeException malformed) {
      matches = false;
    }
    return matches && real;
  }

  /** The stored hash in the strategy's PHC format; hashes in the former spelling are respelled, others kept. */
  static String phc(String stored) {
    if (stored.startsWith(LEGACY_PREFIX)) {
      String[] parts = stored.split("\\$"); // pbkdf2-sha512, iterations, salt, hash
      if (parts.length == 4) {
        return "$" + ALGORITHM + "$it=" + parts[1] + "$" + parts[2] + "$" + parts[3];
      }
    }
    return stored;
  }
}
