package io.bastion.user.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.user.testing.GraphQLClient;
import io.bastion.user.testing.GraphQLClient.Response;
import io.bastion.user.testing.GraphQLClient.Session;
import io.bastion.user.testing.TestDatabase;
import io.bastion.user.testing.UserNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The rate limits of the account operations, through the GraphQL API, with limits set low. Counters are kept per
 * client address and per email, so each test's client connects from a loopback address of its own (127.x.y.z) and
 * uses fresh emails: no test sees another's counters.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("RateLimiter (account operations)")
class RateLimiterTest {

  private static final int FAILURES_PER_EMAIL_AND_ADDRESS = 2;
  private static final int FAILURES_PER_EMAIL = 3;
  private static final int LOG_INS_PER_ADDRESS = 4;
  private static final int SIGN_UPS_PER_ADDRESS = 2;
  private static final int RESETS_PER_EMAIL = 2;
  private static final int PASSWORD_CHECKS = 2;
  private static final String WRONG = "not the password at all";
  private static final String LOG_IN = "mutation($e: String!, $p: String!) { logIn(email: $e, password: $p) { token } }";

  private final AtomicInteger addresses = new AtomicInteger();
  private final int subnet = ThreadLocalRandom.current().nextInt(10, 250);
  private UserNode node;
  private Pool sql;

  @BeforeAll
  void start(Vertx vertx) {
    node = UserNode.start(vertx, new JsonObject()
        .put("auth.limit.login-failures-per-email-and-ip", FAILURES_PER_EMAIL_AND_ADDRESS)
        .put("auth.limit.login-failures-per-email", FAILURES_PER_EMAIL)
        .put("auth.limit.login-per-ip", LOG_INS_PER_ADDRESS)
        .put("auth.limit.signup-per-ip", SIGN_UPS_PER_ADDRESS)
        .put("auth.limit.reset-per-email", RESETS_PER_EMAIL)
        .put("auth.limit.reset-per-ip", 100)
        .put("auth.limit.password-checks", PASSWORD_CHECKS));
    sql = TestDatabase.pool(vertx);
  }

  @AfterAll
  void stop() {
    sql.close();
  }

  @Test
  void failedLogInsLockOneAddressOutOfOneAccountUntilTheWindowEnds() {
    Session erin = account("erin");
    String attacker = freshAddress();
    GraphQLClient fromAttacker = node.graphqlFrom(attacker);
    for (int i = 0; i < FAILURES_PER_EMAIL_AND_ADDRESS; i++) {
      assertThat(logIn(fromAttacker, erin.email(), WRONG).errorCode()).as("wrong password %d", i + 1)
          .isEqualTo("UNAUTHENTICATED");
    }
    assertRateLimited(logIn(fromAttacker, erin.email(), UserNode.PASSWORD), 15 * 60,
        "log-in with the right password after " + FAILURES_PER_EMAIL_AND_ADDRESS + " failures from one address");
    assertThat(logIn(node.graphqlFrom(freshAddress()), erin.email(), UserNode.PASSWORD).errorCode())
        .as("RateLimiter: the same account from another address is not locked out").isNull();

    endWindowsOf(attacker);
    assertThat(logIn(fromAttacker, erin.email(), UserNode.PASSWORD).errorCode())
        .as("RateLimiter: once the window is over the address may log in again").isNull();
  }

  @Test
  void failuresFromEveryAddressTogetherLockUnknownBrowsersOutOfTheAccountForAWindow() {
    Session frank = account("frank");
    int failures = 0;
    while (failures < FAILURES_PER_EMAIL) {
      GraphQLClient from = node.graphqlFrom(freshAddress()); // never enough from one address to hit that limit
      for (int i = 0; i < FAILURES_PER_EMAIL_AND_ADDRESS - 1 && failures < FAILURES_PER_EMAIL; i++, failures++) {
        assertThat(logIn(from, frank.email(), WRONG).errorCode()).isEqualTo("UNAUTHENTICATED");
      }
    }
    assertRateLimited(logIn(node.graphqlFrom(freshAddress()), frank.email(), UserNode.PASSWORD), 15 * 60,
        "log-in from a browser without the account's device cookie after " + FAILURES_PER_EMAIL
            + " failures spread over addresses");
    endWindowsOf(frank.email());
    assertThat(logIn(node.graphqlFrom(freshAddress()), frank.email(), UserNode.PASSWORD).errorCode())
        .as("RateLimiter: the account opens again when the window is over").isNull();
  }

  @Test
  void everyLogInAttemptFromOneAddressCounts() {
    Session grace = account("grace");
    String address = freshAddress();
    GraphQLClient from = node.graphqlFrom(address);
    for (int i = 0; i < LOG_INS_PER_ADDRESS; i++) {
      // A different unknown email each time: only the per-address limit is in play.
      assertThat(logIn(from, UserNode.email("nobody"), WRONG).errorCode()).isEqualTo("UNAUTHENTICATED");
    }
    assertRateLimited(logIn(from, grace.email(), UserNode.PASSWORD), 15 * 60,
        "log-in number " + (LOG_INS_PER_ADDRESS + 1) + " from one address");
    assertThat(logIn(node.graphqlFrom(freshAddress()), grace.email(), UserNode.PASSWORD).errorCode())
        .as("RateLimiter: another address is not limited").isNull();
  }

  @Test
  void signUpsFromOneAddressAreLimitedAndTheRefusedOneStoresNothing() {
    GraphQLClient from = node.graphqlFrom(freshAddress());
    for (int i = 0; i < SIGN_UPS_PER_ADDRESS; i++) {
      from.signUp(UserNode.email("heidi"), UserNode.PASSWORD);
    }
    String refused = UserNode.email("heidi");
    assertRateLimited(signUp(from, refused), 60 * 60, "sign-up number " + (SIGN_UPS_PER_ADDRESS + 1));
    assertThat(signUp(node.graphqlFrom(freshAddress()), refused).errorCode())
        .as("RateLimiter: the refused sign-up created no account (the email is still free)").isNull();
  }

  @Test
  void passwordResetMailsPerEmailAreLimitedPerAddress() {
    Session ivan = account("ivan");
    String request = "mutation($e: String!) { requestPasswordReset(email: $e) }";
    JsonObject vars = new JsonObject().put("e", ivan.email());
    GraphQLClient from = node.graphqlFrom(freshAddress());
    for (int i = 0; i < RESETS_PER_EMAIL; i++) {
      assertThat(from.call(null, request, vars).data().getBoolean("requestPasswordReset")).isTrue();
    }
    assertRateLimited(from.call(null, request, vars), 60 * 60,
        "reset mail number " + (RESETS_PER_EMAIL + 1) + " for one email from one address");
    assertThat(node.graphqlFrom(freshAddress()).call(null, request, vars).errorCode())
        .as("RateLimiter: another address may still ask for the email's reset").isNull();
  }

  @Test
  void passwordChecksOfOneAccountAreLimited() {
    Session judy = account("judy");
    GraphQLClient api = node.graphqlFrom(freshAddress());
    String change = "mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }";
    for (int i = 0; i < PASSWORD_CHECKS; i++) {
      assertThat(api.call(judy.token(), change, new JsonObject().put("c", WRONG).put("n", "a brand new passphrase"))
          .errorCode()).isEqualTo("UNAUTHENTICATED");
    }
    assertRateLimited(api.call(judy.token(), change, new JsonObject().put("c", UserNode.PASSWORD)
        .put("n", "a brand new passphrase")), 15 * 60, "password change after " + PASSWORD_CHECKS + " wrong passwords");
    assertRateLimited(api.call(judy.token(), "mutation($p: String!) { deleteAccount(password: $p) }",
        new JsonObject().put("p", UserNode.PASSWORD)), 15 * 60, "account deletion: the same counter");
  }

  // ------------------------------------------------------------------ helpers

  /** An account signed up from an address of its own (sign-ups are limited per address too). */
  private Session account(String who) {
    return node.graphqlFrom(freshAddress()).signUp(UserNode.email(who), UserNode.PASSWORD);
  }

  private String freshAddress() {
    int n = addresses.incrementAndGet();
    return "127." + subnet + "." + (n / 250) + "." + (n % 250 + 1);
  }

  private static Response logIn(GraphQLClient from, String email, String password) {
    return from.call(null, LOG_IN, new JsonObject().put("e", email).put("p", password));
  }

  private static Response signUp(GraphQLClient from, String email) {
    return from.call(null, "mutation($e: String!, $p: String!) { signUp(email: $e, password: $p) { token } }",
        new JsonObject().put("e", email).put("p", UserNode.PASSWORD));
  }

  private static void assertRateLimited(Response r, long windowSeconds, String what) {
    assertThat(r.errorCode()).as("RateLimiter: %s, answer %s", what, r.body().encode()).isEqualTo("RATE_LIMITED");
    JsonObject data = r.body().getJsonObject("data");
    assertThat(data == null || data.stream().allMatch(e -> e.getValue() == null))
        .as("RateLimiter: %s returns no data", what).isTrue();
    Object retryAfter = r.firstError().getJsonObject("extensions").getValue("retryAfterSeconds");
    assertThat(retryAfter).as("RateLimiter: %s says when to retry (extensions.retryAfterSeconds)", what)
        .isInstanceOf(Number.class);
    assertThat(((Number) retryAfter).longValue()).as("RateLimiter: %s retry after", what)
        .isBetween(1L, windowSeconds);
  }

  /**
   * Moves every window of counters about {@code subject} (an address or an email), and the log-in failures recorded
   * for it, two hours into the past.
   */
  private void endWindowsOf(String subject) {
    try {
      sql.preparedQuery("UPDATE rate_limits SET window_start = window_start - interval '2 hours' "
          + "WHERE strpos(key, $1) > 0").execute(Tuple.of(subject)).await(10, TimeUnit.SECONDS);
      sql.preparedQuery("UPDATE login_failures SET failed_at = failed_at - interval '2 hours' WHERE email = lower($1)")
          .execute(Tuple.of(subject)).await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("could not age the rate limit windows of " + subject, e);
    }
  }
}
