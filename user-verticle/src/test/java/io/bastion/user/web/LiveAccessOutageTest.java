package io.bastion.user.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bastion.codecs.Addresses;
import io.bastion.user.testing.BridgeSocket;
import io.bastion.user.testing.GraphQLClient;
import io.bastion.user.testing.GraphQLClient.Session;
import io.bastion.user.testing.GraphQLWsClient;
import io.bastion.user.testing.TcpProxy;
import io.bastion.user.testing.TeamRows;
import io.bastion.user.testing.TestDatabase;
import io.bastion.user.testing.UserNode;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The re-check of live feeds when access changes while the node's database is cut off (a {@link TcpProxy} between
 * the node and PostgreSQL; the test writes memberships directly): a removal whose first re-check fails still closes
 * the removed member's socket (retried), and a re-check that keeps failing ends the feed with 4503 (bridge) or
 * UNAVAILABLE (subscription) after about two seconds instead of leaving it open for good.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Live feeds when access changes during an outage")
class LiveAccessOutageTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private Vertx vertx;
  private TcpProxy proxy;
  private UserNode node;
  private GraphQLClient api;
  private TeamRows teams;
  private UUID organisation;
  private String shared;

  @BeforeAll
  void start(Vertx vertx) {
    this.vertx = vertx;
    proxy = TcpProxy.start(vertx, "127.0.0.1", TestDatabase.port());
    node = UserNode.start(vertx, new JsonObject().put("db.port", proxy.port()));
    api = node.graphql();
    teams = new TeamRows(vertx);
    Session alice = api.signUp(UserNode.email("alice"), UserNode.PASSWORD);
    organisation = teams.organisation();
    teams.member(organisation, alice.accountId(), "OWNER");
    shared = api.startAssessment(alice.token(), "baseline", "the team's");
    teams.assessmentOf(organisation, shared);
  }

  @AfterEach
  void restore() {
    proxy.restore();
  }

  @AfterAll
  void stop() {
    teams.close();
    proxy.close();
  }

  @Test
  void aRemovalWhoseFirstReCheckFailsStillClosesTheSocketWithin3Seconds() {
    Session dave = member("dave");
    try (BridgeSocket daves = BridgeSocket.connect(vertx, node.port(), MultiMap.caseInsensitiveMultiMap())) {
      daves.register(feed(), dave.token());
      awaitDelivered(daves);
      proxy.cut();
      teams.remove(organisation, dave.accountId());
      long removed = System.nanoTime();
      teams.announce(organisation, dave.accountId());
      // The blip: the re-check fails while it lasts, and an outage alone closes nothing at once.
      await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> !daves.isClosed());
      proxy.restore();
      await("the removed member's socket closes after the blip").atMost(Duration.ofSeconds(3))
          .until(daves::isClosed);
      assertThat(Duration.ofNanos(System.nanoTime() - removed)).isLessThan(Duration.ofSeconds(3));
      assertThat(daves.closeCode()).as("close code once the retried check saw the removal").isEqualTo((short) 4403);
    }
  }

  @Test
  void aReCheckThatKeepsFailingClosesTheSocketWith4503AndTheNextRegisterIsCheckedAnew() {
    Session erin = member("erin");
    try (BridgeSocket erins = BridgeSocket.connect(vertx, node.port(), MultiMap.caseInsensitiveMultiMap())) {
      erins.register(feed(), erin.token());
      awaitDelivered(erins);
      proxy.cut();
      long announced = System.nanoTime();
      teams.announce(organisation, erin.accountId()); // still a member, but that cannot be told
      await("the socket whose access cannot be checked closes").atMost(Duration.ofSeconds(3))
          .until(erins::isClosed);
      assertThat(Duration.ofNanos(System.nanoTime() - announced)).isLessThan(Duration.ofSeconds(3));
      assertThat(erins.closeCode()).isEqualTo((short) 4503);
    }
    proxy.restore();
    // The page connects again: a member's register is allowed once the database answers.
    await().atMost(WAIT).untilAsserted(() -> {
      try (BridgeSocket again = BridgeSocket.connect(vertx, node.port(), MultiMap.caseInsensitiveMultiMap())) {
        again.register(feed(), erin.token());
        awaitDelivered(again);
      }
    });
  }

  @Test
  void aSubscriptionWhoseReCheckKeepsFailingEndsWithUnavailable() {
    Session fred = member("fred");
    String changed = "subscription($a: ID!) { assessmentChanged(assessmentId: $a) { type assessmentId } }";
    try (GraphQLWsClient ws = GraphQLWsClient.connect(vertx, node.port(), fred.token())) {
      await().atMost(WAIT).until(ws::acknowledged);
      ws.subscribe("c", changed, new JsonObject().put("a", shared));
      await("subscribed: an event on the feed arrives").atMost(WAIT).until(() -> {
        vertx.eventBus().publish(feed(), new JsonObject().put("type", "answer").put("assessmentId", shared));
        return !ws.messages("c", "next").isEmpty() || !ws.messages("c", "error").isEmpty();
      });
      proxy.cut();
      teams.announce(organisation, fred.accountId());
      await("the subscription ends").atMost(Duration.ofSeconds(3)).until(() -> !ws.messages("c", "error").isEmpty());
      assertThat(ws.messages("c", "error").get(0).getJsonArray("payload").getJsonObject(0).getString("message"))
          .as("the error that ends assessmentChanged").startsWith("UNAVAILABLE: ");
    }
  }

  private Session member(String who) {
    Session session = api.signUp(UserNode.email(who), UserNode.PASSWORD);
    teams.member(organisation, session.accountId(), "EDITOR");
    return session;
  }

  private String feed() {
    return Addresses.ASSESSMENTS_PREFIX + shared;
  }

  private void awaitDelivered(BridgeSocket bridge) {
    await("a message on the feed reaches the socket").atMost(WAIT).until(() -> {
      vertx.eventBus().publish(feed(), new JsonObject().put("probe", UUID.randomUUID().toString()));
      return !bridge.bodiesFor(feed()).isEmpty() || !bridge.errors().isEmpty();
    });
    assertThat(bridge.errors()).as("refused the register").isEmpty();
  }
}
