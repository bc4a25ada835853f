package io.bastion.user.auth;

import static io.bastion.user.auth.AuthFixture.PASSWORD;
import static io.bastion.user.auth.AuthFixture.await;
import static io.bastion.user.auth.AuthFixture.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sessions over a real PostgreSQL: a token stands for its account while its session is live and its own expiry has
 * not passed; logging out, changing the password and deleting the account end sessions at once, and are announced.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionsTest {

  private AuthFixture auth;

  @BeforeAll
  void start(Vertx vertx) throws Exception {
    auth = AuthFixture.start(vertx, "sessions_test");
  }

  @AfterAll
  void stop() throws Exception {
    auth.close();
  }

  @Test
  void aTokenStandsForItsAccountAndSessionUntilTheSessionsExpiry() {
    Instant before = Instant.now();
    Session session = auth.signUp("issue@example.com", "10.1.0.1");
    Instant after = Instant.now();
    Caller.Authenticated caller = auth.authenticated(session.token());
    assertThat(caller.account()).as("the account the token names").isEqualTo(session.account());
    assertThat(caller.account().email()).isEqualTo("issue@example.com");
    assertThat(caller.expiresAt()).as("valid until the session's end").isEqualTo(session.expiresAt())
        .isBetween(before.plus(AuthFixture.SESSION_TTL).minusSeconds(1), after.plus(AuthFixture.SESSION_TTL));
    assertThat(auth.authenticated(session.token()).sessionId()).as("the same session on every request")
        .isEqualTo(caller.sessionId());
  }

  @Test
  void noTokenIsAnonymousAndGarbageForgedOrOversizedTokensAreRefused() throws Exception {
    Session real = auth.signUp("refused@example.com", "10.1.0.2");
    assertThat(auth.authenticate(null)).isEqualTo(Caller.ANONYMOUS);
    assertThat(auth.authenticate(" ")).isEqualTo(Caller.ANONYMOUS);
    assertThat(auth.authenticate("abc.def.ghi")).as("garbage").isInstanceOf(Caller.Refused.class);
    assertThat(auth.authenticate("x".repeat(5000))).as("oversized").isInstanceOf(Caller.Refused.class);
    JWTAuth otherKey = AuthFixture.jwt(auth.vertx, JwtKeys.load(null, null, auth.dir.resolve("other-keys")));
    String forged = otherKey.generateToken(new JsonObject().put("sub", real.account().id().toString())
        .put("sid", UUID.randomUUID().toString()).put("exp", Instant.now().plusSeconds(600).getEpochSecond()),
        new JWTOptions().setAlgorithm("ES256").setIssuer(SessionTokens.ISSUER));
    assertThat(auth.authenticate(forged)).as("signed with another key").isInstanceOf(Caller.Refused.class);
    String expired = new SessionTokens(auth.jwt).sign(real.account(),
        auth.authenticated(real.token()).sessionId(), Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS));
    assertThat(auth.authenticate(expired)).as("expired, of a live session").isInstanceOf(Caller.Refused.class);
  }

  @Test
  void aSessionPastItsExpiryIsRefusedAtOnceThoughItsTokenWasVerifiedBefore() {
    Session session = auth.signUp("session-expiry@example.com", "10.1.0.3");
    Caller.Authenticated caller = auth.authenticated(session.token()); // the signature check is now remembered
    auth.update("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id = $1", caller.sessionId());
    assertThat(auth.authenticate(session.token())).as("Sessions.authenticate after the session's expiry")
        .isInstanceOf(Caller.Refused.class);
  }

  @Test
  void aRememberedTokenIsRefusedOnceItsOwnExpiryPasses() {
    Session session = auth.signUp("token-expiry@example.com", "10.1.0.4");
    UUID sessionId = auth.authenticated(session.token()).sessionId();
    Instant expiry = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
    String shortLived = new SessionTokens(auth.jwt).sign(session.account(), sessionId, expiry);
    Caller.Authenticated caller = auth.authenticated(shortLived);
    assertThat(caller.expiresAt()).as("valid until the token's end, before the session's").isEqualTo(expiry);
    await("a remembered token refused once it expired (SessionTokens' cache)").atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50)).until(() -> auth.authenticate(shortLived) instanceof Caller.Refused);
    assertThat(Instant.now()).as("refused only once the token expired").isAfterOrEqualTo(expiry);
    assertThat(auth.authenticated(session.token()).sessionId()).as("the session itself lives on").isEqualTo(sessionId);
  }

  @Test
  void loggingOutEndsThatSessionOnlyAndAnnouncesIt() {
    Session first = auth.signUp("logout@example.com", "10.1.0.5");
    Session second = await(auth.accounts.logIn("logout@example.com", PASSWORD, "10.1.0.5"));
    Caller.Authenticated caller = auth.authenticated(first.token());
    assertThat(await(auth.sessions.logOut(caller))).as("logOut of a live session").isTrue();
    assertThat(auth.authenticate(first.token())).as("the logged-out token").isInstanceOf(Caller.Refused.class);
    assertThat(auth.authenticated(second.token()).account().id()).as("another session of the account")
        .isEqualTo(first.account().id());
    awaitAnnouncement(new JsonObject().put("accountId", caller.accountId().toString())
        .put("session", caller.sessionId().toString()));
    assertThat(await(auth.sessions.logOut(caller))).as("logging out twice").isFalse();
  }

  @Test
  void changingThePasswordKeepsTheCallersSessionAndEndsEveryOther() {
    Session kept = auth.signUp("change@example.com", "10.1.0.6");
    Session other = await(auth.accounts.logIn("change@example.com", PASSWORD, "10.1.0.6"));
    Caller.Authenticated caller = auth.authenticated(kept.token());
    assertThat(failure(auth.accounts.changePassword(caller, "not the password", "a new fine passphrase")).code().name())
        .as("a wrong current password").isEqualTo("UNAUTHENTICATED");
    assertThat(auth.authenticated(other.token())).as("nothing ended by a refused change").isNotNull();

    assertThat(await(auth.accounts.changePassword(caller, PASSWORD, "a new fine passphrase"))).isTrue();
    assertThat(auth.authenticated(kept.token()).sessionId()).as("the caller's session").isEqualTo(caller.sessionId());
    assertThat(auth.authenticate(other.token())).as("the other session").isInstanceOf(Caller.Refused.class);
    awaitAnnouncement(new JsonObject().put("accountId", caller.accountId().toString())
        .put("except", caller.sessionId().toString()));
    assertThat(failure(auth.accounts.logIn("change@example.com", PASSWORD, "10.1.0.6")).code().name())
        .as("the old password").isEqualTo("UNAUTHENTICATED");
    assertThat(await(auth.accounts.logIn("change@example.com", "a new fine passphrase", "10.1.0.6")).token())
        .as("the new password").isNotBlank();
  }

  @Test
  void aDeletedAccountsTokensAreRefusedAndItCannotLogIn() {
    Session first = auth.signUp("deleted@example.com", "10.1.0.7");
    Session second = await(auth.accounts.logIn("deleted@example.com", PASSWORD, "10.1.0.7"));
    Caller.Authenticated caller = auth.authenticated(first.token());
    assertThat(await(auth.accounts.deleteAccount(caller, PASSWORD))).isTrue();
    assertThat(auth.authenticate(first.token())).as("the deleting session").isInstanceOf(Caller.Refused.class);
    assertThat(auth.authenticate(second.token())).as("another session").isInstanceOf(Caller.Refused.class);
    awaitAnnouncement(new JsonObject().put("accountId", caller.accountId().toString()));
    assertThat(failure(auth.accounts.logIn("deleted@example.com", PASSWORD, "10.1.0.7")).code().name())
        .isEqualTo("UNAUTHENTICATED");
  }

  private void awaitAnnouncement(JsonObject expected) {
    await("Sessions.announceEnded").atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(auth.endedAnnouncements).as("announced on the sessions-ended address").contains(expected));
  }
}
