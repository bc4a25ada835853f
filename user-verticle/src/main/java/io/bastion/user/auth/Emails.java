package io.bastion.user.auth;

import io.bastion.user.error.ApiException;
import io.bastion.user.error.Reason;
import java.util.Locale;
import java.util.regex.Pattern;

/** Email addresses as accounts use them: checked at sign-up, compared without case everywhere else. */
final class Emails {

  static final int MAX_LENGTH = 254;
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,253}\\.[^@\\s.]{2,63}");

  private Emails() {
  }

  /** The address a new account is stored with (trimmed, case kept); INVALID_INPUT when it is not one. */
  static String forSignUp(String raw) {
    String email = raw == null ? "" : raw.trim();
    if (email.length() > MAX_LENGTH || !EMAIL.matcher(email).matches()) {
      throw ApiException.invalid(Reason.INVALID_EMAIL, "not a valid email address");
    }
    return email;
  }

  /** The address to look an account up by and to count attempts against: trimmed, lower case, "" for none. */
  static String forLookup(String raw) {
    return raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
  }

  static boolean isPlausible(String lookup) {
    return !lookup.isEmpty() && lookup.length() <= MAX_LENGTH;
  }
}
