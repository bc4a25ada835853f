package io.bastion.user.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bastion.codecs.Addresses;
import io.bastion.user.testing.BridgeSocket;
import io.bastion.user.testing.GraphQLClient;
import io.bastion.user.testing.GraphQLClient.Session;
import io.bastion.user.testing.UserNode;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SockJS bridge's guard, through {@code /eventbus/websocket} as a page reaches it: a socket may listen on
 * {@code reports.<its own account>} and nothing else, and may send or publish nothing.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("BridgeGuard (SockJS /eventbus)")
class BridgeGuardTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private Vertx vertx;
  private UserNode node;
  private GraphQLClient api;
  private Session alice;
  private Session bob;
  private final AtomicInteger probes = new AtomicInteger();

  @BeforeAll
  void start(Vertx vertx) {
    this.vertx = vertx;
    node = UserNode.start(vertx);
    api = node.graphql();
    alice = api.signUp(UserNode.email("alice"), UserNode.PASSWORD);
    bob = api.signUp(UserNode.email("bob"), UserNode.PASSWORD);
  }

  @Test
  void theOwnerListensToItsReportsWithTheSessionCookie() {
    try (BridgeSocket bridge = connect(cookie(alice).add("Origin", node.origin()))) {
      bridge.register(reports(alice), null);
      awaitDelivered(bridge, reports(alice));
      assertThat(bridge.errors()).as("BridgeGuard: the owner's register with its cookie").isEmpty();
    }
  }

  @Test
  void theOwnerListensWithTheTokenInTheRegisterHeaders() {
    try (BridgeSocket bridge = connect(MultiMap.caseInsensitiveMultiMap())) {
      bridge.register(reports(alice), alice.token());
      awaitDelivered(bridge, reports(alice));
      assertThat(bridge.errors()).as("BridgeGuard: the owner's register with its token").isEmpty();
    }
  }

  @Test
  void anotherAccountsReportsAreRefusedAndNothingOfThemArrives() {
    try (BridgeSocket bridge = connect(cookie(bob).add("Origin", node.origin()))) {
      bridge.register(reports(alice), null);
      awaitRejected(bridge, 1, "register of another account's reports with a cookie");
      bridge.register(reports(alice), bob.token());
      awaitRejected(bridge, 2, "register of another account's reports with a token");
      // The same socket may still listen to Bob's own reports: once those arrive, Alice's (published first, each
      // time) would have arrived too, had the guard let them through.
      bridge.register(reports(bob), null);
      await().atMost(WAIT).until(() -> {
        vertx.eventBus().publish(reports(alice), probe());
        vertx.eventBus().publish(reports(bob), probe());
        return !bridge.bodiesFor(reports(bob)).isEmpty();
      });
      assertThat(bridge.bodiesFor(reports(alice))).as("BridgeGuard: Alice's reports on Bob's socket").isEmpty();
      assertThat(bridge.errors()).hasSize(2);
    }
  }

  @Test
  void withoutACookieOrATokenEveryRegisterIsRefused() {
    try (BridgeSocket bridge = connect(MultiMap.caseInsensitiveMultiMap())) {
      bridge.register(reports(alice), null);
      awaitRejected(bridge, 1, "register without a cookie or a token");
    }
  }

  @Test
  void theCookieOfACrossOriginRequestIsNotUsed() {
    // Refused before any register: see BridgeTransportsTest for the other transports and a missing Origin.
    assertThat(BridgeSocket.refusal(vertx, node.port(), cookie(alice).add("Origin", "http://evil.example")))
        .as("WebSocket handshake with the cookie from a foreign Origin").isEqualTo(403);
  }

  @Test
  void anInvalidTokenIsRefused() {
    try (BridgeSocket bridge = connect(MultiMap.caseInsensitiveMultiMap())) {
      bridge.register(reports(alice), alice.token().substring(0, alice.token().length() - 4) + "AAAA");
      awaitRejected(bridge, 1, "register with a token whose signature is wrong");
    }
  }

  @ParameterizedTest(name = "register on \"{0}\" is refused")
  @ValueSource(strings = {"reports.*", "reports.", "bastion.answers", "bastion.sessions.ended", "UPPER", "reports"})
  void addressesThatAreNotTheCallersReportsAreRefused(String address) {
    String target = address.equals("UPPER") ? reports(alice).toUpperCase() : address;
    try (BridgeSocket bridge = connect(cookie(alice).add("Origin", node.origin()))) {
      bridge.register(target, alice.token());
      awaitRejected(bridge, 1, "register on " + target);
    }
  }

  @Test
  void theBrowserSendsAndPublishesNothing() throws Exception {
    List<Object> answers = new CopyOnWriteArrayList<>();
    MessageConsumer<Object> spy = vertx.eventBus().consumer(Addresses.ANSWERS, m -> answers.add(m.body()));
    spy.completion().await(10, TimeUnit.SECONDS);
    try (BridgeSocket bridge = connect(cookie(alice).add("Origin", node.origin()))) {
      bridge.register(reports(alice), null);
      awaitDelivered(bridge, reports(alice));
      bridge.send(new JsonObject().put("type", "send").put("address", Addresses.ANSWERS)
          .put("body", new JsonObject()).put("headers", new JsonObject().put("token", alice.token())));
      awaitRejected(bridge, 1, "send to " + Addresses.ANSWERS);
      bridge.send(new JsonObject().put("type", "publish").put("address", reports(alice))
          .put("body", new JsonObject().put("forged", true)));
      awaitRejected(bridge, 2, "publish to the socket's own reports address");
      bridge.send(new JsonObject().put("type", "send").put("address", reports(alice))
          .put("body", new JsonObject().put("forged", true)).put("replyAddress", "x"));
      awaitRejected(bridge, 3, "send with a reply address");
      // A report published on the bus still arrives after the refusals; the forged ones never did.
      int before = bridge.bodiesFor(reports(alice)).size();
      await().atMost(WAIT).until(() -> {
        vertx.eventBus().publish(reports(alice), probe());
        return bridge.bodiesFor(reports(alice)).size() > before;
      });
      assertThat(bridge.bodiesFor(reports(alice))).as("BridgeGuard: forged publishes delivered")
          .noneMatch(b -> b.containsKey("forged"));
      assertThat(answers).as("BridgeGuard: messages that reached " + Addresses.ANSWERS).isEmpty();
    } finally {
      spy.unregister();
    }
  }

  @Test
  void theSocketClosesWhenTheSessionOfItsRegistrationEnds() {
    Session session = api.session(alice.email(), UserNode.PASSWORD); // a second session: Alice's first one stays
    try (BridgeSocket bridge = connect(MultiMap.caseInsensitiveMultiMap())) {
      bridge.register(reports(alice), session.token());
      awaitDelivered(bridge, reports(alice));
      api.call(session.token(), "mutation { logOut }", new JsonObject()).data();
      await("BridgeGuard: socket closed after log out").atMost(WAIT).until(bridge::isClosed);
      assertThat(bridge.errors()).isEmpty();
    }
  }

  // ------------------------------------------------------------------ helpers

  private BridgeSocket connect(MultiMap headers) {
    return BridgeSocket.connect(vertx, node.port(), headers);
  }

  private static MultiMap cookie(Session session) {
    return MultiMap.caseInsensitiveMultiMap().add("Cookie", WebServer.TOKEN_COOKIE + "=" + session.token());
  }

  private static String reports(Session session) {
    return Addresses.REPORTS_PREFIX + session.accountId();
  }

  private JsonObject probe() {
    return new JsonObject().put("assessmentId", UUID.randomUUID().toString()).put("probe", probes.incrementAndGet());
  }

  /** A register is confirmed by nothing: it worked when a message published on the bus reaches the socket. */
  private void awaitDelivered(BridgeSocket bridge, String address) {
    await("BridgeGuard: a message on " + address + " reaches the socket").atMost(WAIT).until(() -> {
      vertx.eventBus().publish(address, probe());
      return !bridge.bodiesFor(address).isEmpty() || !bridge.errors().isEmpty();
    });
    assertThat(bridge.errors()).as("BridgeGuard refused the register of %s", address).isEmpty();
  }

  private static void awaitRejected(BridgeSocket bridge, int errors, String what) {
    await("BridgeGuard: " + what + " is refused").atMost(WAIT).until(() -> bridge.errors().size() >= errors);
    assertThat(bridge.errors()).as("BridgeGuard: %s", what).hasSize(errors)
        .allMatch(e -> "rejected".equals(e.getString("body")));
  }
}
