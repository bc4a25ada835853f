package io.bastion.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bastion.catalogue.Catalogue;
import io.bastion.catalogue.CatalogueLoader;
import io.bastion.catalogue.Question;
import io.bastion.codecs.AnswerEntry;
import io.bastion.security.scoring.Scorer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The foundation end to end: one user node and two security nodes, separate JVMs clustered over Hazelcast, a real
 * PostgreSQL, answers over HTTP and reports over the SockJS bridge. 1,000 answers over 50 assessments must end with
 * exactly one report per stored version, the final version of every assessment reported, and nothing left behind,
 * also when a security node is killed with SIGKILL in the middle.
 */
class MeshIT {

  private static final int ACCOUNTS = 5;
  private static final int ASSESSMENTS_PER_ACCOUNT = 10;
  private static final int ANSWERS = 1_000;
  private static final String PASSWORD = "mesh test passphrase 42";

  private Mesh mesh;
  private final List<BridgeClient> bridges = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    bridges.forEach(BridgeClient::close);
    if (mesh != null) {
      mesh.close();
    }
  }

  @Test
  void thousandAnswersGiveOneReportPerVersionAndEveryFinalVersionOnTwoSecurityNodes() throws Exception {
    Run run = runMesh("two-security-nodes", false);

    assertThat(run.reportsBy.keySet()).as("both security nodes scored reports").contains("security-1", "security-2");
    assertThat(run.reportsBy.get("security-1")).isPositive();
    assertThat(run.reportsBy.get("security-2")).isPositive();
  }

  @Test
  void killingASecurityNodeMidwayLosesNothing() throws Exception {
    Run run = runMesh("kill-security-node", true);

    // The killed node may have scored some reports before it died; the survivor scored the rest.
    assertThat(run.reportsBy.get("security-1")).isPositive();
  }

  record Run(Map<String, Long> reportsBy) {
  }

  private Run runMesh(String name, boolean killMidway) throws Exception {
    Mesh.deleteTree(Mesh.in(name).dir);
    mesh = Mesh.in(name).startDatabase();
    Node user = mesh.startUser("user-1");
    mesh.startSecurity("security-1");
    Node security2 = mesh.startSecurity("security-2");
    Api api = new Api(user.httpPort);
    Catalogue baseline = CatalogueLoader.loadDirectory(Mesh.ROOT.resolve("conf/catalogues")).latest("baseline")
        .orElseThrow();

    // Accounts, their assessments, and a bridge client per account listening to the feed of each.
    Map<String, String> tokenOfAssessment = new HashMap<>();
    Map<String, String> accountOfAssessment = new HashMap<>();
    Map<String, BridgeClient> bridgeOfAccount = new HashMap<>();
    for (int a = 0; a < ACCOUNTS; a++) {
      Api.Session s = api.signUp("mesh-" + a + "-" + name + "@example.com", PASSWORD);
      BridgeClient bridge = BridgeClient.connect(user.httpPort);
      bridges.add(bridge);
      bridgeOfAccount.put(s.accountId(), bridge);
      for (int i = 0; i < ASSESSMENTS_PER_ACCOUNT; i++) {
        String id = api.startAssessment(s.token(), "baseline");
        bridge.registerFeed(id, s.token());
        tokenOfAssessment.put(id, s.token());
        accountOfAssessment.put(id, s.accountId());
      }
    }
    List<String> assessments = new ArrayList<>(tokenOfAssessment.keySet());
    // The bridge's consumer registrations are cluster-wide; wait until the first report reaches a client.
    List<Question> questions = baseline.questions().stream().filter(q -> q.showIf() == null).toList();

    Map<String, Long> finalVersion = new ConcurrentHashMap<>();
    AtomicInteger acknowledged = new AtomicInteger();
    Random random = new Random(42);
    List<String[]> plan = new ArrayList<>();
    for (int i = 0; i < ANSWERS; i++) {
      String assessment = assessments.get(i % assessments.size());
      Question q = questions.get(random.nextInt(questions.size()));
      List<String> values = q.allowedValues();
      plan.add(new String[] {assessment, q.id(), values.get(random.nextInt(values.size()))});
    }
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> sent = new ArrayList<>();
      for (String[] p : plan) {
        sent.add(pool.submit(() -> {
          JsonObject answer = api.answer(tokenOfAssessment.get(p[0]), p[0], p[1], p[2]).data()
              .getJsonObject("answer");
          finalVersion.merge(p[0], answer.getLong("version"), Math::max);
          if (acknowledged.incrementAndGet() == ANSWERS / 2 && killMidway) {
            try {
              security2.kill();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        }));
      }
      for (Future<?> f : sent) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    assertThat(acknowledged.get()).isEqualTo(ANSWERS);
    if (killMidway) {
      assertThat(security2.alive()).as("security-2 was killed").isFalse();
    }

    // Every final version gets its report, and the outbox drains.
    try (Connection sql = mesh.sql()) {
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
          .until(() -> missingFinalReports(sql, finalVersion).isEmpty() && count(sql, "SELECT count(*) FROM outbox") == 0);

      // Exactly one row per (assessment, version), each version a real one (1..final), none beyond the final.
      assertThat(count(sql, "SELECT count(*) FROM (SELECT assessment_id, version FROM reports "
          + "GROUP BY assessment_id, version HAVING count(*) > 1) d")).isZero();
      try (Statement st = sql.createStatement();
           ResultSet rs = st.executeQuery("SELECT assessment_id::text, version FROM reports")) {
        while (rs.next()) {
          long fin = finalVersion.get(rs.getString(1));
          assertThat(rs.getLong(2)).isBetween(1L, fin);
        }
      }
      // The final report is right: it is the score of the final answers.
      for (Map.Entry<String, Long> e : finalVersion.entrySet()) {
        List<AnswerEntry> answers = new ArrayList<>();
        try (var ps = sql.prepareStatement("SELECT question_id, value FROM answers WHERE assessment_id = ?::uuid")) {
          ps.setString(1, e.getKey());
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              answers.add(new AnswerEntry(rs.getString(1), rs.getString(2)));
            }
          }
        }
        double expected = Math.round(Scorer.score(baseline, answers).overall() * 10) / 10.0;
        try (var ps = sql.prepareStatement("SELECT score FROM reports WHERE assessment_id = ?::uuid AND version = ?")) {
          ps.setString(1, e.getKey());
          ps.setLong(2, e.getValue());
          try (ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getDouble(1)).as("score of %s v%d", e.getKey(), e.getValue()).isEqualTo(expected);
          }
        }
      }

      // The bridge pushed each account's final reports to its client.
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        for (Map.Entry<String, Long> e : finalVersion.entrySet()) {
          String account = accountOfAssessment.get(e.getKey());
          List<JsonObject> bodies = bridgeOfAccount.get(account).reportsOf(e.getKey());
          assertThat(bodies).as("bridge reports of %s", e.getKey())
              .anyMatch(b -> e.getKey().equals(b.getString("assessmentId"))
                  && b.getLong("version").equals(e.getValue()) && b.getValue("score") != null);
        }
      });
      for (BridgeClient b : bridges) {
        assertThat(b.errors()).as("bridge errors").isEmpty();
      }

      Map<String, Long> reportsBy = new HashMap<>();
      try (Statement st = sql.createStatement();
           ResultSet rs = st.executeQuery("SELECT scored_by, count(*) FROM reports GROUP BY scored_by")) {
        while (rs.next()) {
          reportsBy.put(rs.getString(1), rs.getLong(2));
        }
      }
      return new Run(reportsBy);
    }
  }

  private static Set<String> missingFinalReports(Connection sql, Map<String, Long> finalVersion) throws Exception {
    Set<String> have = new HashSet<>();
    try (Statement st = sql.createStatement();
         ResultSet rs = st.executeQuery("SELECT assessment_id::text, version FROM reports")) {
      while (rs.next()) {
        have.add(rs.getString(1) + "@" + rs.getLong(2));
      }
    }
    Set<String> missing = new HashSet<>();
    finalVersion.forEach((a, v) -> {
      if (!have.contains(a + "@" + v)) {
        missing.add(a + "@" + v);
      }
    });
    return missing;
  }

  static long count(Connection sql, String query) throws Exception {
    try (Statement st = sql.createStatement(); ResultSet rs = st.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
