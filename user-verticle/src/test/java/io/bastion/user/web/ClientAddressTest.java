package io.bastion.user.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.user.testing.GraphQLClient;
import io.bastion.user.testing.HttpProbe;
import io.bastion.user.testing.UserNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The client address rate limits count (issue 11): {@code X-Forwarded-For} is read only when the TCP peer is a
 * configured trusted proxy ({@code http.trusted-proxies}), and then its right-most address that is not a trusted
 * proxy; from anyone else the header is ignored and the peer is the client. Observed through the log-in limit per
 * address, with fresh loopback peers and forwarded addresses so that counters of other runs never interfere.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Client address: X-Forwarded-For from trusted proxies only")
class ClientAddressTest {

  private static final int LOG_INS_PER_ADDRESS = 3;
  private static final String LOG_IN =
      "mutation($e: String!, $p: String!) { logIn(email: $e, password: $p) { token } }";

  private final int subnet = ThreadLocalRandom.current().nextInt(10, 250);
  private final AtomicInteger addresses = new AtomicInteger();
  private String proxy;
  private String secondProxy;
  private UserNode direct;
  private UserNode proxied;

  @BeforeAll
  void start(Vertx vertx) {
    proxy = freshPeer();
    secondProxy = freshPeer();
    JsonObject limits = new JsonObject().put("auth.limit.login-per-ip", LOG_INS_PER_ADDRESS);
    direct = UserNode.start(vertx, limits.copy());
    proxied = UserNode.start(vertx, limits.copy().put("http.trusted-proxies", proxy + ", " + secondProxy));
  }

  @Test
  void fromAnUntrustedPeerTheHeaderIsIgnoredAndThePeerIsLimited() {
    GraphQLClient peer = direct.graphqlFrom(freshPeer());
    for (int i = 0; i < LOG_INS_PER_ADDRESS; i++) {
      assertThat(logIn(peer, freshForwarded()).errorCode()).isEqualTo("UNAUTHENTICATED");
    }
    assertThat(logIn(peer, freshForwarded()).errorCode()).as("a new X-Forwarded-For each time, one peer")
        .isEqualTo("RATE_LIMITED");
    // A peer that is not in the list of a node that does trust proxies is no proxy either.
    GraphQLClient stranger = proxied.graphqlFrom(freshPeer());
    for (int i = 0; i < LOG_INS_PER_ADDRESS; i++) {
      assertThat(logIn(stranger, freshForwarded()).errorCode()).isEqualTo("UNAUTHENTICATED");
    }
    assertThat(logIn(stranger, freshForwarded()).errorCode()).isEqualTo("RATE_LIMITED");
  }

  @Test
  void fromATrustedProxyEachForwardedClientHasItsOwnCount() {
    GraphQLClient viaProxy = proxied.graphqlFrom(proxy);
    for (int i = 0; i < LOG_INS_PER_ADDRESS + 2; i++) {
      assertThat(logIn(viaProxy, freshForwarded()).errorCode()).as("client %d behind the proxy", i + 1)
          .isEqualTo("UNAUTHENTICATED");
    }
  }

  @Test
  void theRightMostAddressThatIsNotAProxyCountsAndForgedOnesToItsLeftDoNot() {
    GraphQLClient viaProxy = proxied.graphqlFrom(proxy);
    String client = freshForwarded();
    for (int i = 0; i < LOG_INS_PER_ADDRESS; i++) {
      // The client forges a new address each time; the proxies append what they saw.
      String chain = freshForwarded() + ", " + client + ", " + secondProxy;
      assertThat(logIn(viaProxy, chain).errorCode()).isEqualTo("UNAUTHENTICATED");
    }
    assertThat(logIn(viaProxy, freshForwarded() + "," + client).errorCode()).as("client %s", client)
        .isEqualTo("RATE_LIMITED");
  }

  @Test
  void addressesAreComparedInOneSpellingAndOnlyIpLiteralsCount() {
    assertThat(ClientAddress.canonical("0:0:0:0:0:0:0:1")).isEqualTo("::1");
    assertThat(ClientAddress.canonical("FE80:0:0:0:0:0:0:A")).isEqualTo("fe80::a");
    assertThat(ClientAddress.canonical("10.0.0.5")).isEqualTo("10.0.0.5");
    assertThat(ClientAddress.canonical("999.1.1.1")).isNull();
    assertThat(ClientAddress.canonical("localhost")).isNull();
    assertThat(ClientAddress.canonical("")).isNull();
  }

  private GraphQLClient.Response logIn(GraphQLClient from, String forwardedFor) {
    return from.post(HttpProbe.headers("X-Forwarded-For", forwardedFor), new JsonObject().put("query", LOG_IN)
        .put("variables", new JsonObject().put("e", UserNode.email("nobody")).put("p", "not the password"))
        .encode());
  }

  private String freshPeer() {
    int n = addresses.incrementAndGet();
    return "127." + subnet + "." + (n / 250) + "." + (n % 250 + 1);
  }

  private static String freshForwarded() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(1, 255);
  }
}
