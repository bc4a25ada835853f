package io.bastion.user.api;

import graphql.schema.DataFetchingEnvironment;
import io.bastion.catalogue.Language;
import io.bastion.user.auth.Caller;
import io.bastion.user.web.RequestFacts;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.CompletionStage;

/** Small helpers shared by the data fetchers. */
final class Fetch {

  private Fetch() {
  }

  /** The caller put in the GraphQL context by the web layer (HTTP) or by connection_init (WebSocket). */
  static Caller caller(DataFetchingEnvironment env) {
    Caller caller = env.getGraphQlContext().get(Caller.class);
    return caller == null ? Caller.ANONYMOUS : caller;
  }

  /** The language the request asked for (web/RequestLanguage): the language of the texts in the answer. */
  static Language language(DataFetchingEnvironment env) {
    Language language = env.getGraphQlContext().get(Language.class);
    return language == null ? Language.DEFAULT : language;
  }

  static Caller.Authenticated authenticated(DataFetchingEnvironment env) {
    return caller(env).require();
  }

  /** The HTTP request, or null over WebSocket. */
  static RoutingContext http(DataFetchingEnvironment env) {
    Boolean ws = env.getGraphQlContext().get(GraphQLApi.WEBSOCKET);
    return Boolean.TRUE.equals(ws) ? null : env.getGraphQlContext().get(RoutingContext.class);
  }

  /**
   * The client's address, of the HTTP request or of the WebSocket's upgrade request: the peer, or what a trusted
   * proxy forwarded (see {@link RequestFacts}).
   */
  static String clientIp(DataFetchingEnvironment env) {
    RoutingContext rc = env.getGraphQlContext().get(RoutingContext.class);
    return rc == null ? "unknown" : RequestFacts.clientAddress(rc);
  }

  static <T> CompletionStage<T> async(Future<T> future) {
    return future.toCompletionStage();
  }

  static long version(DataFetchingEnvironment env) {
    Integer v = env.getArgument("version");
    return v == null ? 0 : v;
  }
}
