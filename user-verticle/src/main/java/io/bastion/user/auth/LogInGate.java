package io.bastion.user.auth;

import io.vertx.core.Future;

/**
 * What happens once a password is right: a session, or (with a second factor) a SECOND_FACTOR_REQUIRED error that
 * carries a pending-login token for {@link TwoStep#completeLogIn}.
 */
@FunctionalInterface
public interface LogInGate {

  Future<Session> passwordAccepted(Account account);
}
