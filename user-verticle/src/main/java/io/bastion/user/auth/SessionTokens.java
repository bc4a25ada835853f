package io.bastion.user.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Session tokens: ES256 JWTs naming the account and the session. An ES256 verification costs about a millisecond of
 * CPU, so verified tokens are remembered until the moment they expire (bounded in number; thread-safe, as event loops
 * of several verticle instances may share it). Only the signature check is remembered: whether the session is still
 * live is asked of the database on every request (see {@link Sessions}).
 */
final class SessionTokens {

  static final String ISSUER = "bastion";
  private static final int MAX_REMEMBERED = 10_000;

  /** What a verified token says. */
  record Claims(UUID accountId, UUID sessionId, Instant expiry) {
  }

  private final JWTAuth jwt;
  private final Cache<String, Claims> verified = Caffeine.newBuilder()
      .maximumSize(MAX_REMEMBERED)
      .expireAfter(Expiry.creating((String token, Claims claims) -> Duration.between(Instant.now(), claims.expiry())))
      .executor(Runnable::run) // its small upkeep runs on the calling thread rather than in the common pool
      .build();

  SessionTokens(JWTAuth jwt) {
    this.jwt = jwt;
  }

  String sign(Account account, UUID sessionId, Instant expiresAt) {
    JsonObject claims = new JsonObject()
        .put("sub", account.id().toString())
        .put("sid", sessionId.toString())
        .put("email", account.email())
        .put("exp", expiresAt.getEpochSecond());
    return jwt.generateToken(claims, new JWTOptions().setAlgorithm("ES256").setIssuer(ISSUER));
  }

  /** Checks the signature, issuer and expiry; fails when any is wrong. */
  Future<Claims> verify(String token) {
    Claims known = verified.getIfPresent(token);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return jwt.authenticate(new TokenCredentials(token)).map(user -> {
      JsonObject p = user.principal();
      // The JWT provider keeps exp among the attributes, not in the principal.
      Claims claims = new Claims(UUID.fromString(p.getString("sub")), UUID.fromString(p.getString("sid")),
          Instant.ofEpochSecond(user.attributes().getLong("exp")));
      if (claims.expiry().isAfter(Instant.now())) { // (within the provider's leeway it may already have passed)
        verified.put(token, claims);
      }
      return claims;
    });
  }
}
