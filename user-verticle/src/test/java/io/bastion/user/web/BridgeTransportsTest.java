package io.bastion.user.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bastion.codecs.Addresses;
import io.bastion.user.testing.BridgeSocket;
import io.bastion.user.testing.GraphQLClient.Session;
import io.bastion.user.testing.HttpProbe;
import io.bastion.user.testing.UserNode;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SockJS bridge seen from other pages (issue 11, finding 3): only the websocket and xhr transports exist, the
 * session cookie counts only with a trusted Origin, an untrusted Origin is refused before SockJS (which would
 * reflect it with credentials), and nothing the bridge answers may be cached.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("SockJS bridge: transports, Origin and the cookie")
class BridgeTransportsTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String FOREIGN = "http://127.0.0.1:1"; // another port of the same site: same cookies

  private Vertx vertx;
  private UserNode node;
  private HttpProbe http;
  private Session alice;
  private String assessment;

  @BeforeAll
  void start(Vertx vertx) {
    this.vertx = vertx;
    node = UserNode.start(vertx);
    http = new HttpProbe(vertx, node.port());
    alice = node.graphql().signUp(UserNode.email("alice"), UserNode.PASSWORD);
    assessment = node.graphql().startAssessment(alice.token(), "baseline", "over every transport");
  }

  @ParameterizedTest(name = "GET …/{0} with the victim's cookie gets nothing")
  @ValueSource(strings = {"jsonp?c=x", "eventsource", "htmlfile?c=x"})
  void getTransportsAFOreignPageCouldLoadDoNotExist(String transport) {
    // Each of these is a plain GET (a <script>, EventSource or <iframe>): no Origin, the victim's cookie.
    HttpResponse<Buffer> r = http.get("/eventbus/000/" + UUID.randomUUID() + "/" + transport, cookie());
    assertThat(r.statusCode()).as("bridge transport %s", transport).isEqualTo(404);
    assertThat(r.bodyAsString()).as("bridge transport %s", transport).doesNotContain("\"o\"").doesNotStartWith("o");
  }

  @Test
  void infoOffersWebsocketAndNoSessionCookie() {
    HttpResponse<Buffer> r = http.get("/eventbus/info", HttpProbe.headers("Origin", node.origin()));
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject info = r.bodyAsJsonObject();
    assertThat(info.getBoolean("websocket")).isTrue();
    assertThat(info.getBoolean("cookie_needed")).as("SockJS's JSESSIONID cookie").isFalse();
    assertThat(r.getHeader("Access-Control-Allow-Origin")).isEqualTo(node.origin());
    assertThat(r.getHeader("Cache-Control")).isEqualTo("no-store");
  }

  @Test
  void infoRefusesAForeignOriginWithoutReflectingIt() {
    HttpResponse<Buffer> r = http.get("/eventbus/info", HttpProbe.headers("Origin", FOREIGN));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().names()).noneMatch(n -> n.toLowerCase().startsWith("access-control-allow-"));
    HttpResponse<Buffer> none = http.get("/eventbus/info", MultiMap.caseInsensitiveMultiMap());
    assertThat(none.statusCode()).isEqualTo(200);
    assertThat(none.headers().names()).as("CORS headers without an Origin")
        .noneMatch(n -> n.toLowerCase().startsWith("access-control-allow-"));
  }

  @Test
  void xhrWithTheCookieFromAForeignOriginIsRefused() {
    HttpResponse<Buffer> r = http.post(xhr(UUID.randomUUID().toString(), "xhr"), cookie().add("Origin", FOREIGN), "");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().names()).noneMatch(n -> n.toLowerCase().startsWith("access-control-allow-"));
    HttpResponse<Buffer> preflight = http.send(io.vertx.core.http.HttpMethod.OPTIONS, xhr(UUID.randomUUID()
        .toString(), "xhr"), HttpProbe.headers("Origin", FOREIGN, "Access-Control-Request-Method", "POST"), null);
    assertThat(preflight.statusCode()).isEqualTo(403);
    assertThat(preflight.getHeader("Access-Control-Allow-Credentials")).isNull();
  }

  @Test
  void xhrWithTheCookieAndTheTrustedOriginReceivesTheReports() {
    String session = UUID.randomUUID().toString();
    MultiMap headers = cookie().add("Origin", node.origin());
    HttpResponse<Buffer> open = http.post(xhr(session, "xhr"), headers, "");
    assertThat(open.bodyAsString()).startsWith("o");
    assertThat(open.getHeader("Cache-Control")).isEqualTo("no-store");
    register(session, headers);
    assertThat(pollUntilFrame(session, headers)).as("frames after register with cookie and trusted Origin")
        .contains("\\\"type\\\":\\\"rec\\\"").doesNotContain("rejected");
  }

  @Test
  void xhrWithTheCookieButNoOriginCannotRegister() {
    String session = UUID.randomUUID().toString();
    MultiMap headers = cookie();
    assertThat(http.post(xhr(session, "xhr"), headers, "").bodyAsString()).startsWith("o");
    register(session, headers);
    assertThat(pollUntilFrame(session, headers)).as("frames after register with the cookie, no Origin")
        .contains("rejected").doesNotContain("\\\"type\\\":\\\"rec\\\"");
  }

  @Test
  void aWebSocketWithTheCookieFromAForeignOriginIsRefusedAtTheHandshake() {
    assertThat(BridgeSocket.refusal(vertx, node.port(), cookie().add("Origin", FOREIGN))).isEqualTo(403);
  }

  @Test
  void aWebSocketWithTheCookieButNoOriginCannotRegister() {
    try (BridgeSocket bridge = BridgeSocket.connect(vertx, node.port(), cookie())) {
      bridge.register(reports(), null);
      await("register with the cookie and no Origin refused").atMost(WAIT).until(() -> !bridge.errors().isEmpty());
      assertThat(bridge.errors().get(0).getString("body")).isEqualTo("rejected");
    }
  }

  // ------------------------------------------------------------------ helpers

  private MultiMap cookie() {
    return HttpProbe.headers("Cookie", WebServer.TOKEN_COOKIE + "=" + alice.token());
  }

  /** The live feed of Alice's assessment (the name of old: it carried her reports). */
  private String reports() {
    return Addresses.ASSESSMENTS_PREFIX + assessment;
  }

  private static String xhr(String session, String transport) {
    return "/eventbus/000/" + session + "/" + transport;
  }

  private void register(String session, MultiMap headers) {
    String frame = new JsonObject().put("type", "register").put("address", reports()).encode();
    HttpResponse<Buffer> sent = http.post(xhr(session, "xhr_send"), MultiMap.caseInsensitiveMultiMap()
        .addAll(headers).add("Content-Type", "text/plain"), new JsonArray().add(frame).encode());
    assertThat(sent.statusCode()).as("xhr_send: %s", sent.bodyAsString()).isEqualTo(204);
  }

  /**
   * Polls the xhr session until it carries an array frame (a delivered report or a refusal) while reports are
   * published on the bus; heartbeats ("h") are skipped.
   */
  private String pollUntilFrame(String session, MultiMap headers) {
    long timer = vertx.setPeriodic(100, id -> vertx.eventBus().publish(reports(),
        new JsonObject().put("assessmentId", UUID.randomUUID().toString()).put("probe", true)));
    try {
      String[] frame = new String[1];
      await("an array frame on xhr session " + session).atMost(WAIT).until(() -> {
        String body = http.post(xhr(session, "xhr"), headers, "").bodyAsString();
        frame[0] = body;
        return body.startsWith("a");
      });
      return frame[0];
    } finally {
      vertx.cancelTimer(timer);
    }
  }
}
