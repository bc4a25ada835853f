package io.bastion.user.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The TOTP verifier (RFC 6238 vectors, the one-step window, replay) and the recovery codes' format and hashing. */
class TotpTest {

  /** RFC 6238 appendix B's SHA-1 key. */
  private static final byte[] RFC_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

  @Test
  void codesAreThoseOfRfc6238() {
    // The RFC lists 8 digits; a 6-digit code is the same number modulo 10^6.
    assertThat(Totp.code(RFC_KEY, Totp.step(Instant.ofEpochSecond(59)))).isEqualTo("287082");
    assertThat(Totp.code(RFC_KEY, Totp.step(Instant.ofEpochSecond(1111111109)))).isEqualTo("081804");
    assertThat(Totp.code(RFC_KEY, Totp.step(Instant.ofEpochSecond(2000000000)))).isEqualTo("279037");
  }

  @Test
  void oneStepEitherSideIsAcceptedAndNoMore() {
    Instant now = Instant.ofEpochSecond(1_700_000_000L);
    long step = Totp.step(now);
    for (long s = step - 1; s <= step + 1; s++) {
      assertThat(Totp.verify(RFC_KEY, Totp.code(RFC_KEY, s), now, -1)).as("code of step %+d", s - step).hasValue(s);
    }
    assertThat(Totp.verify(RFC_KEY, Totp.code(RFC_KEY, step - 2), now, -1)).as("two steps old").isEmpty();
    assertThat(Totp.verify(RFC_KEY, Totp.code(RFC_KEY, step + 2), now, -1)).as("two steps ahead").isEmpty();
  }

  @Test
  void aStepAtOrBeforeTheLastUsedOneIsRefused() {
    Instant now = Instant.ofEpochSecond(1_700_000_000L);
    long step = Totp.step(now);
    String current = Totp.code(RFC_KEY, step);
    assertThat(Totp.verify(RFC_KEY, current, now, step - 1)).as("first use").hasValue(step);
    assertThat(Totp.verify(RFC_KEY, current, now, step)).as("the same code again").isEmpty();
    assertThat(Totp.verify(RFC_KEY, Totp.code(RFC_KEY, step - 1), now, step)).as("an older code after it").isEmpty();
    assertThat(Totp.verify(RFC_KEY, Totp.code(RFC_KEY, step + 1), now, step)).as("the next step's code")
        .hasValue(step + 1);
  }

  @Test
  void anythingButSixDigitsIsRefused() {
    Instant now = Instant.ofEpochSecond(1_700_000_000L);
    String current = Totp.code(RFC_KEY, Totp.step(now));
    for (String bad : new String[] {null, "", current + "0", current.substring(1), " " + current, "abcdef"}) {
      assertThat(Totp.verify(RFC_KEY, bad, now, -1)).as("'%s'", bad).isEmpty();
    }
  }

  @Test
  void recoveryCodesAreTenDistinctAndHashTheSameHoweverTyped() {
    List<String> codes = RecoveryCodes.generate();
    assertThat(codes).hasSize(10).allMatch(c -> c.matches("[a-z2-7]{5}-[a-z2-7]{5}"));
    assertThat(new HashSet<>(codes)).hasSize(10);
    String code = codes.get(0);
    assertThat(RecoveryCodes.looksLikeOne(code)).isTrue();
    assertThat(RecoveryCodes.looksLikeOne("123456")).as("a TOTP code").isFalse();
    assertThat(RecoveryCodes.hash(" " + code.toUpperCase() + " ")).isEqualTo(RecoveryCodes.hash(code))
        .isEqualTo(RecoveryCodes.hash(code.replace("-", ""))).hasSize(64);
    assertThat(RecoveryCodes.hash(codes.get(1))).isNotEqualTo(RecoveryCodes.hash(code));
  }

  @Test
  void passkeysNeedAHostName() {
    assertThat(PasskeySite.of("http://localhost:8080")).hasValue(new PasskeySite("localhost", "http://localhost:8080"));
    assertThat(PasskeySite.of("https://Bastion.Example.org/")).hasValue(
        new PasskeySite("bastion.example.org", "https://bastion.example.org"));
    assertThat(PasskeySite.of("http://127.0.0.1:8080")).isEmpty();
    assertThat(PasskeySite.of("http://[::1]:8080")).isEmpty();
  }
}
