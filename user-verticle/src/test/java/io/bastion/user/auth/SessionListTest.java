package io.bastion.user.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bastion.user.testing.GraphQLClient;
import io.bastion.user.testing.GraphQLClient.Session;
import io.bastion.user.testing.GraphQLWsClient;
import io.bastion.user.testing.TestDatabase;
import io.bastion.user.testing.UserNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The account's sessions through the GraphQL API of an in-process node: listed with browser, address and last
 * use; ending one stops its token and closes its live socket at once; an idle session ends; security mails go out
 * on a new browser and a password change.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Sessions: list, end, idle timeout, security mails")
class SessionListTest {

  private static final int IDLE_MINUTES = 20;
  private static final String SESSIONS = "{ sessions { id browser address createdAt lastUsedAt current } }";
  private static final String CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
      + "Chrome/156.0.0.0 Safari/537.36";

  private Vertx vertx;
  private UserNode node;
  private Pool sql;

  @BeforeAll
  void start(Vertx vertx) {
    this.vertx = vertx;
    node = UserNode.start(vertx, new JsonObject().put("auth.session.idle-minutes", IDLE_MINUTES));
    sql = TestDatabase.pool(vertx);
  }

  @AfterAll
  void stop() {
    sql.close();
  }

  @Test
  void theAccountListsItsSessionsAndEndingOneStopsItsTokenAndClosesItsSocket() {
    GraphQLClient api = node.graphqlFrom("127.3.0.1");
    Session first = api.signUp(UserNode.email("rosa"), UserNode.PASSWORD);
    Session second = logIn("127.3.0.2", first.email(), CHROME);

    JsonArray listed = api.call(first.token(), SESSIONS, new JsonObject()).data().getJsonArray("sessions");
    assertThat(listed).as("Sessions.list: both sessions of the account").hasSize(2);
    JsonObject other = find(listed, false);
    JsonObject mine = find(listed, true);
    assertThat(other.getString("browser")).as("the browser from the User-Agent").isEqualTo("Chrome 156 on Linux");
    assertThat(other.getString("address")).isEqualTo("127.3.0.2");
    assertThat(mine.getString("address")).isEqualTo("127.3.0.1");
    assertThat(other.getString("lastUsedAt")).isNotBlank();

    GraphQLWsClient socket = GraphQLWsClient.connect(vertx, node.port(), second.token());
    await().atMost(Duration.ofSeconds(10)).until(socket::acknowledged);

    Session stranger = node.graphqlFrom("127.3.0.3").signUp(UserNode.email("sam"), UserNode.PASSWORD);
    assertThat(api.call(stranger.token(), "mutation($id: ID!) { endSession(id: $id) }",
        new JsonObject().put("id", other.getString("id"))).data().getBoolean("endSession"))
        .as("another account cannot end the session").isFalse();
    assertThat(api.call(second.token(), "{ me { id } }", new JsonObject()).errorCode()).isNull();

    assertThat(api.call(first.token(), "mutation($id: ID!) { endSession(id: $id) }",
        new JsonObject().put("id", other.getString("id"))).data().getBoolean("endSession")).isTrue();
    assertThat(api.call(second.token(), "{ me { id } }", new JsonObject()).errorCode())
        .as("the ended session's next request").isEqualTo("UNAUTHENTICATED");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(socket.closeCode())
        .as("LiveSockets: the ended session's socket closes at once").isEqualTo((short) 4401));
    assertThat(api.call(first.token(), SESSIONS, new JsonObject()).data().getJsonArray("sessions"))
        .as("only the caller's session is left").hasSize(1);
    socket.close();
  }

  @Test
  void aSessionUnusedForTheIdleTimeoutEndsWhileAUsedOneLasts() {
    GraphQLClient api = node.graphqlFrom("127.3.1.1");
    Session idle = api.signUp(UserNode.email("tess"), UserNode.PASSWORD);
    Session used = api.signUp(UserNode.email("uma"), UserNode.PASSWORD);
    lastUsedAgo(idle.accountId(), IDLE_MINUTES + 1);
    lastUsedAgo(used.accountId(), IDLE_MINUTES - 1);
    assertThat(api.call(idle.token(), "{ me { id } }", new JsonObject()).errorCode())
        .as("Sessions: unused for longer than auth.session.idle-minutes").isEqualTo("UNAUTHENTICATED");
    assertThat(api.call(used.token(), "{ me { id } }", new JsonObject()).errorCode())
        .as("used within the idle timeout").isNull();
    await().atMost(Duration.ofSeconds(10)).until(() -> minutesSinceUse(used.accountId()) < 1);
    lastUsedAgo(used.accountId(), IDLE_MINUTES - 1); // the use above moved it: it counts from the last use
    assertThat(api.call(used.token(), "{ me { id } }", new JsonObject()).errorCode()).isNull();
  }

  @Test
  void theOwnerIsToldOfANewBrowserAndOfAPasswordChange() {
    GraphQLClient api = node.graphqlFrom("127.3.2.1");
    Session s = api.signUp(UserNode.email("vera"), UserNode.PASSWORD);
    assertThat(mailsTo(s.email(), "New log-in")).as("signing up is no new browser").isEmpty();
    logIn("127.3.2.2", s.email(), CHROME);
    String mail = await().atMost(Duration.ofSeconds(10)).until(() -> mailsTo(s.email(), "New log-in"),
        l -> l.size() == 1).get(0);
    assertThat(mail).contains("Chrome 156 on Linux").contains("127.3.2.2");
    api.call(s.token(), "mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }",
        new JsonObject().put("c", UserNode.PASSWORD).put("n", "another perfectly fine passphrase")).data();
    await().atMost(Duration.ofSeconds(10)).until(() -> mailsTo(s.email(), "Your Bastion password was changed"),
        l -> l.size() == 1);
  }

  // ------------------------------------------------------------------ helpers

  /** Logs in from {@code address} as a browser with this User-Agent (no device cookie: a new browser). */
  private Session logIn(String address, String email, String userAgent) {
    WebClient web = WebClient.create(vertx, new WebClientOptions().setKeepAlive(false).setLocalAddress(address)
        .setUserAgent(userAgent));
    try {
      JsonObject body = web.post(node.port(), "127.0.0.1", "/graphql")
          .sendJsonObject(new JsonObject()
              .put("query", "mutation($e: String!, $p: String!) { logIn(email: $e, password: $p) "
                  + "{ token account { id } } }")
              .put("variables", new JsonObject().put("e", email).put("p", UserNode.PASSWORD)))
          .await(30, TimeUnit.SECONDS).bodyAsJsonObject();
      JsonObject s = body.getJsonObject("data").getJsonObject("logIn");
      return new Session(s.getString("token"), s.getJsonObject("account").getString("id"), email);
    } catch (Exception e) {
      throw new AssertionError("log-in failed: " + e, e);
    } finally {
      web.close();
    }
  }

  private static JsonObject find(JsonArray sessions, boolean current) {
    return sessions.stream().map(JsonObject.class::cast).filter(s -> s.getBoolean("current") == current)
        .findFirst().orElseThrow(() -> new AssertionError("no session with current=" + current + " in " + sessions));
  }

  private void lastUsedAgo(String accountId, int minutes) {
    try {
      sql.preparedQuery("UPDATE sessions SET last_used_at = now() - make_interval(mins => $2) "
          + "WHERE account_id = $1::uuid").execute(Tuple.of(accountId, minutes)).await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private double minutesSinceUse(String accountId) throws Exception {
    return sql.preparedQuery("SELECT extract(epoch FROM now() - max(last_used_at))::float8 / 60 AS m FROM sessions "
        + "WHERE account_id = $1::uuid").execute(Tuple.of(accountId)).await(10, TimeUnit.SECONDS)
        .iterator().next().getDouble("m");
  }

  private List<String> mailsTo(String email, String subject) {
    Path dir = node.dataDir().resolve("mail");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> {
        try {
          return Files.readString(f);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).filter(m -> m.contains("\r\nTo: " + email + "\r\n") && m.contains("Subject: " + subject)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
