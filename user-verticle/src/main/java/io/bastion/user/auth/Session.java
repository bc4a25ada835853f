package io.bastion.user.auth;

import java.time.Instant;

/** What signUp and logIn return: a signed token and the account it stands for. */
public record Session(String token, Instant expiresAt, Account account) {
}
