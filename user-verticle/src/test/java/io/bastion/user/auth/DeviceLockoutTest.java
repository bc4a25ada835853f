package io.bastion.user.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bastion.user.testing.GraphQLClient;
import io.bastion.user.testing.GraphQLClient.Response;
import io.bastion.user.testing.TestDatabase;
import io.bastion.user.testing.UserNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Lock-out by browser (OWASP device cookies, {@link LoginLockout}) through the GraphQL API of an in-process node:
 * an attacker's failures from many addresses lock out browsers the account does not know, never the owner's
 * browser that logged in before; delays grow before the lock-out; the owner gets one mail per episode; reset
 * requests are limited per address. Each client connects from a loopback address of its own (127.x.y.z).
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Lock-out by device cookie")
class DeviceLockoutTest {

  private static final int LOCK_AFTER = 6;
  private static final int DELAY_AFTER = 2;
  private static final int RESETS_PER_EMAIL_AND_ADDRESS = 2;
  private static final String WRONG = "not the password at all";
  private static final String LOG_IN = "mutation($e: String!, $p: String!) { logIn(email: $e, password: $p) { token } }";

  private final AtomicInteger addresses = new AtomicInteger();
  private final int subnet = ThreadLocalRandom.current().nextInt(10, 250);
  private Vertx vertx;
  private UserNode node;
  private Pool sql;

  @BeforeAll
  void start(Vertx vertx) {
    this.vertx = vertx;
    node = UserNode.start(vertx, new JsonObject()
        .put("auth.limit.login-failures-per-email", LOCK_AFTER)
        .put("auth.lockout.delay-after", DELAY_AFTER)
        .put("auth.limit.reset-per-email", RESETS_PER_EMAIL_AND_ADDRESS)
        .put("auth.limit.reset-per-ip", 100));
    sql = TestDatabase.pool(vertx);
  }

  @AfterAll
  void stop() {
    sql.close();
  }

  @Test
  void anAttackerFromManyAddressesLocksOutUnknownBrowsersButNotTheOwnersKnownOne() {
    Browser owner = new Browser(freshAddress());
    String email = UserNode.email("olivia");
    assertThat(owner.call("mutation($e: String!, $p: String!) { signUp(email: $e, password: $p) { token } }",
        email, UserNode.PASSWORD).errorCode()).isNull();
    assertThat(owner.hasDeviceCookie()).as("signing up sets the device cookie").isTrue();

    int failures = attack(email, LOCK_AFTER);
    assertThat(failures).isEqualTo(LOCK_AFTER);

    Response stranger = new Browser(freshAddress()).call(LOG_IN, email, UserNode.PASSWORD);
    assertThat(stranger.errorCode()).as("an unknown browser with the right password, during the lock-out: %s",
        stranger.body()).isEqualTo("RATE_LIMITED");
    long retry = ((Number) stranger.firstError().getJsonObject("extensions").getValue("retryAfterSeconds")).longValue();
    assertThat(retry).as("locked out until the failures leave the 15-minute window").isBetween(800L, 900L);

    Response known = owner.call(LOG_IN, email, UserNode.PASSWORD);
    assertThat(known.errorCode()).as("LoginLockout: the owner's browser with its device cookie logs in: %s",
        known.body()).isNull();

    assertThat(await().atMost(Duration.ofSeconds(10)).until(() -> mailsTo(email, "Someone is trying your"),
        l -> l.size() == 1)).hasSize(1);
    attackOnce(email); // still locked: no second mail for the same episode
    assertThat(mailsTo(email, "Someone is trying your")).as("one attack mail per episode").hasSize(1);
  }

  @Test
  void anUnknownEmailLocksOutLikeAKnownOne() {
    String nobody = UserNode.email("nobody");
    attack(nobody, LOCK_AFTER);
    assertThat(new Browser(freshAddress()).call(LOG_IN, nobody, WRONG).errorCode())
        .as("the lock-out does not tell which emails have an account").isEqualTo("RATE_LIMITED");
  }

  @Test
  void delaysDoubleBeforeTheLockOut() {
    String email = UserNode.email("peter");
    new Browser(freshAddress()).call("mutation($e: String!, $p: String!) { signUp(email: $e, password: $p) { token } }",
        email, UserNode.PASSWORD);
    for (int i = 0; i < DELAY_AFTER; i++) {
      assertThat(new Browser(freshAddress()).call(LOG_IN, email, WRONG).errorCode()).as("free failure %d", i + 1)
          .isEqualTo("UNAUTHENTICATED");
    }
    long previous = 0;
    for (int step = 1; step <= 3; step++) {
      assertThat(new Browser(freshAddress()).call(LOG_IN, email, WRONG).errorCode())
          .as("failure %d (the delay after it starts)", DELAY_AFTER + step).isEqualTo("UNAUTHENTICATED");
      Response early = new Browser(freshAddress()).call(LOG_IN, email, UserNode.PASSWORD);
      assertThat(early.errorCode()).as("an attempt right after failure %d", DELAY_AFTER + step)
          .isEqualTo("RATE_LIMITED");
      long retry = ((Number) early.firstError().getJsonObject("extensions").getValue("retryAfterSeconds"))
          .longValue();
      assertThat(retry).as("LoginLockout: the delay after failure %d is 2^%d s", DELAY_AFTER + step, step)
          .isBetween((1L << step) - 1, 1L << step);
      assertThat(retry).as("delays grow").isGreaterThan(previous);
      previous = retry;
      age(email, 1L << step); // as if the attacker waited
    }
  }

  @Test
  void resetRequestsAreLimitedPerAddressSoAStrangerCannotBlockTheOwnersResets() {
    String email = UserNode.email("quinn");
    new Browser(freshAddress()).call("mutation($e: String!, $p: String!) { signUp(email: $e, password: $p) { token } }",
        email, UserNode.PASSWORD);
    String request = "mutation($e: String!) { requestPasswordReset(email: $e) }";
    GraphQLClient stranger = node.graphqlFrom(freshAddress());
    for (int i = 0; i < RESETS_PER_EMAIL_AND_ADDRESS; i++) {
      assertThat(stranger.call(null, request, new JsonObject().put("e", email)).errorCode()).isNull();
    }
    assertThat(stranger.call(null, request, new JsonObject().put("e", email)).errorCode())
        .as("the stranger's next request for the email").isEqualTo("RATE_LIMITED");
    Response owner = node.graphqlFrom(freshAddress()).call(null, request, new JsonObject().put("e", email));
    assertThat(owner.errorCode()).as("PasswordResets: the owner's own request still works: %s", owner.body())
        .isNull();
    await().atMost(Duration.ofSeconds(10))
        .until(() -> mailsTo(email, "Reset your Bastion password").size() == RESETS_PER_EMAIL_AND_ADDRESS + 1);
  }

  // ------------------------------------------------------------------ helpers

  /**
   * Wrong passwords for the email from fresh addresses until {@code failures} are recorded, waiting out each delay
   * by moving the recorded failures into the past (the test does not sleep). Returns the failures recorded.
   */
  private int attack(String email, int failures) {
    int recorded = 0;
    while (recorded < failures) {
      Response r = attackOnce(email);
      if ("UNAUTHENTICATED".equals(r.errorCode())) {
        recorded++;
      } else {
        assertThat(r.errorCode()).as("an attack attempt: %s", r.body()).isEqualTo("RATE_LIMITED");
        age(email, ((Number) r.firstError().getJsonObject("extensions").getValue("retryAfterSeconds")).longValue());
      }
    }
    return recorded;
  }

  private Response attackOnce(String email) {
    return new Browser(freshAddress()).call(LOG_IN, email, WRONG);
  }

  /** Moves the email's recorded failures {@code seconds} into the past. */
  private void age(String email, long seconds) {
    try {
      sql.preparedQuery("UPDATE login_failures SET failed_at = failed_at - make_interval(secs => $2) WHERE email = $1")
          .execute(Tuple.of(email.toLowerCase(), (double) seconds)).await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private List<String> mailsTo(String email, String subject) {
    Path dir = node.dataDir().resolve("mail");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(DeviceLockoutTest::read)
          .filter(m -> m.contains("\r\nTo: " + email + "\r\n") && m.contains("Subject: " + subject))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String freshAddress() {
    int n = addresses.incrementAndGet();
    return "127." + subnet + "." + (n / 250) + "." + (n % 250 + 1);
  }

  /** A browser: its own address and a cookie jar, sending the Origin of the page as a browser's fetch does. */
  private final class Browser {
    private final WebClientSession web;

    Browser(String address) {
      web = WebClientSession.create(WebClient.create(vertx, new WebClientOptions().setKeepAlive(false)
          .setLocalAddress(address)));
    }

    Response call(String query, String email, String password) {
      JsonObject vars = new JsonObject().put("e", email);
      if (password != null) {
        vars.put("p", password);
      }
      try {
        HttpResponse<Buffer> r = web.post(node.port(), "127.0.0.1", "/graphql")
            .putHeader("Content-Type", "application/json")
            .putHeader("Origin", node.origin())
            .sendBuffer(Buffer.buffer(new JsonObject().put("query", query).put("variables", vars).encode()))
            .await(30, TimeUnit.SECONDS);
        return new Response(r.statusCode(), new JsonObject(r.bodyAsString()));
      } catch (Exception e) {
        throw new AssertionError("POST /graphql failed: " + e, e);
      }
    }

    boolean hasDeviceCookie() {
      for (var cookie : web.cookieStore().get(false, "127.0.0.1", "/")) {
        if (cookie.name().equals(DeviceCookies.COOKIE)) {
          return true;
        }
      }
      return false;
    }
  }
}
