package io.bastion.user.auth;

import io.bastion.node.Settings;
import java.time.Duration;
import java.util.Optional;

/**
 * Accounts and sessions.
 *
 * @param session          {@code auth.session.minutes}: how long a log-in lasts
 * @param sessionIdle      {@code auth.session.idle-minutes}: how long a log-in lasts unused
 * @param lockout          {@code auth.lockout.delay-after} failures before growing delays, and the lock-out after
 *                         {@code auth.limit.login-failures-per-email} (see LoginLockout)
 * @param pbkdf2Iterations {@code auth.pbkdf2.iterations}
 * @param jwtPrivateKey    {@code jwt.private-key}: a PEM file, with {@code jwt.public-key}; without both, keys are
 *                         generated once under {@code <data.dir>/keys}
 * @param jwtPublicKey     {@code jwt.public-key}
 * @param limits           {@code auth.limit.*}
 * @param mail             {@code mail.*}
 */
public record AuthSettings(
    Duration session,
    Duration sessionIdle,
    LoginLockout.Policy lockout,
    int pbkdf2Iterations,
    Optional<String> jwtPrivateKey,
    Optional<String> jwtPublicKey,
    AuthLimits limits,
    MailSettings mail) {

  public static AuthSettings from(Settings s) {
    AuthLimits limits = AuthLimits.from(s);
    return new AuthSettings(
        Duration.ofMinutes(s.integer("auth.session.minutes", 1, Integer.MAX_VALUE)),
        Duration.ofMinutes(s.integer("auth.session.idle-minutes", 1, Integer.MAX_VALUE)),
        new LoginLockout.Policy(s.integer("auth.lockout.delay-after", 0, Integer.MAX_VALUE),
            limits.logInFailuresPerEmail().max(), limits.logInFailuresPerEmail().window()),
        s.integer("auth.pbkdf2.iterations", 1, Integer.MAX_VALUE),
        s.optionalString("jwt.private-key"),
        s.optionalString("jwt.public-key"),
        limits,
        MailSettings.from(s));
  }
}
