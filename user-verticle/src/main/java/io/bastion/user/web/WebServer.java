package io.bastion.user.web;

import io.bastion.node.health.Readiness;
import io.bastion.user.auth.Caller;
import io.bastion.user.auth.Sessions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.MimeMapping;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.handler.graphql.GraphiQLHandler;
import io.vertx.ext.web.handler.graphql.GraphiQLHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of a user node: GraphQL over HTTP and WebSocket, GraphiQL (when configured), the SockJS event bus
 * bridge (websocket and xhr transports), the static page and a public readiness answer ({@code /health}: the
 * node's own readiness as {@code {"status":"UP"|"DOWN"}}, the details being on the management port only, see
 * {@link UserReadiness}), every response with security headers.
 */
public final class WebServer {

  /** The encoding of the page's files (webroot/ is UTF-8), named in their Content-Type. */
  static final String PAGE_ENCODING = "UTF-8";

  public static final String TOKEN_COOKIE = "bastion_token";
  static final int MAX_BODY = 64 * 1024;
  static final int MAX_FRAME = 64 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
  private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'%s; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
      + "frame-ancestors 'none'";
  /** GraphiQL (a developer tool) bootstraps with an inline script; only its pages get this policy. */
  private static final String GRAPHIQL_CSP = "default-src 'self'; script-src 'self' 'unsafe-inline'; "
      + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; "
      + "base-uri 'none'; frame-ancestors 'none'";

  private final Vertx vertx;
  private final Sessions sessions;
  private final GraphQLHandlers graphql;
  private final BridgeGuard guard;
  private final UserNodes nodes;
  private final TrustedOrigins trusted;
  private final Readiness readiness;
  private final String nodeName;
  private final String webroot;
  private final boolean https;
  private final ClientAddress clientAddress;
  private final DeveloperTools tools;
  /** GET /audit-log.jsonl, once the verticle has given it (see {@link #auditExport}); 404 until then. */
  private Handler<RoutingContext> auditExport = rc -> rc.fail(404);
  /** GET /export/{assessmentId}/{file}, once the verticle has given it (see {@link #exports}); 404 until then. */
  private Handler<RoutingContext> exports = rc -> rc.fail(404);
  /** POST /evidence/{assessmentId}/{questionId} and GET /evidence/file/{id}, once given (see {@link #evidence}). */
  private Handler<RoutingContext> evidenceUpload = rc -> rc.fail(404);
  private Handler<RoutingContext> evidenceDownload = rc -> rc.fail(404);
  private BodyHandler evidenceBody = BodyHandler.create().setBodyLimit(MAX_BODY).setHandleFileUploads(false);

  public WebServer(Vertx vertx, Sessions sessions, GraphQLHandlers graphql, BridgeGuard guard, UserNodes nodes,
      TrustedOrigins trusted, Readiness readiness, String nodeName, String webroot, HttpSettings http,
      DeveloperTools tools) {
    this.vertx = vertx;
    this.sessions = sessions;
    this.graphql = graphql;
    this.guard = guard;
    this.nodes = nodes;
    this.trusted = trusted;
    this.readiness = readiness;
    this.nodeName = nodeName;
    this.webroot = webroot;
    this.https = http.httpsPublicUrl();
    this.clientAddress = new ClientAddress(http.trustedProxies());
    this.tools = tools;
  }

  public Future<HttpServer> listen(String host, int port) {
    HttpServerOptions options = new HttpServerOptions()
        .setHost(host)
        .setPort(port)
        .addWebSocketSubProtocol("graphql-transport-ws")
        .setMaxWebSocketFrameSize(MAX_FRAME)
        .setMaxWebSocketMessageSize(MAX_FRAME)
        .setMaxFormAttributeSize(MAX_BODY);
    return vertx.createHttpServer(options)
        .requestHandler(router())
        .listen()
        .onSuccess(s -> LOG.info("{} serving http://{}:{}/", nodeName, host, s.actualPort()));
  }

  Router router() {
    Router router = Router.router(vertx);
    router.route().handler(this::securityHeaders);
    router.route().handler(this::requestFacts);
    router.get("/health").handler(WebServer::noStore).handler(this::publicHealth);
    router.get("/nodes").handler(this::nodes);
    router.route("/graphql").handler(WebServer::noStore);
    router.route("/graphql").method(io.vertx.core.http.HttpMethod.OPTIONS).handler(this::preflight);
    router.route("/graphql").handler(graphql.webSocket());
    router.post("/graphql")
        .handler(BodyHandler.create().setBodyLimit(MAX_BODY).setHandleFileUploads(false))
        .handler(this::authenticate)
        .handler(graphql.http());
    if (tools.graphiql()) {
      router.route("/graphiql*").handler(rc -> {
        rc.response().putHeader("Content-Security-Policy", GRAPHIQL_CSP);
        rc.next();
      });
      router.route("/graphiql*").subRouter(GraphiQLHandler.create(vertx, new GraphiQLHandlerOptions()
          .setEnabled(true)
          .setGraphQLUri("/graphql")
          .setGraphQLWSEnabled(true)
          .setGraphWSQLUri("/graphql")).router());
    }
    router.route("/eventbus/*").handler(this::bridgeOrigin);
    router.route("/eventbus/*").handler(this::bridgeCookie);
    router.post("/eventbus/*").handler(BodyHandler.create().setBodyLimit(MAX_BODY).setHandleFileUploads(false));
    router.route("/eventbus/*").subRouter(bridge());
    router.get("/audit-log.jsonl").handler(WebServer::noStore).handler(this::authenticateDownload)
        .handler(rc -> auditExport.handle(rc));
    router.get("/export/:assessmentId/:file").handler(WebServer::noStore).handler(this::authenticateDownload)
        .handler(rc -> exports.handle(rc));
    // Evidence uploads: refused before the body is read when they cannot succeed (no credentials, or the session
    // cookie from an untrusted origin); the body handler then stores the file in the upload folder, up to its limit.
    router.post("/evidence/:assessmentId/:questionId").handler(WebServer::noStore).handler(this::uploadGate);
    router.post("/evidence/:assessmentId/:questionId").handler(rc -> evidenceBody.handle(rc))
        .handler(this::authenticate).handler(rc -> evidenceUpload.handle(rc));
    router.get("/evidence/file/:evidenceId").handler(WebServer::noStore).handler(this::authenticateDownload)
        .handler(rc -> evidenceDownload.handle(rc));
    // HEAD as GET without the body (StaticHandler answers both): a monitor's or a link checker's HEAD / is a 200.
    router.route("/webjars/*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(WebServer::headType)
        .handler(StaticHandler.create("META-INF/resources/webjars").setMaxAgeSeconds(86_400)
            .setDefaultContentEncoding(PAGE_ENCODING));
    router.route("/*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(WebServer::headType)
        .handler(StaticHandler.create(webroot).setCachingEnabled(false).setIndexPage("index.html")
            .setDefaultContentEncoding(PAGE_ENCODING));
    router.route().failureHandler(this::failure);
    return router;
  }

  private Router bridge() {
    SockJSBridgeOptions options = new SockJSBridgeOptions()
        // Browsers only listen, and only to assessment feeds; BridgeGuard narrows that to those they may read.
        .addOutboundPermitted(new PermittedOptions().setAddressRegex("assessments\\.[0-9a-f-]{36}"))
        .setMaxHandlersPerSocket(16)
        .setPingTimeout(30_000);
    // Only transports whose requests carry an Origin (WebSocket handshakes, xhr POSTs): JSONP, htmlfile and
    // eventsource are GETs a foreign page can make with <script>, <iframe> or EventSource and the victim's cookie.
    SockJSHandlerOptions sockJs = new SockJSHandlerOptions().setHeartbeatInterval(10_000)
        .setInsertJSESSIONID(false)
        .addDisabledTransport(Transport.EVENT_SOURCE.name())
        .addDisabledTransport(Transport.HTML_FILE.name())
        .addDisabledTransport(Transport.JSON_P.name());
    return SockJSHandler.create(vertx, sockJs).bridge(options, guard);
  }

  /**
   * StaticHandler answers a HEAD before it names the file's type: name it as its GET does (a text type with the
   * page's encoding), so that HEAD tells what GET would send.
   */
  private static void headType(RoutingContext rc) {
    if (rc.request().method() == HttpMethod.HEAD) {
      rc.addHeadersEndHandler(v -> {
        if (rc.response().getStatusCode() == 200 && !rc.response().headers().contains(HttpHeaders.CONTENT_TYPE)) {
          String path = rc.normalizedPath().endsWith("/") ? rc.normalizedPath() + "index.html" : rc.normalizedPath();
          String type = MimeMapping.mimeTypeForFilename(path);
          if (type != null) {
            rc.response().putHeader(HttpHeaders.CONTENT_TYPE,
                type.startsWith("text") ? type + ";charset=" + PAGE_ENCODING : type);
          }
        }
      });
    }
    rc.next();
  }

  private void securityHeaders(RoutingContext rc) {
    StringBuilder others = new StringBuilder();
    for (String o : trusted.current()) {
      others.append(' ').append(o).append(' ').append(o.replaceFirst("^http", "ws"));
    }
    String origin = rc.request().getHeader(HttpHeaders.ORIGIN);
    if (origin != null && !origin.equalsIgnoreCase(trusted.self()) && trusted.isTrusted(origin)) {
      // A trusted origin's page (another user node's, whose own node stopped) calls this node.
      rc.response().headers()
          .set("Access-Control-Allow-Origin", origin)
          .set("Access-Control-Allow-Credentials", "true")
          .add("Vary", "Origin");
    }
    rc.response().headers()
        .set("Content-Security-Policy", String.format(CSP, others))
        .set("X-Content-Type-Options", "nosniff")
        .set("X-Frame-Options", "DENY")
        .set("Referrer-Policy", "no-referrer")
        .set("Cross-Origin-Opener-Policy", "same-origin")
        .set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    if (https) {
      rc.response().headers().set("Strict-Transport-Security", "max-age=31536000");
    }
    rc.next();
  }

  /** The client's address (X-Forwarded-For only from a trusted proxy) and the cookie rule, for the API. */
  private void requestFacts(RoutingContext rc) {
    rc.put(RequestFacts.CLIENT_ADDRESS, clientAddress.of(rc.request()));
    rc.put(RequestFacts.SECURE_COOKIES, https);
    rc.next();
  }

  /**
   * The node's own readiness ({@link Readiness#self()}, as the management port's {@code /health/self}: started, in
   * the cluster, its database answers), 200 {@code {"status":"UP"}} or 503 {@code {"status":"DOWN"}} and nothing
   * else: anyone reaches this port, and the checks' data (the database's error with its address, the member count,
   * the relay's counters) are for operators, on the management port.
   */
  private void publicHealth(RoutingContext rc) {
    readiness.self().checkStatus().onComplete(ar -> {
      boolean up = ar.succeeded() && CheckResult.isUp(ar.result());
      rc.response().setStatusCode(up ? 200 : 503)
          .putHeader(HttpHeaders.CONTENT_TYPE, "application/json;charset=UTF-8")
          .end(new JsonObject().put("status", up ? "UP" : "DOWN").encode());
    });
  }

  /** API responses (tokens, account data) must not be kept by browsers or shared caches. */
  private static void noStore(RoutingContext rc) {
    rc.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    rc.next();
  }

  /**
   * The bridge answers pages of trusted origins only: any other Origin gets 403 before SockJS, which would
   * reflect it with {@code Access-Control-Allow-Credentials}. Without an Origin (not a browser's cross-origin
   * request) SockJS's CORS headers are dropped; nothing the bridge sends may be cached.
   */
  private void bridgeOrigin(RoutingContext rc) {
    String origin = rc.request().getHeader(HttpHeaders.ORIGIN);
    if (origin != null && !isTrustedOrigin(origin)) {
      LOG.debug("bridge request from untrusted origin {} refused", origin);
      rc.response().setStatusCode(403).putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end();
      return;
    }
    rc.addHeadersEndHandler(v -> {
      MultiMap headers = rc.response().headers();
      headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
      if (origin == null) {
        headers.names().stream().filter(n -> n.regionMatches(true, 0, "Access-Control-Allow-", 0, 21)).toList()
            .forEach(headers::remove);
      }
    });
    rc.next();
  }

  /**
   * Puts the caller in the routing context: the bearer token if there is one, else the session cookie, which counts
   * only for same-origin requests (cross-site request forgery protection besides SameSite=Strict).
   */
  private void authenticate(RoutingContext rc) {
    String token = bearer(rc);
    if (token == null) {
      Cookie cookie = rc.request().getCookie(TOKEN_COOKIE);
      if (cookie != null && !cookie.getValue().isEmpty()) {
        if (!sameOrigin(rc)) {
          rc.response().setStatusCode(403).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
              .end(new JsonObject().put("errors", new io.vertx.core.json.JsonArray().add(new JsonObject()
                  .put("message", "cross-site request refused")
                  .put("extensions", new JsonObject().put("code", "FORBIDDEN")))).encode());
          return;
        }
        token = cookie.getValue();
      }
    }
    sessions.authenticate(token).onComplete(ar -> {
      rc.put(Caller.ROUTING_CONTEXT_KEY, ar.succeeded() ? ar.result() : Caller.ANONYMOUS);
      rc.next();
    });
  }

  /** The handler of GET /audit-log.jsonl (the audit package's, which this package does not know); before listen. */
  public WebServer auditExport(Handler<RoutingContext> handler) {
    this.auditExport = handler;
    return this;
  }

  /** The handler of GET /export/{assessmentId}/{file} (the export package's); before listen. */
  public WebServer exports(Handler<RoutingContext> handler) {
    this.exports = handler;
    return this;
  }

  /**
   * The evidence routes (the evidence package's): the upload, its body handler (limit and upload folder) and the
   * download; before listen.
   */
  public WebServer evidence(Handler<RoutingContext> upload, BodyHandler uploadBody, Handler<RoutingContext> download) {
    this.evidenceUpload = upload;
    this.evidenceBody = uploadBody;
    this.evidenceDownload = download;
    return this;
  }

  /**
   * Before an upload's body is read: 401 without any credentials, 403 for the session cookie from an untrusted
   * origin (as {@link #authenticate} would answer after the upload).
   */
  private void uploadGate(RoutingContext rc) {
    Cookie cookie = rc.request().getCookie(TOKEN_COOKIE);
    boolean hasCookie = cookie != null && !cookie.getValue().isEmpty();
    if (bearer(rc) == null && (!hasCookie || !sameOrigin(rc))) {
      int status = hasCookie ? 403 : 401;
      rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .putHeader("Connection", "close")
          .end(new JsonObject().put("error", hasCookie ? "cross-site request refused" : "log in first")
              .put("status", status).put("code", hasCookie ? "FORBIDDEN" : "UNAUTHENTICATED").encode());
      return;
    }
    rc.next();
  }

  /**
   * As {@link #authenticate} for a GET that a page opens as a download: a browser sends no Origin with a
   * same-origin navigation, so the session cookie counts unless the request says it comes from elsewhere (an
   * untrusted Origin, or Sec-Fetch-Site cross-site or same-site without a trusted Origin). SameSite=Strict already
   * keeps the cookie off cross-site requests; this refuses the rest.
   */
  private void authenticateDownload(RoutingContext rc) {
    String origin = rc.request().getHeader(HttpHeaders.ORIGIN);
    String site = rc.request().getHeader("Sec-Fetch-Site");
    boolean foreign = origin != null ? !isTrustedOrigin(origin)
        : site != null && !site.equals("same-origin") && !site.equals("none");
    if (foreign && bearer(rc) == null && rc.request().getCookie(TOKEN_COOKIE) != null) {
      rc.response().setStatusCode(403).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .end(new JsonObject().put("error", "cross-site request refused").put("status", 403)
              .put("code", "FORBIDDEN").encode());
      return;
    }
    String token = bearer(rc);
    if (token == null) {
      Cookie cookie = rc.request().getCookie(TOKEN_COOKIE);
      token = cookie == null || cookie.getValue().isEmpty() ? null : cookie.getValue();
    }
    sessions.authenticate(token).onComplete(ar -> {
      rc.put(Caller.ROUTING_CONTEXT_KEY, ar.succeeded() ? ar.result() : Caller.ANONYMOUS);
      rc.next();
    });
  }

  /**
   * Keeps the session cookie's token for {@link BridgeGuard}, only for a request whose Origin is trusted: a
   * request without an Origin (a {@code <script>} or other GET a foreign page can make) does not get to use it.
   */
  private void bridgeCookie(RoutingContext rc) {
    Cookie cookie = rc.request().getCookie(TOKEN_COOKIE);
    String origin = rc.request().getHeader(HttpHeaders.ORIGIN);
    if (cookie != null && !cookie.getValue().isEmpty() && isTrustedOrigin(origin)) {
      rc.put(BridgeGuard.COOKIE_TOKEN, cookie.getValue());
    }
    rc.next();
  }

  private static String bearer(RoutingContext rc) {
    String header = rc.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return header.substring(7).trim();
    }
    return null;
  }

  /**
   * The Origin header names a trusted origin ({@link TrustedOrigins}: this node's public URL, the configured ones,
   * verified user nodes; never the Host header). Browsers send it with every POST made by fetch, and with every
   * WebSocket handshake.
   */
  boolean sameOrigin(RoutingContext rc) {
    return isTrustedOrigin(rc.request().getHeader(HttpHeaders.ORIGIN));
  }

  /**
   * Whether pages of {@code origin} may use this node with the session cookie (see {@link TrustedOrigins}). Never the
   * Host header, which the client writes.
   */
  boolean isTrustedOrigin(String origin) {
    return trusted.isTrusted(origin);
  }

  /** CORS preflight for GraphQL calls from a page another user node served. */
  private void preflight(RoutingContext rc) {
    String origin = rc.request().getHeader(HttpHeaders.ORIGIN);
    if (!trusted.isTrusted(origin)) {
      rc.response().setStatusCode(403).end();
      return;
    }
    rc.response().setStatusCode(204)
        .putHeader("Access-Control-Allow-Methods", "POST")
        .putHeader("Access-Control-Allow-Headers", "Content-Type, Authorization")
        .putHeader("Access-Control-Max-Age", "600")
        .end();
  }

  /** The user nodes a page may move its connection to, this one first. */
  private void nodes(RoutingContext rc) {
    rc.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(new JsonObject().put("self", nodes.self())
            .put("nodes", new io.vertx.core.json.JsonArray(nodes.urls())).encode());
  }

  /** Errors leave as a status and a short message; details stay in the log. */
  private void failure(RoutingContext rc) {
    int status = rc.statusCode() > 0 ? rc.statusCode() : 500;
    if (status >= 500) {
      LOG.error("{} {} failed", rc.request().method(), rc.request().path(), rc.failure());
    }
    if (rc.response().ended()) {
      return;
    }
    String message = switch (status) {
      case 400 -> "bad request: the body must be JSON {\"query\": ..., \"variables\": {...}}";
      case 404 -> "not found";
      case 405 -> "method not allowed";
      case 413 -> "request too large";
      case 415 -> "unsupported media type: send application/json";
      default -> status >= 500 ? "internal error" : "request refused";
    };
    rc.response().setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(new JsonObject().put("error", message).put("status", status).encode());
  }
}
