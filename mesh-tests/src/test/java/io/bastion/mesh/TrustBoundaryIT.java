package io.bastion.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.DistributedObject;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The trust boundary of the cluster: Hazelcast listens on the configured interface only (loopback here), and
 * whatever a process that did join writes into the cluster's maps decides nothing a browser trusts: the page's
 * failover targets ({@code /nodes}, which the page fetches to choose another node), CORS and the session cookie on
 * {@code /graphql}, and CSP {@code connect-src}. A genuine second user node, which signs its announcement with the
 * cluster certificate, is still listed and trusted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrustBoundaryIT {

  private static final String ATTACKER = "http://attacker.invalid:6666";
  private static final String MAP = "bastion.user-nodes";

  private Mesh mesh;
  private Node user1;
  private Node user2;
  private Api.Session alice;

  @BeforeAll
  void startMesh() throws Exception {
    Mesh.deleteTree(Mesh.in("trust").dir);
    mesh = Mesh.in("trust").startDatabase();
    user1 = mesh.startUser("user-1");
    user2 = mesh.startUser("user-2");
    alice = new Api(user1.httpPort).signUp("alice@example.com", "trust boundary passphrase");
  }

  @AfterAll
  void stopMesh() throws Exception {
    mesh.close();
  }

  @Test
  void hazelcastRefusesConnectionsOnAnyOtherAddressOfTheMachine() throws Exception {
    InetAddress other = LocalAddresses.other().orElse(null);
    assumeTrue(other != null, "no second local address to probe from");
    List<Integer> ports = hazelcastPorts();
    assertThat(ports).as("Hazelcast ports answering on 127.0.0.1 (control)").hasSizeGreaterThanOrEqualTo(2);
    for (int port : ports) {
      assertThat(LocalAddresses.accepts(other, port)).as("TCP to %s", LocalAddresses.hostAndPort(other, port))
          .isFalse();
    }
    ClientConfig config = clientConfig(LocalAddresses.hostAndPort(other, ports.get(0)));
    assertThatThrownBy(() -> HazelcastClient.newHazelcastClient(config).shutdown())
        .as("a Hazelcast client without certificates through %s", other)
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aRogueClientWritingIntoEveryClusterMapChangesNothingABrowserTrusts() throws Exception {
    String origin1 = "http://127.0.0.1:" + user1.httpPort;
    String origin2 = "http://127.0.0.1:" + user2.httpPort;
    // The genuine second node is listed and trusted: its announcement is signed with the cluster certificate.
    await().atMost(Duration.ofSeconds(30)).until(() -> get(user1, "/nodes").contains(origin2));

    HazelcastInstance rogue = HazelcastClient.newHazelcastClient(clientConfig("127.0.0.1:" + hazelcastPorts().get(0)));
    try {
      IMap<Object, Object> nodes = rogue.getMap(MAP);
      Object genuine = nodes.get("user-2");
      Map<Object, Object> writes = new LinkedHashMap<>();
      writes.put("rogue", ATTACKER);
      writes.put("rogue-json", new JsonObject().put("url", ATTACKER).put("node", "rogue-json").encode());
      writes.put("rogue-tampered", tampered(genuine));
      if (genuine != null) {
        writes.put("rogue-replayed", genuine);
      }
      writes.put("user-2", ATTACKER); // overwrites the genuine entry: user-2 drops out until it announces again
      nodes.putAll(writes);
      for (DistributedObject o : rogue.getDistributedObjects()) {
        if (o instanceof IMap<?, ?> map) {
          @SuppressWarnings("unchecked")
          IMap<Object, Object> any = (IMap<Object, Object>) map;
          any.put("rogue", ATTACKER);
        }
      }
      // Each node has read what was written once it refused it (or, without the fix, once it lists it).
      for (Node n : List.of(user1, user2)) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
            .until(() -> Files.readString(n.log).contains("user node announcement 'rogue' rejected")
                || get(n, "/nodes").contains("attacker"));
      }
      assertNothingTrustsTheAttacker(origin1, origin2);
      // Values that are not even text come next: they are refused too, and stop nothing.
      nodes.put("rogue-garbage", "\u0000\u00ff{garbage");
      nodes.put("rogue-number", 42);
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
          .until(() -> Files.readString(user1.log).contains("user node announcement 'rogue-number' rejected"));
    } finally {
      rogue.shutdown();
    }
    assertNothingTrustsTheAttacker(origin1, origin2);
    // The overwritten entry comes back with user-2's next announcement; the attacker's never shows up.
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .until(() -> get(user1, "/nodes").contains(origin2));
    assertThat(get(user1, "/nodes")).doesNotContain("attacker");
  }

  /** The failover targets, CSP, CORS and the cookie check on both nodes. */
  private void assertNothingTrustsTheAttacker(String origin1, String origin2) throws Exception {
    for (Node n : List.of(user1, user2)) {
      assertThat(get(n, "/nodes")).as("failover targets on %s", n.name).doesNotContain("attacker");
      assertThat(header(n, "GET", "/", Map.of(), "", "content-security-policy"))
          .as("CSP on %s", n.name).contains("connect-src 'self'").doesNotContain("attacker");
    }
    String query = new JsonObject().put("query", "{ me { id } }").encode();
    String cookie = "bastion_token=" + alice.token();
    String refused = raw(user1, "POST", "/graphql", Map.of("Cookie", cookie, "Origin", ATTACKER), query);
    assertThat(refused).startsWith("HTTP/1.1 403").doesNotContain(alice.accountId())
        .doesNotContainIgnoringCase("access-control-allow-origin");
    // The Host header does not make an origin trusted either.
    String hosted = raw(user1, "POST", "/graphql", Map.of("Cookie", cookie, "Origin", ATTACKER,
        "Host", "attacker.invalid:6666"), query);
    assertThat(hosted).startsWith("HTTP/1.1 403").doesNotContain(alice.accountId());
    String preflight = raw(user1, "OPTIONS", "/graphql", Map.of("Origin", ATTACKER,
        "Access-Control-Request-Method", "POST"), "");
    assertThat(preflight).startsWith("HTTP/1.1 403").doesNotContainIgnoringCase("access-control-allow-origin");

    // What is configured or verified still works: the node's own page, and the other node's.
    assertThat(raw(user1, "POST", "/graphql", Map.of("Cookie", cookie, "Origin", origin1), query))
        .startsWith("HTTP/1.1 200").contains(alice.accountId());
    String fromUser2 = raw(user1, "POST", "/graphql", Map.of("Cookie", cookie, "Origin", origin2), query);
    assertThat(fromUser2).startsWith("HTTP/1.1 200").contains(alice.accountId())
        .containsIgnoringCase("access-control-allow-origin: " + origin2);
    assertThat(header(user1, "GET", "/", Map.of(), "", "content-security-policy")).contains(origin2);
  }

  // ------------------------------------------------------------------ helpers

  /** The Hazelcast ports the nodes listen on (they take the first free ones from the cluster port). */
  private List<Integer> hazelcastPorts() {
    int first = mesh.config().clusterPort();
    List<Integer> ports = new ArrayList<>();
    for (int p = first; p < first + 6; p++) {
      if (LocalAddresses.accepts(InetAddress.getLoopbackAddress(), p)) {
        ports.add(p);
      }
    }
    return ports;
  }

  private ClientConfig clientConfig(String address) {
    ClientConfig config = new ClientConfig();
    config.setClusterName(mesh.config().clusterName());
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.getNetworkConfig().addAddress(address);
    config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(3000);
    return config;
  }

  /** A genuine announcement with its URL changed (its signature no longer matches). */
  private static String tampered(Object genuine) {
    try {
      JsonObject signed = new JsonObject((String) genuine);
      JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(signed.getString("payload")),
          StandardCharsets.UTF_8)).put("url", ATTACKER);
      return signed.put("payload", Base64.getUrlEncoder().withoutPadding()
          .encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8))).encode();
    } catch (RuntimeException notSigned) { // an unsigned entry (before the fix): write the attacker's URL as is
      return ATTACKER;
    }
  }

  private String get(Node node, String path) throws Exception {
    String response = raw(node, "GET", path, Map.of(), "");
    return response.substring(response.indexOf("\r\n\r\n") + 4);
  }

  private String header(Node node, String method, String path, Map<String, String> headers, String body,
      String name) throws Exception {
    String response = raw(node, method, path, headers, body);
    for (String line : response.substring(0, response.indexOf("\r\n\r\n")).split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith(name + ":")) {
        return line.substring(name.length() + 1).trim();
      }
    }
    throw new AssertionError("no " + name + " header in " + response);
  }

  /** One HTTP/1.1 request over a socket, with exactly the headers given (a Host header replaces the default). */
  private static String raw(Node node, String method, String path, Map<String, String> headers, String body)
      throws Exception {
    return RawHttp.exchange("127.0.0.1", node.httpPort, method, path, headers, body);
  }
}
