package io.bastion.user.auth;

import io.bastion.user.error.ApiException;
import java.time.Instant;
import java.util.UUID;

/**
 * Who sent a request: nobody, someone with a token we refuse, an account with a live session, or someone whose token
 * could not be checked because the database is unreachable (neither accepted nor refused: UNAVAILABLE) or because of
 * a failure on our side (INTERNAL).
 */
public sealed interface Caller {

  /** The account, or an UNAUTHENTICATED error saying why not. */
  Authenticated require();

  record Anonymous() implements Caller {
    @Override
    public Authenticated require() {
      throw ApiException.unauthenticated("authentication required: log in and send the token");
    }
  }

  record Refused(String reason) implements Caller {
    @Override
    public Authenticated require() {
      throw ApiException.unauthenticated(reason);
    }
  }

  /** The token's signature is valid but whether its session is live could not be asked: retry later. */
  record Unavailable() implements Caller {
    @Override
    public Authenticated require() {
      throw ApiException.unavailable();
    }
  }

  /**
   * Whether the token's session is live could not be asked because of a failure on our side that is not an outage
   * (a bug): INTERNAL, neither a refusal (the user is not logged out) nor an outage to wait for.
   */
  record Failed() implements Caller {
    @Override
    public Authenticated require() {
      throw ApiException.internal();
    }
  }

  record Authenticated(Account account, UUID sessionId, Instant expiresAt) implements Caller {
    @Override
    public Authenticated require() {
      return this;
    }

    public UUID accountId() {
      return account.id();
    }
  }

  Caller ANONYMOUS = new Anonymous();

  Caller UNAVAILABLE = new Unavailable();

  Caller FAILED = new Failed();

  /** Where the web layer leaves the caller of an HTTP request in its routing context, for the GraphQL handler. */
  String ROUTING_CONTEXT_KEY = Caller.class.getName();
}
