package io.bastion.user.auth;

import io.vertx.core.Future;

/**
 * What happens once a password is right: a session, or (with a second factor) a SECOND_FACTOR_REQUIRED error that
 * carries a pending-login token for {@link TwoStep#completeLogIn}.
 */
@FunctionalInterface
public interface LogInGate {

  /** {@code client}: where the session is opened from, for the account's session list. */
  Future<Session> passwordAccepted(Account account, LoginClient client);

  /** No second step: a right password opens the session. */
  static LogInGate sessionsOf(Sessions sessions) {
    return (account, client) -> sessions.open(account, client.address(), client.userAgent());
  }
}
