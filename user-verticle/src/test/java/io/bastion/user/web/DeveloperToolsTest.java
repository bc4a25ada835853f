package io.bastion.user.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.user.testing.GraphQLClient;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * GraphiQL and introspection (issue 11): off unless configured ({@code api.graphiql}, {@code api.introspection});
 * {@code __typename} stays, the page needs it no more than introspection.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Developer tools: GraphiQL and introspection")
class DeveloperToolsTest {

  private UserNode production;
  private UserNode local;
  /** Logged-in callers: without a session nothing but the account fields answers (RequestChecks). */
  private String productionToken;
  private String localToken;

  @BeforeAll
  void start(Vertx vertx) {
    production = UserNode.start(vertx);
    local = UserNode.start(vertx, new JsonObject().put("api.graphiql", true).put("api.introspection", true));
    productionToken = production.graphql().signUp("tools-production@example.org", "a perfectly fine passphrase")
        .token();
    localToken = local.graphql().signUp("tools-local@example.org", "a perfectly fine passphrase").token();
  }

  @Test
  void graphiqlIsNotServedByDefault(Vertx vertx) {
    HttpProbe http = new HttpProbe(vertx, production.port());
    for (String path : new String[] {"/graphiql", "/graphiql/", "/graphiql/index.html"}) {
      HttpResponse<Buffer> r = http.get(path, MultiMap.caseInsensitiveMultiMap());
      assertThat(r.statusCode()).as("GET %s", path).isEqualTo(404);
      assertThat(r.bodyAsString()).as("GET %s", path).doesNotContainIgnoringCase("graphiql");
    }
  }

  @Test
  void graphiqlIsServedWhenConfigured(Vertx vertx) {
    HttpResponse<Buffer> r = new HttpProbe(vertx, local.port()).get("/graphiql/", MultiMap.caseInsensitiveMultiMap());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsString()).containsIgnoringCase("graphiql");
  }

  @ParameterizedTest(name = "{0} is refused by default")
  @ValueSource(strings = {"{ __schema { queryType { name } } }", "{ s: __schema { types { name } } }",
      "{ __type(name: \"Query\") { fields { name } } }", "query { catalogues { id } __schema { queryType { name } } }"})
  void introspectionIsRefusedByDefault(String query) {
    GraphQLClient.Response r = production.graphql().call(productionToken, query, new JsonObject());
    assertThat(r.errorCode()).as("%s: %s", query, r.body().encode()).isEqualTo("FORBIDDEN");
    assertThat(r.body().encode()).doesNotContain("mutationType").doesNotContain("\"Mutation\"")
        .doesNotContain("\"fields\"");
  }

  @Test
  void typenameStillAnswers() {
    assertThat(production.graphql().call(productionToken, "{ __typename }", new JsonObject()).data().getString("__typename"))
        .isEqualTo("Query");
  }

  @Test
  void introspectionAnswersWhenConfigured() {
    JsonObject schema = local.graphql().call(localToken, "{ __schema { queryType { name } mutationType { name } } }",
        new JsonObject()).data().getJsonObject("__schema");
    assertThat(schema.getJsonObject("mutationType").getString("name")).isEqualTo("Mutation");
  }
}
