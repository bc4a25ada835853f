package io.bastion.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 11, finding 3 and the header rules, against a real user node: the SockJS transports a foreign page can
 * reach with plain GETs (JSONP, eventsource, htmlfile) are gone, a foreign Origin gets 403 and no CORS headers on
 * /eventbus (also a page on another port of the same site, which the victim's cookie reaches), API answers are
 * {@code no-store}, GraphiQL and introspection are off by default. The JSONP attack is also replayed in Chromium: a
 * page served from another port of 127.0.0.1 loads the bridge with the logged-in victim's cookie.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BridgeHeadersIT {

  private static final String PASSWORD = "bridge headers passphrase";

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Mesh mesh;
  private Node user;
  private Api api;
  private Api.Session victim;
  private String foreign;

  @BeforeAll
  void startMesh() throws Exception {
    Mesh.deleteTree(Mesh.in("bridge-headers").dir);
    mesh = Mesh.in("bridge-headers").startDatabase();
    user = mesh.startUser("user-1");
    api = new Api(user.httpPort);
    victim = api.signUp("victim@example.com", PASSWORD);
    foreign = "http://127.0.0.1:" + Mesh.freePort(); // same site as the node: the cookie goes along
  }

  @AfterAll
  void stopMesh() throws Exception {
    mesh.close();
  }

  @Test
  void getTransportsWithTheVictimsCookieGetNothing() throws Exception {
    for (String transport : new String[] {"jsonp?c=x", "eventsource", "htmlfile?c=x"}) {
      HttpResponse<String> r = get("/eventbus/000/" + UUID.randomUUID() + "/" + transport, Map.of("Cookie", cookie()));
      assertThat(r.statusCode()).as("GET …/%s with the victim's cookie", transport).isEqualTo(404);
      assertThat(r.body()).as("GET …/%s", transport).doesNotContain("x(\"o\")").doesNotStartWith("o");
    }
  }

  @Test
  void aForeignOriginIsRefusedOnTheBridgeWithoutCorsHeaders() throws Exception {
    HttpResponse<String> info = get("/eventbus/info", Map.of("Origin", foreign, "Cookie", cookie()));
    assertThat(info.statusCode()).isEqualTo(403);
    assertThat(info.headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("access-control-allow"));
    HttpResponse<String> xhr = send(HttpRequest.newBuilder(uri("/eventbus/000/" + UUID.randomUUID() + "/xhr"))
        .header("Origin", foreign).header("Cookie", cookie()).POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(xhr.statusCode()).isEqualTo(403);
    assertThat(xhr.headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("access-control-allow"));
    CompletionException refused = org.assertj.core.api.Assertions.catchThrowableOfType(CompletionException.class,
        () -> http.newWebSocketBuilder().header("Origin", foreign).header("Cookie", cookie())
            .buildAsync(URI.create("ws://127.0.0.1:" + user.httpPort + "/eventbus/websocket"),
                new WebSocket.Listener() { }).join());
    assertThat(refused).as("WebSocket handshake from a foreign Origin").isNotNull();
    assertThat(refused.getCause()).isInstanceOf(WebSocketHandshakeException.class);
    assertThat(((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode()).isEqualTo(403);

    String own = "http://127.0.0.1:" + user.httpPort;
    HttpResponse<String> trusted = get("/eventbus/info", Map.of("Origin", own));
    assertThat(trusted.statusCode()).isEqualTo(200);
    assertThat(trusted.headers().firstValue("Access-Control-Allow-Origin")).contains(own);
  }

  @Test
  void apiAnswersAreNotStoredAndDeveloperToolsAreOff() throws Exception {
    HttpResponse<String> logIn = send(HttpRequest.newBuilder(uri("/graphql")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("query", "mutation($e: String!, $p: String!) "
            + "{ logIn(email: $e, password: $p) { token } }").put("variables", new JsonObject()
            .put("e", "victim@example.com").put("p", PASSWORD)).encode())));
    assertThat(logIn.body()).contains("\"token\"");
    assertThat(logIn.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(get("/graphiql/", Map.of()).statusCode()).isEqualTo(404);
    // Asked by a logged-in caller: one without a session is refused before (UNAUTHENTICATED).
    String token = new JsonObject(logIn.body()).getJsonObject("data").getJsonObject("logIn").getString("token");
    assertThat(api.call(token, "{ __schema { mutationType { fields { name } } } }", new JsonObject()).errorCode())
        .isEqualTo("FORBIDDEN");
  }

  @Test
  void aPageOnAnotherPortOfTheSiteGetsNothingFromTheBridgeInChromium() throws Exception {
    Chromium.assumeInstalled();
    int attackerPort = Integer.parseInt(foreign.substring(foreign.lastIndexOf(':') + 1));
    String bridge = "http://127.0.0.1:" + user.httpPort + "/eventbus";
    String page = "<!doctype html><title>attacker</title><script>\n"
        + "window.seen = []; window.done = {};\n"
        + "window.cb = function (d) { seen.push('jsonp:' + d); };\n"
        + "</script>\n"
        + "<script src='" + bridge + "/000/" + UUID.randomUUID() + "/jsonp?c=cb'"
        + " onload=\"done.jsonp='loaded'\" onerror=\"done.jsonp='error'\"></script>\n"
        + "<script>\n"
        + "const es = new EventSource('" + bridge + "/000/" + UUID.randomUUID() + "/eventsource',"
        + " {withCredentials: true});\n"
        + "es.onmessage = e => seen.push('eventsource:' + e.data);\n"
        + "es.onerror = () => { done.es = 'error'; es.close(); };\n"
        + "fetch('" + bridge + "/info', {credentials: 'include'}).then(r => r.text())"
        + ".then(t => { seen.push('info:' + t); done.info = 'read'; }, e => done.info = 'refused');\n"
        + "fetch('" + bridge + "/000/" + UUID.randomUUID() + "/xhr', {method: 'POST', credentials: 'include'})"
        + ".then(r => r.text()).then(t => { seen.push('xhr:' + t); done.xhr = 'read'; }, e => done.xhr = 'refused');\n"
        + "</script>";
    HttpServer attacker = HttpServer.create(new InetSocketAddress("127.0.0.1", attackerPort), 0);
    attacker.createContext("/", exchange -> {
      byte[] body = page.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    attacker.start();
    ChromeDriver driver = chromium();
    try {
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
      // The victim logs in on the real page: the session cookie is set as the API sets it.
      driver.get("http://127.0.0.1:" + user.httpPort + "/");
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#login-email"))).sendKeys(
          "victim@example.com");
      driver.findElement(By.cssSelector("#login-password")).sendKeys(PASSWORD);
      driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#view-home")));
      assertThat(driver.manage().getCookieNamed("bastion_token")).as("the victim's session cookie").isNotNull();

      driver.get(foreign + "/");
      JavascriptExecutor js = driver;
      wait.until(d -> Boolean.TRUE.equals(js.executeScript(
          "return !!(done.jsonp && done.info && done.xhr"
          + " && (done.es || seen.some(s => s.startsWith('eventsource'))))")));
      assertThat(js.executeScript("return done.jsonp")).as("the JSONP script").isEqualTo("error");
      assertThat(js.executeScript("return done.info")).as("fetch /eventbus/info with credentials")
          .isEqualTo("refused");
      assertThat(js.executeScript("return done.xhr")).as("fetch …/xhr with credentials").isEqualTo("refused");
      assertThat(js.executeScript("return seen.join('\\n')")).as("what the attacker's page read of the bridge")
          .isEqualTo("");
    } finally {
      driver.quit();
      attacker.stop(0);
    }
  }

  // ------------------------------------------------------------------ helpers

  private ChromeDriver chromium() throws Exception {
    return Chromium.start("1200,900", mesh.dir.resolve("logs/chromedriver.log"));
  }

  private String cookie() {
    return "bastion_token=" + victim.token();
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + user.httpPort + path);
  }

  private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
    headers.forEach(b::header);
    return send(b);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
