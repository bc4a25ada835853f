package io.bastion.user.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.user.testing.HttpProbe;
import io.bastion.user.testing.UserNode;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Headers of the API's answers (issue 11): {@code Cache-Control: no-store} on every API response, tokens included;
 * a {@code Secure} cookie and HSTS when the configured public URL is https (TLS ends at a proxy, the node speaks
 * HTTP), neither when it is http.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("API response headers: no-store, Secure, HSTS")
class ApiHeadersTest {

  private static final String LOG_IN =
      "mutation($e: String!, $p: String!) { logIn(email: $e, password: $p) { token } }";

  private UserNode plain;
  private UserNode behindTls;
  private HttpProbe toPlain;
  private HttpProbe toTls;
  private String email;

  @BeforeAll
  void start(Vertx vertx) {
    plain = UserNode.start(vertx);
    behindTls = UserNode.start(vertx, new JsonObject().put("http.public-url", "https://bastion.example"));
    toPlain = new HttpProbe(vertx, plain.port());
    toTls = new HttpProbe(vertx, behindTls.port());
    email = UserNode.email("hedy");
    plain.graphql().signUp(email, UserNode.PASSWORD);
  }

  @Test
  void theLogInAnswerCarryingATokenIsNotStored() {
    HttpResponse<Buffer> r = logIn(toPlain);
    assertThat(r.bodyAsJsonObject().getJsonObject("data").getJsonObject("logIn").getString("token")).isNotBlank();
    assertThat(r.getHeader("Cache-Control")).isEqualTo("no-store");
  }

  @Test
  void everyApiAnswerIsNotStored() {
    MultiMap none = MultiMap.caseInsensitiveMultiMap();
    assertThat(toPlain.post("/graphql", json(), "{\"query\":\"{ catalogues { id } }\"}").getHeader("Cache-Control"))
        .as("POST /graphql").isEqualTo("no-store");
    assertThat(toPlain.post("/graphql", json(), "not json").getHeader("Cache-Control"))
        .as("POST /graphql, bad request").isEqualTo("no-store");
    assertThat(toPlain.get("/graphql?query=%7Bme%7Bid%7D%7D", none).getHeader("Cache-Control"))
        .as("GET /graphql").isEqualTo("no-store");
    assertThat(toPlain.get("/nodes", none).getHeader("Cache-Control")).as("GET /nodes").isEqualTo("no-store");
    assertThat(toPlain.get("/health", none).getHeader("Cache-Control")).as("GET /health").isEqualTo("no-store");
  }

  @Test
  void anHttpsPublicUrlMakesTheCookieSecureAndSendsHsts() {
    HttpResponse<Buffer> r = logIn(toTls);
    assertThat(r.cookies()).as("Set-Cookie with an https public URL")
        .anyMatch(c -> c.startsWith(WebServer.TOKEN_COOKIE + "=") && c.contains("Secure"));
    assertThat(r.getHeader("Strict-Transport-Security")).startsWith("max-age=");
    assertThat(toTls.get("/", MultiMap.caseInsensitiveMultiMap()).getHeader("Strict-Transport-Security"))
        .as("HSTS on the page too").startsWith("max-age=");
  }

  @Test
  void anHttpPublicUrlHasNeitherSecureCookiesNorHsts() {
    HttpResponse<Buffer> r = logIn(toPlain);
    assertThat(r.cookies()).anyMatch(c -> c.startsWith(WebServer.TOKEN_COOKIE + "="))
        .noneMatch(c -> c.contains("Secure"));
    assertThat(r.getHeader("Strict-Transport-Security")).isNull();
  }

  private HttpResponse<Buffer> logIn(HttpProbe to) {
    return to.post("/graphql", json(), new JsonObject().put("query", LOG_IN)
        .put("variables", new JsonObject().put("e", email).put("p", UserNode.PASSWORD)).encode());
  }

  private static MultiMap json() {
    return HttpProbe.headers("Content-Type", "application/json");
  }
}
