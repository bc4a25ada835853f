package io.bastion.user.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.node.ClusterSigner;
import io.bastion.node.ClusterVerifier;
import io.bastion.node.NodeTls;
import io.bastion.node.Settings;
import io.bastion.node.TlsSettings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Announcements in the user-node map decide what a node trusts only when they verify against the cluster CA: two
 * real nodes (sharing Vert.x's map, as nodes share the Hazelcast one) and an intruder writing into the map.
 */
class UserNodesTest {

  private static final String A = "http://127.0.0.1:8081";
  private static final String B = "http://127.0.0.1:8082";
  private static final String ATTACKER = "http://attacker.invalid:6666";

  private static UserNodes.Keys ours;
  private static ClusterSigner stranger;

  private Vertx vertx;
  private TestClock clock;
  private UserNodes a;
  private UserNodes b;
  private AsyncMap<Object, Object> map;

  @BeforeAll
  static void certificates() throws Exception {
    Vertx v = Vertx.vertx();
    try {
      Path base = Files.createTempDirectory("user-nodes-");
      TlsSettings cluster = tls(base.resolve("cluster"));
      ours = new UserNodes.Keys(ClusterSigner.from(v, NodeTls.keyCert(cluster).orElseThrow()),
          ClusterVerifier.from(v, NodeTls.trust(cluster).orElseThrow()));
      stranger = ClusterSigner.from(v, NodeTls.keyCert(tls(base.resolve("stranger"))).orElseThrow());
    } finally {
      v.close().await();
    }
  }

  private static TlsSettings tls(Path dir) {
    return TlsSettings.from(new Settings(new JsonObject().put("cluster.tls.dir", dir.toString())));
  }

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    clock = new TestClock(Instant.now());
    a = new UserNodes(vertx, "user-a", "it", Optional.of(ours), clock);
    b = new UserNodes(vertx, "user-b", "it", Optional.of(ours), clock);
    await(a.start(A + "/"));
    await(b.start(B));
    map = await(vertx.sharedData().getAsyncMap(UserNodes.MAP));
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void aNodeWhoseAnnouncementVerifiesIsListedAndTrusted() throws Exception {
    await(a.read());
    assertThat(a.urls()).containsExactly(A, B);
    TrustedOrigins trusted = new TrustedOrigins(List.of("https://bastion.example"), a);
    assertThat(trusted.current()).containsExactly(A, "https://bastion.example", B);
    assertThat(trusted.isTrusted(B)).isTrue();
    assertThat(trusted.isTrusted(A + "/")).isTrue();
    assertThat(trusted.isTrusted("https://bastion.example")).isTrue();
    assertThat(trusted.isTrusted("http://127.0.0.1:8083")).isFalse();
    assertThat(trusted.isTrusted(null)).isFalse();
    assertThat(trusted.isTrusted("null")).isFalse();
  }

  @Test
  void whatAnIntruderWritesIntoTheMapIsIgnored() throws Exception {
    await(a.read());
    String genuine = (String) await(map.get("user-b"));
    JsonObject tampered = new JsonObject(genuine);
    JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(tampered.getString("payload"))));
    tampered.put("payload", Base64.getUrlEncoder().withoutPadding()
        .encodeToString(claims.copy().put("url", ATTACKER).encode().getBytes()));
    Instant now = clock.instant();
    await(map.put("rogue-plain", ATTACKER));
    await(map.put("rogue-tampered", tampered.encode()));
    await(map.put("rogue-stranger", Announcement.of("it", "rogue-stranger", ATTACKER, now, Duration.ofMinutes(5))
        .sign(stranger)));
    await(map.put("rogue-replayed", genuine)); // genuine, but signed for user-b
    await(map.put("rogue-other-cluster", Announcement.of("elsewhere", "rogue-other-cluster", ATTACKER, now,
        Duration.ofMinutes(1)).sign(ours.signer())));
    await(map.put("rogue-path", Announcement.of("it", "rogue-path", ATTACKER + "/x", now, Duration.ofMinutes(1))
        .sign(ours.signer())));
    await(map.put("rogue-garbage", "{\u0000 not json"));
    await(map.put("rogue-number", 42));
    await(map.put("rogue-huge", "x".repeat(100_000)));
    await(map.put("user-b", tampered.encode())); // and user-b's own entry overwritten

    await(a.read());
    TrustedOrigins trusted = new TrustedOrigins(List.of(), a);
    assertThat(a.urls()).containsExactly(A);
    assertThat(trusted.current()).doesNotContain(ATTACKER).doesNotContain(ATTACKER + "/x");
    assertThat(trusted.isTrusted(ATTACKER)).isFalse();
    // user-b's earlier verified announcement still holds until it expires; its next one lists it again.
    assertThat(trusted.isTrusted(B)).isTrue();
    await(b.announce());
    await(a.read());
    assertThat(a.urls()).containsExactly(A, B);
  }

  @Test
  void anAnnouncementDropsOutWhenItExpires() throws Exception {
    await(a.read());
    TrustedOrigins trusted = new TrustedOrigins(List.of(), a);
    assertThat(trusted.isTrusted(B)).isTrue();
    clock.advance(UserNodes.LIFETIME.plusSeconds(1));
    assertThat(trusted.isTrusted(B)).isFalse();
    assertThat(a.urls()).containsExactly(A);
    await(a.read());
    assertThat(trusted.current()).containsExactly(A);
  }

  @Test
  void withoutKeysAnnouncementsAreNeitherMadeNorBelieved() throws Exception {
    UserNodes plain = new UserNodes(vertx, "user-c", "it", Optional.empty(), clock);
    await(plain.start("http://127.0.0.1:8083"));
    assertThat(plain.urls()).containsExactly("http://127.0.0.1:8083");
    assertThat(new TrustedOrigins(List.of(), plain).isTrusted(B)).isFalse();
    assertThat((Object) await(map.get("user-c"))).isNull();
  }

  private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static final class TestClock extends Clock {
    private volatile Instant now;

    TestClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
