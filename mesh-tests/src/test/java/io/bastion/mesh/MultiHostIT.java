package io.bastion.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.bastion.catalogue.CatalogueLoader;
import io.bastion.catalogue.Question;
import java.net.InetAddress;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A mesh spread over "hosts": on Linux every address of 127/8 reaches this machine, and a socket bound to one of
 * them listens on that address only, so 127.0.0.2, .3, .4 and .5 stand in for four machines. The database listens
 * on 127.0.0.4, both user nodes on 127.0.0.2, the security nodes on 127.0.0.3 and 127.0.0.5, Hazelcast finds its
 * members by these addresses (cluster.members), and nothing is reachable on 127.0.0.1 that a node should bind
 * elsewhere. Under steady load, every process of one host is killed (SIGKILL), then every process of another: no
 * acknowledged answer is lost, no report stored twice, and the mesh converges.
 */
class MultiHostIT {

  private static final String USER_HOST = "127.0.0.2";
  private static final String SECURITY_HOST_A = "127.0.0.3";
  private static final String DATABASE_HOST = "127.0.0.4";
  private static final String SECURITY_HOST_B = "127.0.0.5";
  private static final String PASSWORD = "several hosts one mesh";
  private static final int RATE = 30;

  private Mesh mesh;

  @AfterEach
  void tearDown() throws Exception {
    if (mesh != null) {
      mesh.close();
    }
  }

  @Test
  void aMeshOverSeveralAddressesLosesNothingWhenAHostDies() throws Exception {
    assumeThat(System.getProperty("os.name").toLowerCase(Locale.ROOT)).as("127/8 reaches lo on Linux only")
        .contains("linux");
    Mesh.deleteTree(Mesh.in("multi-host").dir);
    mesh = Mesh.in("multi-host")
        .withNodeProperty("bastion.cluster.members", String.join(",", USER_HOST, SECURITY_HOST_A, SECURITY_HOST_B));
    mesh.startDatabase(DATABASE_HOST, 0);
    int dbPort = mesh.database().port();
    int port1 = Mesh.freePort();
    int port2 = Mesh.freePort();
    // The first user node founds the cluster; the others start together (as ./bastion up does).
    List<Node> users = new ArrayList<>(mesh.ready(mesh.launchUserOn(USER_HOST, "user-1", port1)));
    List<Node> rest = mesh.ready(mesh.launchUserOn(USER_HOST, "user-2", port2),
        mesh.launchSecurityOn(SECURITY_HOST_A, "security-a"), mesh.launchSecurityOn(SECURITY_HOST_B, "security-b"));
    users.add(rest.get(0));
    Node securityA = rest.get(1);
    Node securityB = rest.get(2);

    // Each node listens where its host is, not on loopback: the test would pass on one address otherwise.
    assertThat(LocalAddresses.accepts(InetAddress.getByName(USER_HOST), port1)).isTrue();
    assertThat(LocalAddresses.accepts(InetAddress.getByName("127.0.0.1"), port1)).as("user-1 on 127.0.0.1")
        .isFalse();
    assertThat(LocalAddresses.accepts(InetAddress.getByName(DATABASE_HOST), dbPort)).isTrue();

    List<Api> apis = List.of(Api.of(users.get(0)), Api.of(users.get(1)));
    Map<String, String> tokenOfAssessment = new HashMap<>();
    for (int a = 0; a < 2; a++) {
      Api.Session s = apis.get(a).signUp("hosts-" + a + "@example.com", PASSWORD);
      for (int i = 0; i < 5; i++) {
        tokenOfAssessment.put(apis.get(a).startAssessment(s.token(), "baseline"), s.token());
      }
    }
    String someAssessment = tokenOfAssessment.keySet().iterator().next();
    List<Question> questions = CatalogueLoader.loadDirectory(Mesh.ROOT.resolve("conf/catalogues"))
        .latest("baseline").orElseThrow().questions().stream().filter(q -> q.showIf() == null).toList();

    Load load = new Load(() -> apis, tokenOfAssessment, questions, RATE).start();
    try (Connection sql = mesh.sql()) {
      awaitAcks(load, 60);
      assertThat(reportsBy(sql)).as("both security hosts score").containsKeys("security-a", "security-b");

      // Host 127.0.0.3 dies: every process on it, without a goodbye.
      killHost(SECURITY_HOST_A);
      assertThat(securityA.alive()).isFalse();
      long scoredByB = reportsBy(sql).getOrDefault("security-b", 0L);
      awaitAcks(load, load.acknowledged() + 150);
      await().atMost(Duration.ofSeconds(30)).until(() -> reportsBy(sql).getOrDefault("security-b", 0L) > scoredByB);

      // Host 127.0.0.2 dies: both user nodes. Answers fail meanwhile (none is acknowledged), then it comes back.
      killHost(USER_HOST);
      int acked = load.acknowledged();
      users.clear();
      users.addAll(mesh.ready(mesh.launchUserOn(USER_HOST, "user-1b", port1),
          mesh.launchUserOn(USER_HOST, "user-2b", port2)));
      awaitAcks(load, acked + 150);
      load.close();

      System.out.println("[multi-host] acknowledged " + load.acknowledged() + ", failed attempts " + load.failures());
      Invariants.all(sql, load.acks(), Duration.ofSeconds(60));
      assertThat(securityB.alive()).isTrue();
      assertThat(apis.get(0).assessment(tokenOfAssessment.get(someAssessment), someAssessment).getString("id"))
          .as("a token from before both deaths still works").isEqualTo(someAssessment);
      assertThat(load.failures("UNAUTHENTICATED")).as("answers refused as logged out").isZero();
    } finally {
      load.close();
    }
  }

  /** SIGKILL to every process of the mesh bound to {@code host}. */
  private void killHost(String host) throws InterruptedException {
    List<Node> victims = mesh.nodes().stream().filter(n -> n.alive() && n.host.equals(host)).toList();
    assertThat(victims).as("processes on %s", host).isNotEmpty();
    for (Node n : victims) {
      n.kill();
    }
  }

  private static void awaitAcks(Load load, int count) {
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
        .until(() -> load.acknowledged() >= count);
  }

  private static Map<String, Long> reportsBy(Connection sql) throws Exception {
    Map<String, Long> by = new HashMap<>();
    try (var st = sql.createStatement();
         var rs = st.executeQuery("SELECT scored_by, count(*) FROM reports GROUP BY scored_by")) {
      while (rs.next()) {
        by.put(rs.getString(1), rs.getLong(2));
      }
    }
    return by;
  }
}
