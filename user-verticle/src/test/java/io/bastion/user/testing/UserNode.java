package io.bastion.user.testing;

import io.bastion.node.mesh.Ports;
import io.bastion.user.UserVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real user node in the test's JVM: {@link UserVerticle} deployed on the given (non-clustered) Vert.x, against
 * the shared {@link TestDatabase}, serving HTTP on a free port. Tests drive it only through what a browser or
 * client sees: GraphQL over HTTP and WebSocket, and the SockJS bridge. Nothing scores answers unless the test adds
 * a {@link StandInScorer}. Undeployed when its Vert.x closes (vertx-junit5 closes it after the class).
 *
 * <p>Configuration: {@code conf/bastion.json}, then what a test needs in a JVM of its own (a free port and the
 * public URL naming it, temp data, the shared database), then the test's overrides. Rate limits are raised so far
 * that the many sign-ups of a test run, all from 127.0.0.1, never hit them; the rate limiter's own tests set them
 * low again.
 */
public final class UserNode {

  /** A password every test account may use: long enough, and not on the common-password list. */
  public static final String PASSWORD = "granite lanterns drift quietly";

  private static final AtomicInteger COUNT = new AtomicInteger();
  private static final int NO_LIMIT = 1_000_000;

  private final Vertx vertx;
  private final int port;
  private final Path dataDir;

  private UserNode(Vertx vertx, int port, Path dataDir) {
    this.vertx = vertx;
    this.port = port;
    this.dataDir = dataDir;
  }

  public static UserNode start(Vertx vertx) {
    return start(vertx, new JsonObject());
  }

  /** Deploys a node with these settings on top of the defaults (dotted keys, as in conf/bastion.json). */
  public static UserNode start(Vertx vertx, JsonObject overrides) {
    Path dataDir;
    try {
      dataDir = Files.createTempDirectory(TestDatabase.workDir(), "user-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    JsonObject config = defaults(dataDir);
    // A real port, so that the public URL (the origin the web server trusts) names it; overrides may change both.
    int port = Ports.free();
    config.put("http.port", port).put("http.public-url", "http://127.0.0.1:" + port);
    config.mergeIn(overrides);
    // The launcher registers the codecs in production; in a test JVM each Vert.x needs them once.
    Fixtures.codecs(vertx);
    UserVerticle verticle = new UserVerticle();
    try {
      vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)).await(90, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("in-process user node did not start: " + e, e);
    }
    return new UserNode(vertx, verticle.httpPort(), dataDir);
  }

  static JsonObject defaults(Path dataDir) {
    Path root = repositoryRoot();
    JsonObject config = readJson(root.resolve("conf/bastion.json"));
    return config
        .put("node.name", "user-inproc-" + COUNT.incrementAndGet())
        .put("http.host", "127.0.0.1")
        .put("http.port", 0)
        .put("data.dir", dataDir.toString())
        // "webroot" stays relative: StaticHandler refuses absolute roots, and finds the page on the class path.
        .put("catalogues.dir", root.resolve("conf/catalogues").toString())
        .put("db.host", "127.0.0.1")
        .put("db.port", TestDatabase.port())
        .put("db.password", TestDatabase.password())
        .put("db.pool.size", 4)
        .put("relay.poll.ms", 200)
        .put("auth.limit.login-per-ip", NO_LIMIT)
        .put("auth.limit.login-failures-per-email-and-ip", NO_LIMIT)
        .put("auth.limit.login-failures-per-email", NO_LIMIT)
        .put("auth.lockout.delay-after", NO_LIMIT)
        .put("auth.limit.signup-per-ip", NO_LIMIT)
        .put("auth.limit.reset-per-ip", NO_LIMIT)
        .put("auth.limit.reset-per-email", NO_LIMIT)
        .put("auth.limit.password-checks", NO_LIMIT);
  }

  public int port() {
    return port;
  }

  /** What a page served by this node sends as its Origin. */
  public String origin() {
    return "http://127.0.0.1:" + port;
  }

  /** The node's data folder: its signing keys, and under mail/ the mails it writes when no SMTP is configured. */
  public Path dataDir() {
    return dataDir;
  }

  /** A GraphQL client connecting from 127.0.0.1. */
  public GraphQLClient graphql() {
    return new GraphQLClient(vertx, port, null);
  }

  /** A GraphQL client whose connections come from another loopback address (a client of its own to the node). */
  public GraphQLClient graphqlFrom(String localAddress) {
    return new GraphQLClient(vertx, port, localAddress);
  }

  /** A fresh email, so that tests sharing the database never meet each other's accounts. */
  public static String email(String who) {
    return who + "-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@example.com";
  }

  private static JsonObject readJson(Path file) {
    try {
      return new JsonObject(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path repositoryRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isRegularFile(p.resolve("conf/bastion.json"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("in-process tests: conf/bastion.json not found above " + Path.of("")
          .toAbsolutePath());
    }
    return p;
  }
}
