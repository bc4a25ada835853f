package io.bastion.user.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.Test;

/** The hasher over vertx-auth-common's strategy: its PHC format, the former format, the decoy, the iteration floor. */
class PasswordHasherTest {

  private static final PasswordHasher HASHER = PasswordHasher.forTests(1_000);

  @Test
  void writesThePhcFormatWithTheConfiguredIterationsAndAFreshSalt() {
    String hash = HASHER.hash("correct horse battery staple");
    assertThat(hash).matches("\\$pbkdf2\\$it=1000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{86}");
    assertThat(HASHER.hash("correct horse battery staple")).as("salted").isNotEqualTo(hash);
    assertThat(HASHER.verify("correct horse battery staple", hash)).isTrue();
    assertThat(HASHER.verify("correct horse battery stapler", hash)).isFalse();
  }

  @Test
  void hashesInTheFormerFormatStillVerify() throws Exception {
    // What the hand-made hasher stored: pbkdf2-sha512$<iterations>$<salt>$<key>, unpadded standard base64.
    byte[] salt = new byte[16];
    for (int i = 0; i < salt.length; i++) {
      salt[i] = (byte) (i * 37 + 5);
    }
    PBEKeySpec spec = new PBEKeySpec("an older passphrase".toCharArray(), salt, 1_000, 512);
    byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    String former = "pbkdf2-sha512$1000$" + b64.encodeToString(salt) + "$" + b64.encodeToString(key);

    assertThat(HASHER.verify("an older passphrase", former)).as("the former format").isTrue();
    assertThat(HASHER.verify("another passphrase", former)).isFalse();
    assertThat(PasswordHasher.forTests(2_000).verify("an older passphrase", former))
        .as("its own iteration count counts, not the configured one").isTrue();
  }

  @Test
  void noStoredHashOrAMalformedOneNeverMatches() {
    assertThat(HASHER.verify("decoy password that matches nothing", null)).as("no account").isFalse();
    assertThat(HASHER.verify("anything", "not a hash")).isFalse();
    assertThat(HASHER.verify("anything", "pbkdf2-sha512$x$y")).isFalse();
    assertThat(HASHER.verify("anything", "$pbkdf2$it=1000$!!$!!")).isFalse();
  }

  @Test
  void aDeploymentCannotConfigureFewerIterationsThanOwaspAsks() {
    assertThatThrownBy(() -> new PasswordHasher(PasswordHasher.MIN_ITERATIONS - 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("210000");
  }
}
