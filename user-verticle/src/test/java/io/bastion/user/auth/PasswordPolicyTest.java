package io.bastion.user.auth;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.user.error.ApiException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordPolicyTest {

  private static final PasswordPolicy POLICY = PasswordPolicy.load();

  @ParameterizedTest
  @ValueSource(strings = {"short", "elevenchars", "password1234", "Password1234!", "123456789012345",
      "aaaaaaaaaaaaaa", "abcdefghijklmnop", "qwertyuiopasdf", "1qaz2wsx3edc", "iloveyou123456", "Trustno1!!!!"})
  void refuses(String password) {
    assertThatThrownBy(() -> POLICY.check(password, "someone@example.com"))
        .isInstanceOf(ApiException.class)
        .extracting(e -> ((ApiException) e).code().name()).isEqualTo("WEAK_PASSWORD");
  }

  @ParameterizedTest
  @ValueSource(strings = {"correct horse battery staple", "four words make a passphrase", "Zebra!Lamp7Quiet",
      "mein Kühlschrank brummt leise"})
  void acceptsPassphrases(String password) {
    assertThatCode(() -> POLICY.check(password, "someone@example.com")).doesNotThrowAnyException();
  }

  /** The page says why in the user's language from the reason alone (the message is English). */
  @ParameterizedTest
  @CsvSource({"short, PASSWORD_TOO_SHORT", "password1234, PASSWORD_COMMON", "Trustno1!!!!, PASSWORD_COMMON_VARIANT",
      "abcdefghijklmnop, PASSWORD_SEQUENCE", "margaret.hamilton2024, PASSWORD_CONTAINS_EMAIL"})
  void saysWhyWithAReason(String password, String reason) {
    assertThatThrownBy(() -> POLICY.check(password, "margaret.hamilton@example.com"))
        .isInstanceOf(ApiException.class)
        .extracting(e -> ((ApiException) e).extensions().get("reason")).isEqualTo(reason);
  }

  @org.junit.jupiter.api.Test
  void refusesTheEmailItself() {
    assertThatThrownBy(() -> POLICY.check("margaret.hamilton@example.com", "margaret.hamilton@example.com"))
        .isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> POLICY.check("margaret.hamilton2024", "margaret.hamilton@example.com"))
        .isInstanceOf(ApiException.class);
  }
}
