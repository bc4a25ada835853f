package io.bastion.user.auth;

import io.bastion.node.Settings;
import java.time.Duration;
import java.util.Optional;

/**
 * Accounts and sessions.
 *
 * @param session          {@code auth.session.minutes}: how long a log-in lasts
 * @param pbkdf2Iterations {@code auth.pbkdf2.iterations}
 * @param jwtPrivateKey    {@code jwt.private-key}: a PEM file, with {@code jwt.public-key}; without both, keys are
 *                         generated once under {@code <data.dir>/keys}
 * @param jwtPublicKey     {@code jwt.public-key}
 * @param limits           {@code auth.limit.*}
 * @param mail             {@code mail.*}
 */
public record AuthSettings(
    Duration session,
    int pbkdf2Iterations,
    Optional<String> jwtPrivateKey,
    Optional<String> jwtPublicKey,
    AuthLimits limits,
    MailSettings mail) {

  public static AuthSettings from(Settings s) {
    return new AuthSettings(
        Duration.ofMinutes(s.integer("auth.session.minutes", 1, Integer.MAX_VALUE)),
        s.integer("auth.pbkdf2.iterations", 1, Integer.MAX_VALUE),
        s.optionalString("jwt.private-key"),
        s.optionalString("jwt.public-key"),
        AuthLimits.from(s),
        MailSettings.from(s));
  }
}
