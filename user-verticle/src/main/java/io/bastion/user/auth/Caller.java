package io.bastion.user.auth;

import io.bastion.user.error.ApiException;
import java.time.Instant;
import java.util.UUID;

/** Who sent a request: nobody, someone with a token we refuse, or an account with a live session. */
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

  /** Where the web layer leaves the caller of an HTTP request in its routing context, for the GraphQL handler. */
  String ROUTING_CONTEXT_KEY = Caller.class.getName();
}
