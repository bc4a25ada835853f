package io.bastion.user.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bastion.codecs.Addresses;
import io.bastion.codecs.Json;
import io.bastion.user.report.ReportBroadcast;
import io.bastion.user.testing.Fixtures;
import io.bastion.user.testing.Reports;
import io.bastion.user.testing.BridgeSocket;
import io.bastion.user.testing.GraphQLClient;
import io.bastion.user.testing.GraphQLClient.Session;
import io.bastion.user.testing.TeamRows;
import io.bastion.user.testing.UserNode;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SockJS bridge's guard, through {@code /eventbus/websocket} as a page reaches it: a socket may listen on
 * {@code assessments.<id>} of an assessment its account may read (personal, or of an organisation it belongs to in
 * any role) and nothing else, may send or publish nothing, and is closed with 4403 when its account loses access.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("BridgeGuard (SockJS /eventbus)")
class BridgeGuardTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private Vertx vertx;
  private UserNode node;
  private GraphQLClient api;
  private TeamRows teams;
  private UUID organisation;
  /** OWNER of the organisation; its assessment. */
  private Session alice;
  private String shared;
  /** EDITOR, VIEWER and an outsider (with a personal assessment of her own). */
  private Session bob;
  private Session vera;
  private Session carol;
  private String carolsOwn;
  private final AtomicInteger probes = new AtomicInteger();

  @BeforeAll
  void start(Vertx vertx) {
    this.vertx = vertx;
    io.bastion.user.testing.Fixtures.codecs(vertx);
    node = UserNode.start(vertx);
    api = node.graphql();
    teams = new TeamRows(vertx);
    alice = api.signUp(UserNode.email("alice"), UserNode.PASSWORD);
    bob = api.signUp(UserNode.email("bob"), UserNode.PASSWORD);
    vera = api.signUp(UserNode.email("vera"), UserNode.PASSWORD);
    carol = api.signUp(UserNode.email("carol"), UserNode.PASSWORD);
    organisation = teams.organisation();
    teams.member(organisation, alice.accountId(), "OWNER");
    teams.member(organisation, bob.accountId(), "EDITOR");
    teams.member(organisation, vera.accountId(), "VIEWER");
    shared = api.startAssessment(alice.token(), "baseline", "the team's");
    teams.assessmentOf(organisation, shared);
    carolsOwn = api.startAssessment(carol.token(), "baseline", "carol's own");
  }

  @AfterAll
  void stop() {
    teams.close();
  }

  @Test
  void aMemberListensToTheFeedWithTheSessionCookie() {
    try (BridgeSocket bridge = connect(cookie(bob).add("Origin", node.origin()))) {
      bridge.register(feed(shared), null);
      awaitDelivered(bridge, feed(shared));
      assertThat(bridge.errors()).as("BridgeGuard: an EDITOR's register with its cookie").isEmpty();
    }
  }

  @Test
  void theOwnerListensWithTheTokenInTheRegisterHeaders() {
    try (BridgeSocket bridge = connect(MultiMap.caseInsensitiveMultiMap())) {
      bridge.register(feed(shared), alice.token());
      awaitDelivered(bridge, feed(shared));
      assertThat(bridge.errors()).as("BridgeGuard: the OWNER's register with its token").isEmpty();
    }
  }

  /**
   * A report goes to every socket on its feed as its facts only: the bridge copies and encodes it once per socket, so
   * the words (a good two thirds of it) are joined by the page from its catalogue (words.js), not sent to each socket.
   */
  @Test
  void aReportReachesTheSocketAsItsFactsWithoutTheCataloguesWords() {
    try (BridgeSocket bridge = connect(MultiMap.caseInsensitiveMultiMap())) {
      bridge.register(feed(shared), alice.token());
      awaitDelivered(bridge, feed(shared));
      UUID assessment = UUID.fromString(shared);
      new ReportBroadcast(vertx.eventBus()).publish(assessment,
          Json.toString(Reports.of(UUID.fromString(alice.accountId()), assessment, 5)), Instant.now());
      await("BridgeGuard: the report reaches the socket").atMost(WAIT).until(() -> report(bridge) != null);
      JsonObject report = report(bridge);
      JsonObject finding = report.getJsonArray("findings").getJsonObject(0);
      assertThat(finding.getString("questionId")).as("live report: the finding's question").isEqualTo(
          Reports.FINDING_QUESTION);
      assertThat(finding.getString("answer")).as("live report: the finding's answer").isEqualTo("partial");
      String questionText = Fixtures.baseline().question(Reports.FINDING_QUESTION).orElseThrow().text();
      assertThat(report.encode()).as("live report: facts only, none of the catalogue's words")
          .doesNotContain(questionText).doesNotContain("recommendation").doesNotContain("answerLabel");
      assertThat(report.getString("createdAt")).as("live report: the time it was stored").isNotBlank();
    }
  }

  private JsonObject report(BridgeSocket bridge) {
    return bridge.bodiesFor(feed(shared)).stream().filter(b -> "report".equals(b.getString("type"))).findFirst()
        .orElse(null);
  }

  @Test
  void aViewerListensToo() {
    try (BridgeSocket bridge = connect(MultiMap.caseInsensitiveMultiMap())) {
      bridge.register(feed(shared), vera.token());
      awaitDelivered(bridge, feed(shared));
    }
  }

  @Test
  void anOutsiderIsRefusedWithNotFoundAnd4403AndNothingOfTheFeedArrives() {
    // Carol's socket listens to her own assessment first: once that arrives, the team's (published first, each
    // time) would have arrived too, had the guard let it through before closing the socket.
    try (BridgeSocket bridge = connect(cookie(carol).add("Origin", node.origin()))) {
      bridge.register(feed(carolsOwn), null);
      awaitDelivered(bridge, feed(carolsOwn));
      bridge.register(feed(shared), null);
      awaitNotFound(bridge, "an outsider's register with a cookie");
      assertThat(bridge.bodiesFor(feed(shared))).as("BridgeGuard: the team's feed on an outsider's socket").isEmpty();
    }
    try (BridgeSocket bridge = connect(MultiMap.caseInsensitiveMultiMap())) {
      bridge.register(feed(shared), carol.token());
      awaitNotFound(bridge, "an outsider's register with a token");
    }
  }

  @Test
  void aMissingAssessmentIsRefusedExactlyAsAnOutsidersOne() {
    try (BridgeSocket missing = connect(MultiMap.caseInsensitiveMultiMap());
        BridgeSocket outsider = connect(MultiMap.caseInsensitiveMultiMap())) {
      UUID unknown = UUID.randomUUID();
      missing.register(feed(unknown.toString()), carol.token());
      outsider.register(feed(shared), carol.token());
      awaitNotFound(missing, "register on a missing assessment");
      awaitNotFound(outsider, "an outsider's register");
      // The same words but for the id: nothing tells an existing assessment from a missing one.
      assertThat(missing.errors().get(0).getString("message").replace(unknown.toString(), "<id>"))
          .isEqualTo(outsider.errors().get(0).getString("message").replace(shared, "<id>"));
      assertThat(missing.closeReason().replace(unknown.toString(), "<id>"))
          .isEqualTo(outsider.closeReason().replace(shared, "<id>"));
    }
  }

  @Test
  void withoutACookieOrATokenEveryRegisterIsRefused() {
    try (BridgeSocket bridge = connect(MultiMap.caseInsensitiveMultiMap())) {
      bridge.register(feed(shared), null);
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
      bridge.register(feed(shared), alice.token().substring(0, alice.token().length() - 4) + "AAAA");
      awaitRejected(bridge, 1, "register with a token whose signature is wrong");
    }
  }

  @ParameterizedTest(name = "register on \"{0}\" is refused")
  @ValueSource(strings = {"assessments.*", "assessments.", "bastion.answers", "bastion.sessions.ended",
      "bastion.access.changed", "UPPER", "REPORTS", "assessments"})
  void addressesThatAreNotAFeedTheCallerMayReadAreRefused(String address) {
    String target = switch (address) {
      case "UPPER" -> feed(shared).toUpperCase();
      case "REPORTS" -> "reports." + alice.accountId(); // the per-account address of old
      default -> address;
    };
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
      bridge.register(feed(shared), null);
      awaitDelivered(bridge, feed(shared));
      bridge.send(new JsonObject().put("type", "send").put("address", Addresses.ANSWERS)
          .put("body", new JsonObject()).put("headers", new JsonObject().put("token", alice.token())));
      awaitRejected(bridge, 1, "send to " + Addresses.ANSWERS);
      bridge.send(new JsonObject().put("type", "publish").put("address", feed(shared))
          .put("body", new JsonObject().put("forged", true)));
      awaitRejected(bridge, 2, "publish to the socket's own feed");
      bridge.send(new JsonObject().put("type", "send").put("address", feed(shared))
          .put("body", new JsonObject().put("forged", true)).put("replyAddress", "x"));
      awaitRejected(bridge, 3, "send with a reply address");
      // A message published on the bus still arrives after the refusals; the forged ones never did.
      int before = bridge.bodiesFor(feed(shared)).size();
      await().atMost(WAIT).until(() -> {
        vertx.eventBus().publish(feed(shared), probe());
        return bridge.bodiesFor(feed(shared)).size() > before;
      });
      assertThat(bridge.bodiesFor(feed(shared))).as("BridgeGuard: forged publishes delivered")
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
      bridge.register(feed(shared), session.token());
      awaitDelivered(bridge, feed(shared));
      api.call(session.token(), "mutation { logOut }", new JsonObject()).data();
      await("BridgeGuard: socket closed after log out").atMost(WAIT).until(bridge::isClosed);
      assertThat(bridge.errors()).isEmpty();
    }
  }

  @Test
  void aRemovedMembersSocketClosesWith4403WithinASecondAndTheOthersStay() {
    Session dave = api.signUp(UserNode.email("dave"), UserNode.PASSWORD);
    teams.member(organisation, dave.accountId(), "EDITOR");
    try (BridgeSocket daves = connect(MultiMap.caseInsensitiveMultiMap());
        BridgeSocket veras = connect(MultiMap.caseInsensitiveMultiMap())) {
      daves.register(feed(shared), dave.token());
      veras.register(feed(shared), vera.token());
      awaitDelivered(daves, feed(shared));
      awaitDelivered(veras, feed(shared));

      // An announcement while Dave is still a member changes nothing: access is asked again, and granted.
      teams.announce(organisation, dave.accountId());
      int before = daves.bodiesFor(feed(shared)).size();
      await().atMost(WAIT).until(() -> {
        vertx.eventBus().publish(feed(shared), probe());
        return daves.bodiesFor(feed(shared)).size() > before;
      });
      assertThat(daves.isClosed()).as("BridgeGuard: a member's socket after a re-check that grants").isFalse();

      teams.remove(organisation, dave.accountId());
      long removed = System.nanoTime();
      teams.announce(organisation, dave.accountId());
      await("BridgeGuard: the removed member's socket closes").atMost(Duration.ofSeconds(1)).until(daves::isClosed);
      assertThat(Duration.ofNanos(System.nanoTime() - removed)).isLessThan(Duration.ofSeconds(1));
      assertThat(daves.closeCode()).as("BridgeGuard: close code of a socket whose access ended").isEqualTo((short) 4403);
      assertThat(daves.closeReason()).isEqualTo("access ended");

      int veraBefore = veras.bodiesFor(feed(shared)).size();
      await().atMost(WAIT).until(() -> {
        vertx.eventBus().publish(feed(shared), probe());
        return veras.bodiesFor(feed(shared)).size() > veraBefore;
      });
      assertThat(veras.isClosed()).as("BridgeGuard: another member's socket").isFalse();
    }
    // Registering again is refused now: NOT_FOUND and 4403, not "rejected" (the page would think it logged out).
    try (BridgeSocket again = connect(MultiMap.caseInsensitiveMultiMap())) {
      again.register(feed(shared), dave.token());
      awaitNotFound(again, "a removed member's register");
    }
  }

  @Test
  void aDeletedAssessmentsSocketsCloseAndAnotherOrganisationsChangeTouchesNothing() {
    String personal = api.startAssessment(carol.token(), "baseline", "to be deleted");
    try (BridgeSocket page = connect(MultiMap.caseInsensitiveMultiMap());
        BridgeSocket own = connect(MultiMap.caseInsensitiveMultiMap())) {
      page.register(feed(personal), carol.token());
      own.register(feed(carolsOwn), carol.token());
      awaitDelivered(page, feed(personal));
      awaitDelivered(own, feed(carolsOwn));
      // A change in some organisation: Carol's personal assessments are not asked about again, nor closed.
      teams.announce(UUID.randomUUID(), carol.accountId());
      teams.deleteAssessment(personal);
      await("BridgeGuard: the socket on a deleted assessment closes").atMost(Duration.ofSeconds(1))
          .until(page::isClosed);
      assertThat(page.closeCode()).isEqualTo((short) 4403);
      int before = own.bodiesFor(feed(carolsOwn)).size();
      await().atMost(WAIT).until(() -> {
        vertx.eventBus().publish(feed(carolsOwn), probe());
        return own.bodiesFor(feed(carolsOwn)).size() > before;
      });
      assertThat(own.isClosed()).as("BridgeGuard: the socket on another assessment").isFalse();
    }
  }

  // ------------------------------------------------------------------ helpers

  private BridgeSocket connect(MultiMap headers) {
    return BridgeSocket.connect(vertx, node.port(), headers);
  }

  private static MultiMap cookie(Session session) {
    return MultiMap.caseInsensitiveMultiMap().add("Cookie", WebServer.TOKEN_COOKIE + "=" + session.token());
  }

  private static String feed(String assessmentId) {
    return Addresses.ASSESSMENTS_PREFIX + assessmentId;
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

  /**
   * A register of a feed the account may not read: an error frame NOT_FOUND (not the generic "rejected", which the
   * page reads as "session ended"), then the socket closed with 4403 as when access ends.
   */
  private static void awaitNotFound(BridgeSocket bridge, String what) {
    await("BridgeGuard: " + what + " is refused and the socket closed").atMost(WAIT)
        .until(() -> bridge.isClosed() && !bridge.errors().isEmpty());
    assertThat(bridge.errors()).as("BridgeGuard: %s", what).hasSize(1)
        .allMatch(e -> BridgeGuard.NOT_FOUND.equals(e.getString("body")))
        .allMatch(e -> e.getString("message").matches("assessment [0-9a-f-]{36} not found"));
    assertThat(bridge.closeCode()).as("BridgeGuard: close code after %s", what).isEqualTo((short) 4403);
  }

  private static void awaitRejected(BridgeSocket bridge, int errors, String what) {
    await("BridgeGuard: " + what + " is refused").atMost(WAIT).until(() -> bridge.errors().size() >= errors);
    assertThat(bridge.errors()).as("BridgeGuard: %s", what).hasSize(errors)
        .allMatch(e -> "rejected".equals(e.getString("body")));
  }
}
