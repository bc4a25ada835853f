package io.bastion.mesh;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A GraphQL client over real HTTP, as outside clients use the API. */
final class Api {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final String host;
  final int port;

  Api(int port) {
    this("127.0.0.1", port);
  }

  Api(String host, int port) {
    this.host = host;
    this.port = port;
  }

  /** The API of a user node, at the address it binds. */
  static Api of(Node node) {
    return new Api(node.host, node.httpPort);
  }

  record Response(int status, JsonObject body) {
    JsonObject data() {
      if (body.getJsonArray("errors") != null) {
        throw new AssertionError("GraphQL errors: " + body.getJsonArray("errors").encode());
      }
      return body.getJsonObject("data");
    }

    JsonObject firstError() {
      JsonArray errors = body.getJsonArray("errors");
      if (errors == null || errors.isEmpty()) {
        throw new AssertionError("expected a GraphQL error, got " + body.encode());
      }
      return errors.getJsonObject(0);
    }

    String errorCode() {
      return firstError().getJsonObject("extensions").getString("code");
    }
  }

  Response call(String token, String query, JsonObject variables) {
    JsonObject payload = new JsonObject().put("query", query).put("variables", variables);
    return post(token, payload.encode());
  }

  Response post(String token, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/graphql"))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      JsonObject json = r.body().isBlank() ? new JsonObject() : new JsonObject(r.body());
      return new Response(r.statusCode(), json);
    } catch (IOException e) {
      throw new AssertionError("POST /graphql failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  record Session(String token, String accountId) {
  }

  Session signUp(String email, String password) {
    JsonObject s = call(null, "mutation($e: String!, $p: String!) { signUp(email: $e, password: $p) "
        + "{ token account { id email } } }", new JsonObject().put("e", email).put("p", password))
        .data().getJsonObject("signUp");
    return new Session(s.getString("token"), s.getJsonObject("account").getString("id"));
  }

  Session logIn(String email, String password) {
    JsonObject s = call(null, "mutation($e: String!, $p: String!) { logIn(email: $e, password: $p) "
        + "{ token account { id email } } }", new JsonObject().put("e", email).put("p", password))
        .data().getJsonObject("logIn");
    return new Session(s.getString("token"), s.getJsonObject("account").getString("id"));
  }

  String startAssessment(String token, String catalogueId) {
    return call(token, "mutation($c: ID!) { startAssessment(catalogueId: $c) { id } }",
        new JsonObject().put("c", catalogueId)).data().getJsonObject("startAssessment").getString("id");
  }

  Response answer(String token, String assessmentId, String questionId, String value) {
    return call(token, "mutation($a: ID!, $q: ID!, $v: String!) { answer(assessmentId: $a, questionId: $q, "
        + "value: $v) { questionId value version } }",
        new JsonObject().put("a", assessmentId).put("q", questionId).put("v", value));
  }

  JsonObject assessment(String token, String assessmentId) {
    return call(token, "query($a: ID!) { assessment(id: $a) { id title version answers { questionId value comment }"
        + " reports { version score createdAt } latestReport { version score } } }",
        new JsonObject().put("a", assessmentId)).data().getJsonObject("assessment");
  }
}
