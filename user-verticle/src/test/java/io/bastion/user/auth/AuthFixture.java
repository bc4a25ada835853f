package io.bastion.user.auth;

import io.bastion.user.audit.AuditLog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.bastion.codecs.Addresses;
import io.bastion.user.db.Database;
import io.bastion.user.testing.TestDatabase;
import io.bastion.user.error.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The account parts wired as the user verticle wires them, over a real embedded PostgreSQL migrated as the verticle
 * does it, with a low PBKDF2 iteration count, the production rate limits and mail written to files. One per test
 * class, with a fresh database of its own on the test JVM's shared server (see TestDatabase); tests keep apart by
 * using their own emails and addresses.
 */
final class AuthFixture implements AutoCloseable {

  static final String PASSWORD = "a perfectly fine passphrase";
  static final Duration SESSION_TTL = Duration.ofHours(1);
  static final Duration SESSION_IDLE = Duration.ofMinutes(30);
  /** The lock-out of conf/bastion.json: delays after 3 failures, locked after 10 in 15 minutes. */
  static final LoginLockout.Policy LOCKOUT = new LoginLockout.Policy(3, 10, Duration.ofMinutes(15));

  final Vertx vertx;
  final Path dir;
  final Path mailDir;
  final JWTAuth jwt;
  final Pool pool;
  final Sessions sessions;
  final Accounts accounts;
  final PasswordResets resets;
  final DeviceCookies devices;
  /** Bodies published on {@link Addresses#SESSIONS_ENDED}, in order. */
  final List<JsonObject> endedAnnouncements = new CopyOnWriteArrayList<>();

  private AuthFixture(Vertx vertx, Path dir, Pool pool, JWTAuth jwt, DeviceCookies devices) {
    this.devices = devices;
    this.vertx = vertx;
    this.dir = dir;
    this.pool = pool;
    this.jwt = jwt;
    this.mailDir = dir.resolve("mail");
    this.sessions = new Sessions(vertx, pool, jwt, SESSION_TTL, SESSION_IDLE);
    Passwords passwords = new Passwords(vertx, PasswordHasher.forTests(1_000), PasswordPolicy.load());
    RateLimiter limiter = new RateLimiter(pool);
    Mailer mailer = Mailer.toDirectory(vertx, mailDir, "Bastion <no-reply@bastion.test>");
    SecurityMails mails = new SecurityMails(mailer, "http://bastion.test/");
    this.accounts = new Accounts(pool, passwords, sessions, limiter, defaultLimits(),
        new LogInGuards(new LoginLockout(pool, LOCKOUT), devices, mails), LogInGate.sessionsOf(sessions),
        new AuditLog(pool));
    this.resets = new PasswordResets(pool, passwords, sessions, limiter, defaultLimits(),
        new ResetMail(mailer, "http://bastion.test/"), mails, new AuditLog(pool));
  }

  /** Blocking: call from the test thread. */
  static AuthFixture start(Vertx vertx, String database) throws Exception {
    Path dir = Files.createTempDirectory("bastion-auth-test-");
    PgConnectOptions options = TestDatabase.fresh(database);
    JwtKeys keys = JwtKeys.load(null, null, dir.resolve("keys"));
    AuthFixture fixture = new AuthFixture(vertx, dir, TestDatabase.pool(vertx, options), jwt(vertx, keys),
        DeviceCookies.load(dir.resolve("keys")));
    await(vertx.eventBus().<JsonObject>consumer(Addresses.SESSIONS_ENDED, m -> fixture.endedAnnouncements.add(m.body()))
        .completion());
    return fixture;
  }

  /** As the verticle builds it, but without leeway, so that a token is refused the second it expires. */
  static JWTAuth jwt(Vertx vertx, JwtKeys keys) {
    return JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("ES256").setBuffer(keys.publicPem()))
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("ES256").setBuffer(keys.privatePem()))
        .setJWTOptions(new JWTOptions().setAlgorithm("ES256").setIssuer(SessionTokens.ISSUER).setLeeway(0)));
  }

  /** The counts of conf/bastion.json (and of AuthLimits' defaults). */
  static AuthLimits defaultLimits() {
    Duration quarter = Duration.ofMinutes(15);
    Duration hour = Duration.ofHours(1);
    return new AuthLimits(
        new RateLimiter.Limit("login-ip", 60, quarter),
        new RateLimiter.Limit("login-fail-pair", 5, quarter),
        new RateLimiter.Limit("login-fail-email", 10, quarter),
        new RateLimiter.Limit("signup-ip", 20, hour),
        new RateLimiter.Limit("reset-ip", 20, hour),
        new RateLimiter.Limit("reset-email-ip", 3, hour),
        new RateLimiter.Limit("password-check", 10, quarter));
  }

  Session signUp(String email, String ip) {
    return await(accounts.signUp(email, PASSWORD, ip));
  }

  Caller authenticate(String token) {
    return await(sessions.authenticate(token));
  }

  Caller.Authenticated authenticated(String token) {
    Caller caller = authenticate(token);
    assertThat(caller).as("Sessions.authenticate of a token that should be live")
        .isInstanceOf(Caller.Authenticated.class);
    return (Caller.Authenticated) caller;
  }

  /** Runs a statement, for what a test must arrange by hand (an expiry in the past). */
  int update(String sql, Object... params) {
    return await(pool.preparedQuery(sql).execute(Tuple.from(params))).rowCount();
  }

  static <T> T await(Future<T> future) {
    try {
      return future.await(10, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no answer within 10 s", e);
    }
  }

  /** The ApiException the operation failed with; fails the test when it succeeded or failed otherwise. */
  static ApiException failure(Future<?> future) {
    try {
      Object result = future.await(10, TimeUnit.SECONDS);
      return fail("expected an ApiException, got success: " + result);
    } catch (ApiException e) {
      return e;
    } catch (TimeoutException e) {
      throw new AssertionError("no answer within 10 s", e);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      await(pool.close());
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
