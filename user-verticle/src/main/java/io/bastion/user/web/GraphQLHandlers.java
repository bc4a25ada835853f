package io.bastion.user.web;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * The GraphQL API as the web server mounts it on /graphql: the HTTP handler (after the server has put the caller in
 * the routing context under {@code Caller.ROUTING_CONTEXT_KEY}) and the WebSocket handler (which authenticates in
 * connection_init itself). The verticle takes both from the api package, which the web package does not know.
 */
public record GraphQLHandlers(Handler<RoutingContext> http, Handler<RoutingContext> webSocket) {
}
