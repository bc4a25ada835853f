package io.bastion.user.testing;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.concurrent.TimeUnit;

/**
 * GraphQL over real HTTP, as outside clients call the API. Calls block the test thread (never an event loop) until
 * the answer is there.
 */
public final class GraphQLClient {

  private final WebClient web;
  private final int port;

  GraphQLClient(Vertx vertx, int port, String localAddress) {
    WebClientOptions options = new WebClientOptions().setKeepAlive(false);
    if (localAddress != null) {
      options.setLocalAddress(localAddress);
    }
    this.web = WebClient.create(vertx, options);
    this.port = port;
  }

  /** An answer: the HTTP status and the JSON body. */
  public record Response(int status, JsonObject body) {

    /** The data, failing the test with the errors when there are any. */
    public JsonObject data() {
      JsonArray errors = body.getJsonArray("errors");
      if (errors != null && !errors.isEmpty()) {
        throw new AssertionError("GraphQL errors: " + errors.encode());
      }
      return body.getJsonObject("data");
    }

    public JsonObject firstError() {
      JsonArray errors = body.getJsonArray("errors");
      if (errors == null || errors.isEmpty()) {
        throw new AssertionError("expected a GraphQL error, got " + body.encode());
      }
      return errors.getJsonObject(0);
    }

    /** {@code extensions.code} of the first error, or null when the call succeeded. */
    public String errorCode() {
      JsonArray errors = body.getJsonArray("errors");
      if (errors == null || errors.isEmpty()) {
        return null;
      }
      JsonObject ext = errors.getJsonObject(0).getJsonObject("extensions");
      return ext == null ? null : ext.getString("code");
    }

    /** The value of one top-level field of data, or null (also when data itself is null). */
    public Object field(String name) {
      JsonObject data = body.getJsonObject("data");
      return data == null ? null : data.getValue(name);
    }
  }

  /** A session as the API hands it out. */
  public record Session(String token, String accountId, String email) {
  }

  public Response call(String token, String query, JsonObject variables) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    if (token != null) {
      headers.add("Authorization", "Bearer " + token);
    }
    return post(headers, new JsonObject().put("query", query).put("variables", variables).encode());
  }

  /** A POST /graphql with exactly these headers (besides Content-Type) and this body. */
  public Response post(MultiMap headers, String body) {
    try {
      HttpResponse<Buffer> r = web.post(port, "127.0.0.1", "/graphql")
          .putHeader("Content-Type", "application/json")
          .putHeaders(headers)
          .sendBuffer(Buffer.buffer(body))
          .await(30, TimeUnit.SECONDS);
      String text = r.bodyAsString();
      return new Response(r.statusCode(), text == null || text.isBlank() ? new JsonObject() : new JsonObject(text));
    } catch (Exception e) {
      throw new AssertionError("POST /graphql failed: " + e, e);
    }
  }

  public Session signUp(String email, String password) {
    JsonObject s = call(null, "mutation($e: String!, $p: String!) { signUp(email: $e, password: $p) "
        + "{ token account { id email } } }", new JsonObject().put("e", email).put("p", password))
        .data().getJsonObject("signUp");
    return new Session(s.getString("token"), s.getJsonObject("account").getString("id"), email);
  }

  public Response logIn(String email, String password) {
    return call(null, "mutation($e: String!, $p: String!) { logIn(email: $e, password: $p) { token account { id } } }",
        new JsonObject().put("e", email).put("p", password));
  }

  /** Logs in, failing the test unless it works. */
  public Session session(String email, String password) {
    JsonObject s = logIn(email, password).data().getJsonObject("logIn");
    return new Session(s.getString("token"), s.getJsonObject("account").getString("id"), email);
  }

  public String startAssessment(String token, String catalogueId, String title) {
    return call(token, "mutation($c: ID!, $t: String) { startAssessment(catalogueId: $c, title: $t) { id } }",
        new JsonObject().put("c", catalogueId).put("t", title)).data().getJsonObject("startAssessment")
        .getString("id");
  }

  public Response answer(String token, String assessmentId, String questionId, String value) {
    return call(token, "mutation($a: ID!, $q: ID!, $v: String!) { answer(assessmentId: $a, questionId: $q, "
        + "value: $v) { questionId value version } }",
        new JsonObject().put("a", assessmentId).put("q", questionId).put("v", value));
  }

  /** The assessment with its answers and report versions, as its owner sees it. */
  public JsonObject assessment(String token, String assessmentId) {
    return call(token, "query($a: ID!) { assessment(id: $a) { id title version answers { questionId value } "
        + "reports { version } latestReport { version scoredBy } } }",
        new JsonObject().put("a", assessmentId)).data().getJsonObject("assessment");
  }
}
