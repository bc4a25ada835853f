package io.bastion.user.auth;

import static io.bastion.user.auth.AuthFixture.PASSWORD;
import static io.bastion.user.auth.AuthFixture.await;
import static io.bastion.user.auth.AuthFixture.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Password resets over a real PostgreSQL, with the mail written to files: the link works once, not after it
 * expired, not with another token; using it sets the password and ends every session of the account.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PasswordResetsTest {

  private static final Pattern LINK = Pattern.compile("http://bastion\\.test/#/reset/([A-Za-z0-9_-]+)");
  private static final String NEW_PASSWORD = "a freshly reset passphrase";

  private AuthFixture auth;

  @BeforeAll
  void start(Vertx vertx) throws Exception {
    auth = AuthFixture.start(vertx, "password_resets_test");
  }

  @AfterAll
  void stop() throws Exception {
    auth.close();
  }

  @Test
  void theMailedLinkSetsANewPasswordOnce() {
    auth.signUp("Reset.Once@Example.com", "10.2.0.1");
    assertThat(await(auth.resets.request("  reset.once@EXAMPLE.com ", "10.2.0.1"))).isTrue();
    String mail = awaitMailTo("Reset.Once@Example.com");
    assertThat(mail).contains("Subject: Reset your Bastion password").contains("within 30 minutes");
    String token = tokenIn(mail);

    assertThat(failure(auth.resets.reset(token, "short", "10.2.0.1")).code().name())
        .as("a weak new password").isEqualTo("WEAK_PASSWORD");
    assertThat(await(auth.resets.reset(token, NEW_PASSWORD, "10.2.0.1")))
        .as("the link still works after a refused weak password").isTrue();
    assertThat(failure(auth.resets.reset(token, "another fine passphrase", "10.2.0.1")).code().name())
        .as("the same link a second time").isEqualTo("INVALID_INPUT");
    assertThat(await(auth.accounts.logIn("reset.once@example.com", NEW_PASSWORD, "10.2.0.1")).token())
        .as("log in with the new password").isNotBlank();
    assertThat(failure(auth.accounts.logIn("reset.once@example.com", PASSWORD, "10.2.0.1")).code().name())
        .as("log in with the old password").isEqualTo("UNAUTHENTICATED");
    // Audited in the account's chain: the reset once (not the refused or repeated tries), then the wrong password
    // (written after the refusal was answered, so awaited).
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> await(auth.pool
        .preparedQuery("SELECT count(*) AS n FROM audit_log l JOIN accounts a ON l.chain = 'account:' || a.id "
            + "WHERE lower(a.email) = $1 AND l.kind = 'LOG_IN_FAILED'")
        .execute(io.vertx.sqlclient.Tuple.of("reset.once@example.com"))).iterator().next().getLong("n") == 1);
    var audit = await(auth.pool.preparedQuery("SELECT l.kind, l.address, l.detail::text AS detail FROM audit_log l "
        + "JOIN accounts a ON l.chain = 'account:' || a.id WHERE lower(a.email) = $1 ORDER BY l.id")
        .execute(io.vertx.sqlclient.Tuple.of("reset.once@example.com")));
    List<String> kinds = new java.util.ArrayList<>();
    audit.forEach(row -> {
      kinds.add(row.getString("kind"));
      assertThat(row.getString("address")).isEqualTo("10.2.0.1");
      assertThat(row.getString("detail")).doesNotContain(token).doesNotContain(NEW_PASSWORD);
    });
    assertThat(kinds).containsExactly("PASSWORD_RESET", "LOG_IN_FAILED");
  }

  @Test
  void anUnknownEmailGetsTheSameAnswerAndNoMail() {
    auth.signUp("known@example.com", "10.2.0.2");
    assertThat(await(auth.resets.request("unknown@example.com", "10.2.0.2"))).as("for an unknown email").isTrue();
    assertThat(await(auth.resets.request("known@example.com", "10.2.0.2"))).as("for a known email").isTrue();
    awaitMailTo("known@example.com"); // the unknown one was answered first: had it a mail, it would be there by now
    assertThat(mailTo("unknown@example.com")).as("mail for an unknown email").isEmpty();
    assertThat(failure(auth.resets.request("", "10.2.0.2")).code().name()).isEqualTo("INVALID_INPUT");
  }

  @Test
  void anExpiredLinkIsRefused() {
    Session session = auth.signUp("expired@example.com", "10.2.0.3");
    await(auth.resets.request("expired@example.com", "10.2.0.3"));
    String token = tokenIn(awaitMailTo("expired@example.com"));
    auth.update("UPDATE password_resets SET expires_at = now() - interval '1 second' WHERE account_id = $1",
        session.account().id());
    assertThat(failure(auth.resets.reset(token, NEW_PASSWORD, "10.2.0.3")).code().name())
        .as("PasswordResets.reset with an expired token").isEqualTo("INVALID_INPUT");
    assertThat(auth.authenticated(session.token())).as("nothing ended").isNotNull();
  }

  @Test
  void aWrongTokenIsRefused() {
    Session session = auth.signUp("wrong-token@example.com", "10.2.0.4");
    await(auth.resets.request("wrong-token@example.com", "10.2.0.4"));
    String token = tokenIn(awaitMailTo("wrong-token@example.com"));
    String altered = (token.charAt(0) == 'A' ? "B" : "A") + token.substring(1);
    for (String wrong : new String[] {altered, "not-a-token", " ", "x".repeat(201)}) {
      assertThat(failure(auth.resets.reset(wrong, NEW_PASSWORD, "10.2.0.4")).code().name())
          .as("PasswordResets.reset with token '%s'", wrong).isEqualTo("INVALID_INPUT");
    }
    assertThat(failure(auth.resets.reset(null, NEW_PASSWORD, "10.2.0.4")).code().name()).isEqualTo("INVALID_INPUT");
    assertThat(auth.authenticated(session.token())).as("nothing ended").isNotNull();
  }

  @Test
  void aResetEndsEverySessionOfTheAccountAndAnnouncesIt() {
    Session first = auth.signUp("reset-sessions@example.com", "10.2.0.5");
    Session second = await(auth.accounts.logIn("reset-sessions@example.com", PASSWORD, "10.2.0.5"));
    await(auth.resets.request("reset-sessions@example.com", "10.2.0.5"));
    assertThat(await(auth.resets.reset(tokenIn(awaitMailTo("reset-sessions@example.com")), NEW_PASSWORD,
        "10.2.0.5"))).isTrue();
    assertThat(auth.authenticate(first.token())).as("the first session").isInstanceOf(Caller.Refused.class);
    assertThat(auth.authenticate(second.token())).as("the second session").isInstanceOf(Caller.Refused.class);
    JsonObject all = new JsonObject().put("accountId", first.account().id().toString());
    await("Sessions.announceEnded").atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(auth.endedAnnouncements).as("announced on the sessions-ended address").contains(all));
  }

  @Test
  void aPasswordChangeRetiresLinksAlreadySent() {
    Session session = auth.signUp("retire@example.com", "10.2.0.6");
    await(auth.resets.request("retire@example.com", "10.2.0.6"));
    String token = tokenIn(awaitMailTo("retire@example.com"));
    await(auth.accounts.changePassword(auth.authenticated(session.token()), PASSWORD, "changed before the reset"));
    assertThat(failure(auth.resets.reset(token, NEW_PASSWORD, "10.2.0.6")).code().name())
        .as("a link sent before the password change").isEqualTo("INVALID_INPUT");
  }

  @Test
  void requestsPerEmailAreLimitedPerAddressSoAStrangerCannotBlockTheOwner() {
    auth.signUp("limited@example.com", "10.2.0.7");
    for (int i = 0; i < 3; i++) {
      assertThat(await(auth.resets.request("limited@example.com", "10.2.0.70"))).isTrue();
    }
    assertThat(failure(auth.resets.request("limited@example.com", "10.2.0.70")).code().name())
        .as("a fourth request for one email within the hour from the stranger's address").isEqualTo("RATE_LIMITED");
    assertThat(await(auth.resets.request("limited@example.com", "10.2.0.79")))
        .as("PasswordResets: the owner's request from another address is not blocked by the stranger's").isTrue();
  }

  // ------------------------------------------------------------------ the mail files

  private String awaitMailTo(String to) {
    return await("the reset mail to " + to + " (ResetMail, Mailer's file mode)").atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> mailTo(to), Optional::isPresent).orElseThrow();
  }

  private Optional<String> mailTo(String to) {
    if (!Files.isDirectory(auth.mailDir)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(auth.mailDir)) {
      List<String> mails = files.map(PasswordResetsTest::read)
          .filter(m -> m.contains("\r\nTo: " + to + "\r\n") && m.contains("Subject: Reset your Bastion password"))
          .toList();
      assertThat(mails).as("mails to %s", to).hasSizeLessThanOrEqualTo(1);
      return mails.stream().findFirst();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String tokenIn(String mail) {
    Matcher m = LINK.matcher(mail);
    assertThat(m.find()).as("a reset link to the public URL in: %s", mail).isTrue();
    return m.group(1);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
