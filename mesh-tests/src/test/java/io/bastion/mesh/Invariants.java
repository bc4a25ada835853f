package io.bastion.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What must hold after any fault, read from PostgreSQL: no acknowledged answer lost, no report stored twice, and
 * the mesh converged (the outbox empty and the final version of every assessment reported).
 */
final class Invariants {

  private Invariants() {
  }

  /**
   * Every acknowledged answer is still there: its assessment reached at least its version, and the question's
   * stored answer is this one or a later one (a newer version of the same question).
   */
  static void nothingAcknowledgedLost(Connection sql, List<Load.Ack> acks) throws Exception {
    assertThat(acks).as("the load acknowledged answers").isNotEmpty();
    Map<String, Load.Ack> latest = new HashMap<>();
    Map<String, Long> highest = new HashMap<>();
    for (Load.Ack a : acks) {
      latest.merge(a.assessment() + "/" + a.question(), a,
          (x, y) -> Comparator.comparingLong(Load.Ack::version).compare(x, y) >= 0 ? x : y);
      highest.merge(a.assessment(), a.version(), Math::max);
    }
    Map<String, Long> stored = versions(sql);
    highest.forEach((assessment, version) -> assertThat(stored.get(assessment))
        .as("stored version of %s (acknowledged up to %d)", assessment, version).isGreaterThanOrEqualTo(version));
    Map<String, Object[]> answers = new HashMap<>();
    try (Statement st = sql.createStatement();
         ResultSet rs = st.executeQuery("SELECT assessment_id::text, question_id, value, version FROM answers")) {
      while (rs.next()) {
        answers.put(rs.getString(1) + "/" + rs.getString(2), new Object[] {rs.getString(3), rs.getLong(4)});
      }
    }
    List<String> lost = new ArrayList<>();
    latest.forEach((key, ack) -> {
      Object[] row = answers.get(key);
      if (row == null || (long) row[1] < ack.version()
          || ((long) row[1] == ack.version() && !row[0].equals(ack.value()))) {
        lost.add(key + " v" + ack.version() + "=" + ack.value());
      }
    });
    assertThat(lost).as("acknowledged answers missing from the answers table").isEmpty();
  }

  /** At most one report per (assessment, version). */
  static void noDuplicateReports(Connection sql) throws Exception {
    assertThat(MeshIT.count(sql, "SELECT count(*) FROM (SELECT assessment_id, version FROM reports "
        + "GROUP BY assessment_id, version HAVING count(*) > 1) d")).as("duplicate reports").isZero();
  }

  /** The outbox empties and every assessment's stored version has its report, within {@code timeout}. */
  static void converges(Connection sql, Duration timeout) {
    await().atMost(timeout).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
      assertThat(MeshIT.count(sql, "SELECT count(*) FROM outbox")).as("outbox rows").isZero();
      assertThat(unreported(sql)).as("assessments whose final version has no report").isEmpty();
    });
  }

  static void all(Connection sql, List<Load.Ack> acks, Duration convergence) throws Exception {
    nothingAcknowledgedLost(sql, acks);
    converges(sql, convergence);
    noDuplicateReports(sql);
  }

  private static Map<String, Long> versions(Connection sql) throws Exception {
    Map<String, Long> v = new HashMap<>();
    try (Statement st = sql.createStatement();
         ResultSet rs = st.executeQuery("SELECT id::text, version FROM assessments")) {
      while (rs.next()) {
        v.put(rs.getString(1), rs.getLong(2));
      }
    }
    return v;
  }

  private static Set<String> unreported(Connection sql) throws Exception {
    Set<String> missing = new HashSet<>();
    try (Statement st = sql.createStatement();
         ResultSet rs = st.executeQuery("SELECT a.id::text, a.version FROM assessments a WHERE a.version > 0 "
             + "AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.assessment_id = a.id AND r.version = a.version)")) {
      while (rs.next()) {
        missing.add(rs.getString(1) + "@" + rs.getLong(2));
      }
    }
    return missing;
  }
}
