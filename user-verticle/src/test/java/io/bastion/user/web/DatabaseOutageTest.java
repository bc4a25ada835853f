package io.bastion.user.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bastion.codecs.Addresses;
import io.bastion.user.testing.BridgeSocket;
import io.bastion.user.testing.GraphQLClient;
import io.bastion.user.testing.GraphQLClient.Response;
import io.bastion.user.testing.GraphQLClient.Session;
import io.bastion.user.testing.GraphQLWsClient;
import io.bastion.user.testing.TcpProxy;
import io.bastion.user.testing.TestDatabase;
import io.bastion.user.testing.UserNode;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A database outage is UNAVAILABLE, never a refusal of the user: a user node reaches the test database through a
 * {@link TcpProxy} that the test cuts (connections reset, new ones refused) and restores. During the cut, a valid
 * token gets UNAVAILABLE on every way in (query, mutation, subscription connection_init, bridge register, log out);
 * after it, the same token works again. A token that is really bad stays UNAUTHENTICATED during the cut.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Database outage: UNAVAILABLE, the session survives")
class DatabaseOutageTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String ME = "{ me { id email } }";

  private Vertx vertx;
  private TcpProxy proxy;
  private UserNode node;
  private GraphQLClient api;
  private Session alice;
  private String assessment;

  @BeforeAll
  void start(Vertx vertx) {
    this.vertx = vertx;
    proxy = TcpProxy.start(vertx, "127.0.0.1", TestDatabase.port());
    node = UserNode.start(vertx, new JsonObject().put("db.port", proxy.port()));
    api = node.graphql();
    alice = api.signUp(UserNode.email("alice"), UserNode.PASSWORD);
    assessment = api.startAssessment(alice.token(), "baseline", "during an outage");
  }

  @AfterEach
  void restore() {
    proxy.restore();
  }

  @AfterAll
  void stop() {
    proxy.close();
  }

  @Test
  void queriesAndMutationsAreUnavailableDuringTheCutAndWorkAfterWithTheSameToken() {
    proxy.cut();
    Response me = api.call(alice.token(), ME, new JsonObject());
    assertThat(me.errorCode()).as("a query with a valid token while the database is down").isEqualTo("UNAVAILABLE");
    assertThat(me.firstError().getJsonObject("extensions").getBoolean("retryable")).isTrue();
    Response answer = api.answer(alice.token(), assessment, "gv-owner", "yes");
    assertThat(answer.errorCode()).as("a mutation with a valid token while the database is down")
        .isEqualTo("UNAVAILABLE");

    proxy.restore();
    await().atMost(WAIT).untilAsserted(() -> assertThat(api.call(alice.token(), ME, new JsonObject()).errorCode())
        .as("the same token once the database is back").isNull());
    // A mutation after the outage (not an answer: its outbox row would reach other test classes' spies).
    assertThat(api.startAssessment(alice.token(), "baseline", "after the outage")).isNotBlank();
  }

  @Test
  void aDatabaseThatDoesNotAnswerIsUnavailableWithinSeconds() {
    api.call(alice.token(), ME, new JsonObject()).data(); // the pool holds open connections through the proxy
    proxy.hang();
    long start = System.nanoTime();
    Response me = api.call(alice.token(), ME, new JsonObject());
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(me.errorCode()).as("a valid token while the database accepts connections but never answers")
        .isEqualTo("UNAVAILABLE");
    assertThat(took).as("the session check's own limit, not the client's 30 s")
        .isLessThan(Duration.ofSeconds(10));

    proxy.restore();
    await().atMost(WAIT).untilAsserted(() -> assertThat(api.call(alice.token(), ME, new JsonObject()).errorCode())
        .as("the same token once the database answers again").isNull());
  }

  @Test
  void thePublicHealthSaysDownWithoutDetails() {
    proxy.cut();
    await().atMost(WAIT).untilAsserted(() -> {
      io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> health =
          new io.bastion.user.testing.HttpProbe(vertx, node.port()).get("/health", MultiMap.caseInsensitiveMultiMap());
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(health.bodyAsJsonObject()).as("no check, no error text naming the database")
          .isEqualTo(new JsonObject().put("status", "DOWN"));
    });
  }

  @Test
  void aBadTokenIsStillUnauthenticatedDuringTheCut() {
    proxy.cut();
    Response forged = api.call(alice.token().substring(0, alice.token().length() - 4) + "AAAA", ME,
        new JsonObject());
    assertThat(forged.errorCode()).as("a token with a wrong signature during the outage")
        .isEqualTo("UNAUTHENTICATED");
    assertThat(api.call(null, ME, new JsonObject()).errorCode()).as("no token during the outage")
        .isEqualTo("UNAUTHENTICATED");
  }

  @Test
  void anEndedSessionDoesNotComeBackDuringTheCut() {
    Session bob = api.signUp(UserNode.email("bob"), UserNode.PASSWORD);
    api.call(bob.token(), ME, new JsonObject()).data(); // its signature check is now remembered
    assertThat(api.call(bob.token(), "mutation { logOut }", new JsonObject()).data().getBoolean("logOut")).isTrue();
    proxy.cut();
    assertThat(api.call(bob.token(), ME, new JsonObject()).errorCode())
        .as("an ended session is never accepted on remembered state").isEqualTo("UNAVAILABLE");
    proxy.restore();
    await().atMost(WAIT).untilAsserted(() -> assertThat(api.call(bob.token(), ME, new JsonObject()).errorCode())
        .as("the ended session after the outage").isEqualTo("UNAUTHENTICATED"));
  }

  @Test
  void logOutIsUnavailableDuringTheCutAndTheSessionStaysUntilItWorks() {
    Session carol = api.signUp(UserNode.email("carol"), UserNode.PASSWORD);
    proxy.cut();
    assertThat(api.call(carol.token(), "mutation { logOut }", new JsonObject()).errorCode())
        .as("log out while the database is down").isEqualTo("UNAVAILABLE");
    proxy.restore();
    await().atMost(WAIT).untilAsserted(() -> assertThat(api.call(carol.token(), ME, new JsonObject()).errorCode())
        .isNull());
    assertThat(api.call(carol.token(), "mutation { logOut }", new JsonObject()).data().getBoolean("logOut")).isTrue();
  }

  @Test
  void subscriptionInitIsClosedAsUnavailableNotAsUnauthorized() {
    proxy.cut();
    try (GraphQLWsClient ws = GraphQLWsClient.connect(vertx, node.port(), alice.token())) {
      await().atMost(WAIT).until(() -> ws.closeCode() != null);
      assertThat(ws.closeCode()).as("connection_init while the database is down: 4503, not 4401")
          .isEqualTo((short) 4503);
      assertThat(ws.acknowledged()).isFalse();
    }
    proxy.restore();
    await().atMost(WAIT).untilAsserted(() -> {
      try (GraphQLWsClient ws = GraphQLWsClient.connect(vertx, node.port(), alice.token())) {
        await().atMost(Duration.ofSeconds(10)).until(() -> ws.acknowledged() || ws.closeCode() != null);
        assertThat(ws.acknowledged()).as("connection_init with the same token after the outage").isTrue();
      }
    });
  }

  @Test
  void bridgeRegisterIsUnavailableNotRejected() {
    String address = Addresses.assessment(java.util.UUID.fromString(assessment));
    proxy.cut();
    try (BridgeSocket bridge = BridgeSocket.connect(vertx, node.port(), MultiMap.caseInsensitiveMultiMap())) {
      bridge.register(address, alice.token());
      await().atMost(WAIT).until(() -> !bridge.errors().isEmpty());
      assertThat(bridge.errors().get(0).getString("body")).as("register while the database is down")
          .isEqualTo("UNAVAILABLE");
      await().atMost(WAIT).until(bridge::isClosed);
      assertThat(bridge.errors()).as("nothing says the session ended")
          .noneMatch(e -> "rejected".equals(e.getString("body")));
    }
    proxy.restore();
    await().atMost(WAIT).untilAsserted(() -> {
      try (BridgeSocket bridge = BridgeSocket.connect(vertx, node.port(), MultiMap.caseInsensitiveMultiMap())) {
        bridge.register(address, alice.token());
        await().atMost(Duration.ofSeconds(5)).until(() -> {
          vertx.eventBus().publish(address, new JsonObject().put("probe", 1));
          return !bridge.bodiesFor(address).isEmpty() || !bridge.errors().isEmpty();
        });
        assertThat(bridge.errors()).isEmpty();
      }
    });
  }
}
