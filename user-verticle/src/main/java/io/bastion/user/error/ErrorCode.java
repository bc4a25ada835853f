package io.bastion.user.error;

/**
 * The codes clients find in a GraphQL error's {@code extensions.code}; INVALID_INPUT, FORBIDDEN and CONFLICT also
 * carry {@code extensions.reason} (see {@link Reason} and docs/api.md).
 */
public enum ErrorCode {
  /** No token, an invalid or expired one, or a revoked session. */
  UNAUTHENTICATED,
  /** Not there, or not yours: the two are deliberately the same error. */
  NOT_FOUND,
  /** An argument the API does not accept (unknown question, value not allowed, malformed email...). */
  INVALID_INPUT,
  /** A password the policy refuses. */
  WEAK_PASSWORD,
  /** The email already has an account. */
  EMAIL_TAKEN,
  /**
   * The password was right and the account has a second factor: send a code with the pending-login token in
   * {@code extensions.secondFactorToken} (mutation completeLogIn).
   */
  SECOND_FACTOR_REQUIRED,
  /** Too many attempts; retry after the time given in {@code extensions.retryAfterSeconds}. */
  RATE_LIMITED,
  /** A cross-site request, or an operation not allowed in this context. */
  FORBIDDEN,
  /**
   * The thing changed since the client saw it (an answer given with an older {@code expectedVersion}), or the
   * change would break a rule (the last owner of an organisation); {@code extensions} say what stands now.
   */
  CONFLICT,
  /** The query is too deep, too complex or too large. */
  QUERY_TOO_COMPLEX,
  /** One connection already has as many subscriptions open as allowed; {@code extensions.limit} says how many. */
  TOO_MANY_SUBSCRIPTIONS,
  /**
   * A service the request needs (the database) cannot be reached right now: nothing was refused or changed, the
   * session is intact; retry later ({@code extensions.retryable} is true). Never a reason to log the user out.
   */
  UNAVAILABLE,
  /** Something failed on our side; details are in the server log, never in the response. */
  INTERNAL
}
