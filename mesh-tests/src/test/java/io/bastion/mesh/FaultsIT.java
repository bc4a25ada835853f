package io.bastion.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bastion.catalogue.CatalogueLoader;
import io.bastion.catalogue.Question;
import io.bastion.node.mesh.DatabaseSupervisor;
import io.bastion.node.mesh.NodeProcess;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The fault suite: one mesh (two user nodes, two security nodes, PostgreSQL) under steady load (35 answers/s over
 * ten assessments), one fault after another. After each: no acknowledged answer lost, no report stored twice (in
 * the table, and none pushed twice to the pages listening on the bridge of a node the fault spares), the mesh
 * converged (outbox empty, every final version reported), and a session token taken before the fault still works
 * (the page is still logged in). Faults run in order on the same mesh, each leaving it whole again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsIT {

  private static final int RATE = 35;
  private static final String PASSWORD = "faults are part of the day";
  private static final Duration CONVERGENCE = Duration.ofSeconds(60);
  /** How long a paused node stays stopped: well past Hazelcast's 5 s without heartbeat, so it is dropped. */
  private static final Duration PAUSE = Duration.ofSeconds(12);
  /**
   * How soon a resumed user node must serve and be reported again: Hazelcast's split-brain merge alone took 62 s
   * here (the test failed at 90 s), DataMemberRejoin takes seconds.
   */
  private static final Duration BACK_WITHIN = Duration.ofSeconds(30);
  /**
   * How soon a resumed security node must score again: Hazelcast alone took 82 s here, ClusterRejoin merges it
   * back within seconds of SIGCONT.
   */
  private static final Duration SECURITY_BACK_WITHIN = Duration.ofSeconds(12);

  private Mesh mesh;
  private final List<Node> users = new CopyOnWriteArrayList<>();
  private final List<Node> securities = new CopyOnWriteArrayList<>();
  private final List<Api> apis = new CopyOnWriteArrayList<>();
  private final Map<String, String> tokenOfAssessment = new HashMap<>();
  private List<Question> questions;
  private String token;
  private String assessment;
  private int dbPort;
  private int restarts;
  private final List<NodeProcess> pending = new CopyOnWriteArrayList<>();
  /** The security node killed by the kill case; the pause case launches its replacement. */
  private String killedSecurity = "security-1";
  private static final String LOOPBACK = "127.0.0.1";
  private DatabaseSupervisor supervisor;

  @BeforeAll
  void startMesh() throws Exception {
    Mesh.deleteTree(Mesh.in("faults").dir);
    mesh = Mesh.in("faults").startDatabase();
    dbPort = mesh.database().port();
    supervisor = mesh.superviseDatabase(5); // as ./bastion up does
    startNodes("user-1", "user-2", "security-1", "security-2", 0, 0);
    // Five accounts, two assessments each: 7 answers/s per account stays under the per-node answer limit (600/min)
    // also when one user node takes the whole load.
    for (int a = 0; a < 5; a++) {
      Api api = apis.get(a % apis.size());
      Api.Session s = api.signUp("faults-" + a + "@example.com", PASSWORD);
      // Organisation assessments (issue 10): the fault tests hold for teams' assessments too.
      String organisation = Load.createOrganisation(api, s.token(), "faults-" + a);
      for (int i = 0; i < 2; i++) {
        tokenOfAssessment.put(Load.startAssessment(api, s.token(), "baseline", organisation), s.token());
      }
    }
    assessment = tokenOfAssessment.keySet().iterator().next();
    token = tokenOfAssessment.get(assessment);
    questions = CatalogueLoader.loadDirectory(Mesh.ROOT.resolve("conf/catalogues")).latest("baseline")
        .orElseThrow().questions().stream().filter(q -> q.showIf() == null).toList();
  }

  @AfterAll
  void stopMesh() throws Exception {
    if (mesh != null) {
      mesh.close();
    }
  }

  @Test
  @Order(1)
  void malformedRequestsAmongTheLoadAreRefusedAsBadInput() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String big = "{\"query\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}";
    List<String> bodies = List.of("{not json", "[1,2", "\"just a string\"", "{\"query\": 42}",
        "{\"query\":\"mutation { answer(assessmentId: \\\"x\\\", questionId: 1, value: [2]) { version } }\"}",
        "{\"query\":\"{ assessment(id: 12) { id } \"}", "{\"query\":\"query { nope }\"}",
        "{\"query\":\"mutation { answer(assessmentId: \\\"" + assessment + "\\\", questionId: \\\"gv-owner\\\", "
            + "value: \\\"not-an-allowed-value\\\") { version } }\"}", big);
    runUnderLoad("malformed", 1, () -> {
      for (int round = 0; round < 4; round++) {
        for (String body : round < 2 ? bodies : bodies.subList(0, bodies.size() - 1)) { // oversize once per node
          HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                  + users.get(round % users.size()).httpPort + "/graphql"))
              .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
              .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
          assertThat(r.statusCode()).as("status for %.60s", body).isLessThan(500);
          assertThat(r.body()).as("body for %.60s", body).doesNotContain("java.").doesNotContain("\tat ");
          if (r.statusCode() == 200) {
            JsonObject json = new JsonObject(r.body());
            assertThat(json.getJsonArray("errors")).as("errors for %.60s", body).isNotEmpty();
            assertThat(json.getJsonArray("errors").getJsonObject(0).getJsonObject("extensions").getString("code"))
                .as("code for %.60s", body).isNotBlank().isNotEqualTo("INTERNAL");
          }
        }
      }
    });
  }

  @Test
  @Order(2)
  void killingASecurityNodeLosesNothing() throws Exception {
    Node victim = securities.remove(0);
    Map<Node, Long> logFrom = new HashMap<>();
    for (Node survivor : List.of(users.get(0), users.get(1), securities.get(0))) {
      logFrom.put(survivor, Files.size(survivor.log));
    }
    runUnderLoad("kill-security", 1, () -> {
      victim.kill();
      awaitMoreAcks(100); // the other security node scores
    });
    // A dead node is one informative line per failed reconnect in the survivors' logs, never a stack trace.
    for (Map.Entry<Node, Long> e : logFrom.entrySet()) {
      assertThat(since(e.getKey(), e.getValue())).as("%s's log after the kill", e.getKey().name)
          .doesNotContain("Promise already completed").doesNotContain("\tat ").doesNotContain("Connecting to server");
    }
    // Its replacement starts once the next fault (a pause of the other one) is over: a node that joins while a
    // member is frozen waits in its join for that member's answer (vertx-hazelcast registers its listeners on
    // every member) and was seen to give up after a minute, alone (2 of 3 CI runs).
    killedSecurity = victim.name;
  }

  @Test
  @Order(3)
  void pausingASecurityNodeLosesNothing() throws Exception {
    runUnderLoad("pause-security", 1, () -> {
      Node paused = securities.get(0); // the one that was not killed
      signal("STOP", paused.pid());
      long before;
      try {
        Thread.sleep(PAUSE.toMillis()); // the fault itself lasts this long; nothing is awaited
      } finally {
        try (Connection sql = mesh.sql()) {
          before = scoredBy(sql, paused.name);
        }
        signal("CONT", paused.pid());
      }
      long resumed = System.nanoTime();
      assertThat(paused.alive()).isTrue();
      try (Connection sql = mesh.sql()) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
            .until(() -> scoredBy(sql, paused.name) > before + 2);
      }
      Duration back = Duration.ofNanos(System.nanoTime() - resumed);
      System.out.println("[faults pause-security] " + paused.name + " scored again " + back.toMillis()
          + " ms after SIGCONT");
      assertThat(back).as("time from SIGCONT until the resumed security node scores again")
          .isLessThan(SECURITY_BACK_WITHIN);
      // The killed one's replacement, ready before this case's invariants are checked.
      pending.add(mesh.launchSecurityOn(LOOPBACK, killedSecurity + "-r" + ++restarts));
    });
  }

  @Test
  @Order(4)
  void killingAUserNodeLosesNothing() throws Exception {
    runUnderLoad("kill-user", 1, () -> {
      Node victim = users.get(0);
      victim.kill();
      awaitMoreAcks(100); // the load fails over to the other user node
      pending.add(mesh.launchUserOn(LOOPBACK, victim.name + "-r" + ++restarts, victim.httpPort));
    });
  }

  /**
   * A user node paused (a long GC, a frozen VM): the load goes to the other user node meanwhile (as a load balancer
   * whose health check fails would send it); resumed, the node must serve again, its answers reported, not only
   * keep answering HTTP. The paused one is the oldest member (user-2, user-1 having been replaced), Hazelcast's
   * master and a data member: resumed alone in a cluster of its own, it merges back into the others' at once
   * (DataMemberRejoin) instead of waiting for Hazelcast's split-brain merge.
   */
  @Test
  @Order(5)
  void pausingAUserNodeLosesNothingAndTheNodeServesAgain() throws Exception {
    Node paused = users.get(1);
    Api pausedApi = apis.get(1);
    try {
      runUnderLoad("pause-user", 0, () -> pauseAndResume(paused, pausedApi));
    } finally {
      if (!apis.contains(pausedApi)) {
        apis.add(1, pausedApi); // the next faults expect both user nodes, whatever happened here
      }
    }
  }

  private void pauseAndResume(Node paused, Api pausedApi) throws Exception {
    // The load balancer's health check takes the node out first: requests hanging on a stopped node would hold the
    // load's senders for their whole timeout (a first run paused 90 s instead of 12 waiting for acks that way).
    apis.remove(pausedApi);
    int before = load.acknowledged();
    signal("STOP", paused.pid());
    long resumedAt;
    try {
      Thread.sleep(PAUSE.toMillis()); // the fault itself lasts this long; nothing is awaited
    } finally {
      signal("CONT", paused.pid());
      resumedAt = System.nanoTime();
    }
    assertThat(paused.alive()).isTrue();
    assertThat(load.acknowledged() - before).as("answers the other user node took during the pause")
        .isGreaterThan(100);
    // Serving again: an answer through the resumed node is acknowledged and reported (its relay reaches a
    // security node again), not only answered over HTTP.
    long[] acknowledged = {0};
    await().atMost(BACK_WITHIN).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
      if (acknowledged[0] == 0) {
        acknowledged[0] = pausedApi.answer(token, assessment, questions.get(0).id(),
            questions.get(0).allowedValues().get(0)).body().getJsonObject("data").getJsonObject("answer")
            .getLong("version");
      }
      return reported(assessment, acknowledged[0]);
    });
    System.out.println("[faults pause-user] " + paused.name + " served and reported again "
        + Duration.ofNanos(System.nanoTime() - resumedAt).toMillis() + " ms after SIGCONT");
    apis.add(1, pausedApi);
  }

  @Test
  @Order(6)
  void killingThePostmasterLosesNothingAndLogsNobodyOut() throws Exception {
    List<String> sessionCodes = new ArrayList<>();
    Map<String, Integer> loadCodes = new HashMap<>();
    runUnderLoad("kill-postmaster", 1, () -> {
      long postmaster = Long.parseLong(Files.readAllLines(mesh.database().dataDir().resolve("postmaster.pid"))
          .get(0).trim());
      signal("KILL", postmaster);
      await().atMost(Duration.ofSeconds(10)).until(() -> !ProcessHandle.of(postmaster).map(ProcessHandle::isAlive)
          .orElse(false));
      // The page asks with its token while the database is down: it must hear "unavailable", never "log in again".
      // A restart quick enough for the pool's reconnect attempts is not seen at all (the requests wait, then
      // succeed): that is fine for the page; the outage itself is asserted in-process (DatabaseOutageTest) and in
      // the browser (DatabaseOutageBrowserIT).
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
        Api.Response r = apis.get(1).call(token, "query($a: ID!) { assessment(id: $a) { id version } }",
            new JsonObject().put("a", assessment));
        if (r.body().getJsonArray("errors") != null) {
          sessionCodes.add(r.errorCode());
        }
        return !sessionCodes.isEmpty() || databaseRestartedSince(postmaster);
      });
      awaitSupervisedRestart(postmaster);
      awaitMoreAcks(150);
      loadCodes.putAll(load.failures());
    });
    System.out.println("[faults kill-postmaster] the page's own requests saw " + sessionCodes);
    assertThat(sessionCodes).as("answers to a logged-in page while PostgreSQL was down").doesNotContain(
        "UNAUTHENTICATED");
    assertThat(loadCodes).as("answers refused while PostgreSQL was down").doesNotContainKeys("UNAUTHENTICATED");
  }

  @Test
  @Order(7)
  void killingEveryProcessAndStartingAgainOnTheSameDataLosesNothing() throws Exception {
    runUnderLoad("kill-everything", -1, () -> { // every bridge dies too: the reports table's key checks alone
      long postmaster = Long.parseLong(Files.readAllLines(mesh.database().dataDir().resolve("postmaster.pid"))
          .get(0).trim());
      for (Node n : mesh.nodes()) {
        if (n.alive()) {
          n.kill();
        }
      }
      supervisor.stop(); // the starter dies with everything else: nothing restarts the database by itself
      mesh.database().process().kill();
      signal("KILL", postmaster);
      await().atMost(Duration.ofSeconds(10)).until(() -> !ProcessHandle.of(postmaster).map(ProcessHandle::isAlive)
          .orElse(false));

      mesh.startDatabase(LOOPBACK, dbPort);
      supervisor = mesh.superviseDatabase(5);
      int r = ++restarts;
      List<Node> oldUsers = List.copyOf(users);
      users.clear();
      securities.clear();
      startNodes(oldUsers.get(0).name + "-r" + r, oldUsers.get(1).name + "-r" + r, "security-a-r" + r,
          "security-b-r" + r, oldUsers.get(0).httpPort, oldUsers.get(1).httpPort);
      awaitMoreAcks(100);
    });
  }

  /** Whether a new postmaster (not {@code deadPostmaster}) runs and the database's port accepts again. */
  private boolean databaseRestartedSince(long deadPostmaster) throws Exception {
    Path pid = mesh.database().dataDir().resolve("postmaster.pid");
    if (!Files.isRegularFile(pid) || !mesh.database().process().alive()) {
      return false;
    }
    List<String> lines = Files.readAllLines(pid);
    return !lines.isEmpty() && Long.parseLong(lines.get(0).trim()) != deadPostmaster
        && LocalAddresses.accepts(InetAddress.getByName(mesh.database().host()), dbPort);
  }

  /**
   * The mesh starter's supervisor notices the database process exit (it watches its postmaster) and starts it again
   * on the same data and port, as under ./bastion up; the test only waits for that.
   */
  private void awaitSupervisedRestart(long deadPostmaster) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
        .until(() -> databaseRestartedSince(deadPostmaster));
  }


  /**
   * As ./bastion up does: the first user node alone (it founds the cluster), then the other three together, so
   * that their starts overlap. Ports 0: the starter picks them.
   */
  private void startNodes(String user1, String user2, String security1, String security2, int port1, int port2)
      throws Exception {
    users.add(mesh.ready(mesh.launchUserOn(LOOPBACK, user1, port1)).get(0));
    List<Node> rest = mesh.ready(mesh.launchUserOn(LOOPBACK, user2, port2),
        mesh.launchSecurityOn(LOOPBACK, security1), mesh.launchSecurityOn(LOOPBACK, security2));
    users.add(rest.get(0));
    securities.addAll(rest.subList(1, 3));
    if (apis.isEmpty()) {
      users.forEach(u -> apis.add(Api.of(u)));
    }
  }

  /** Replacements launched during a fault: ready before the invariants are checked (the load runs meanwhile). */
  private void awaitReplacements() throws Exception {
    for (NodeProcess p : List.copyOf(pending)) {
      Node node = mesh.ready(p).get(0);
      if (p.kind() == NodeProcess.Kind.USER) {
        users.replaceAll(u -> u.httpPort == node.httpPort ? node : u);
      } else {
        securities.add(node);
      }
      pending.remove(p);
    }
  }

  private Load load;

  /**
   * A fault between some acknowledged answers before and after, then the invariants. {@code listenOn}: the index
   * of the user node (one the fault spares) whose bridge the accounts' pages listen on for reports; -1 for none.
   */
  private void runUnderLoad(String name, int listenOn, Fault fault) throws Exception {
    ReportPushes pushes = listenOn < 0 ? null : new ReportPushes(users.get(listenOn).httpPort, tokenOfAssessment);
    try {
      load = new Load(() -> apis, tokenOfAssessment, questions, RATE).start();
      try {
        awaitMoreAcks(60);
        fault.run();
        awaitReplacements();
        awaitMoreAcks(100);
      } finally {
        load.close();
      }
      System.out.println("[faults " + name + "] acknowledged " + load.acknowledged() + ", failed attempts "
          + load.failures());
      try (Connection sql = mesh.sql()) {
        Invariants.all(sql, load.acks(), CONVERGENCE);
      }
      if (pushes != null) {
        // The final reports are pushed once stored: the listeners heard some, and none twice.
        await().atMost(Duration.ofSeconds(10)).until(() -> !pushes.countByVersion().isEmpty());
        System.out.println("[faults " + name + "] reports pushed to the pages: " + pushes.countByVersion().size());
        assertThat(pushes.duplicates()).as("reports pushed twice to a page").isEmpty();
        assertThat(pushes.errors()).as("bridge errors").isEmpty();
      }
    } finally {
      if (pushes != null) {
        pushes.close();
      }
    }
    for (Node user : users) {
      if (user.alive()) {
        assertThat(Api.of(user).assessment(token, assessment).getString("id"))
            .as("the token from before still works on %s", user.name).isEqualTo(assessment);
      }
    }
    assertThat(load.failures("UNAUTHENTICATED")).as("answers refused as logged out").isZero();
  }

  private boolean reported(String assessment, long version) throws Exception {
    try (Connection sql = mesh.sql();
         var ps = sql.prepareStatement("SELECT 1 FROM reports WHERE assessment_id = ?::uuid AND version = ?")) {
      ps.setString(1, assessment);
      ps.setLong(2, version);
      try (var rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private void awaitMoreAcks(int more) {
    int target = load.acknowledged() + more;
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
        .until(() -> load.acknowledged() >= target);
  }

  private static void signal(String signal, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
    assertThat(kill.waitFor()).as("kill -%s %d", signal, pid).isZero();
  }

  @FunctionalInterface
  private interface Fault {
    void run() throws Exception;
  }

  private static long scoredBy(Connection sql, String node) throws Exception {
    try (java.sql.PreparedStatement st = sql.prepareStatement("SELECT count(*) FROM reports WHERE scored_by = ?")) {
      st.setString(1, node);
      try (java.sql.ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** What the node wrote to its log after {@code offset}. */
  private static String since(Node node, long offset) throws Exception {
    byte[] all = Files.readAllBytes(node.log);
    int from = (int) Math.min(offset, all.length);
    return new String(all, from, all.length - from, java.nio.charset.StandardCharsets.UTF_8);
  }
}
