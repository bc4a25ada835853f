package io.bastion.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BenchPartsTest {

  @Test
  void thePgbenchScriptReplacesEveryParameterOfTheRealStatements() {
    String script = PgBench.answerScript("{\"score\": 1, \"text\": \"it's\"}");
    assertThat(script).doesNotContainPattern("\\$\\d").doesNotContain("#{");
    assertThat(script).contains("FOR UPDATE OF a").contains("INSERT INTO outbox").contains("INSERT INTO reports")
        .contains("it''s").contains("\\gset");
  }

  @Test
  void theFloorScriptIsOneDurableTransactionOfAnAnswerAndItsOutboxRow() {
    assertThat(PgBench.MINIMAL_SCRIPT).startsWith("\\set a random(1, :nassess)")
        .contains("BEGIN;").contains("ON CONFLICT (assessment, question) DO UPDATE")
        .contains("INSERT INTO bench_min_outbox").contains("\\gset").endsWith("COMMIT;\n");
    assertThat(PgBench.MINIMAL_SETUP).contains("PRIMARY KEY (assessment, question)");
  }

  @Test
  void pgbenchsPerStatementProfileIsReadWithoutItsMetaCommands() {
    String out = """
        tps = 512.3 (without initial connection time)
        statement latencies in milliseconds and failures:
                 0.002           0  \\set n random(1, :nassess)
                 1.250           0  SELECT s.id FROM sessions s
                 0.310           0  BEGIN;
                12.500           0  INSERT INTO reports (assessment_id, version)
        """;
    io.vertx.core.json.JsonArray statements = PgBench.statements(out);
    assertThat(statements).hasSize(3);
    assertThat(statements.getJsonObject(0).getString("sql")).isEqualTo("SELECT s.id FROM sessions s");
    assertThat(statements.getJsonObject(2).getDouble("ms")).isEqualTo(12.5);
    assertThat(PgBench.statements("tps = 1.0\n")).isEmpty();
  }

  @Test
  void theSummaryReportsTheFloorAndIssue15sTargets() {
    JsonObject latency = new JsonObject().put("p50", 9.0).put("p90", 12.0).put("p99", 20.0).put("p999", 30.0)
        .put("max", 40.0).put("count", 6000L);
    JsonObject results = new JsonObject().put("date", "2026-11-28").put("command", "bench")
        .put("machine", new JsonObject().put("cores", 2).put("memoryGiB", 23.5).put("java", "17"))
        .put("config", new JsonObject().put("rate", 100).put("durationSeconds", 60).put("warmupSeconds", 30)
            .put("accounts", 20).put("assessments", 200).put("securityXmx", "default"))
        .put("steady", new JsonObject().put("throughputPerSecond", 100.0).put("sent", 6000L).put("errors", 0L)
            .put("reportsReceived", 6000L).put("lost", 0L).put("endToEndMs", latency).put("mutationMs", latency))
        .put("nodes", new io.vertx.core.json.JsonArray()
            .add(node("user-1", 1.5, 300)).add(node("security-1", 0.5, 200)).add(node("postgres", 1.5, 100))
            .add(node("load-generator", 2.0, 400)))
        .put("saturation", new JsonObject().put("throughputPerSecond", 1200.0).put("seconds", 20.0)
            .put("reportsReceived", 24000L).put("lost", 0L).put("mutationMs", latency))
        .put("pgbenchMinimal", new JsonObject().put("tps", 6000.0).put("clients", 16))
        .put("fanout", new JsonObject().put("sockets", 1000).put("reports", 20).put("lastP50Ms", 50.0)
            .put("lastP99Ms", 144.1).put("lastMaxMs", 144.1).put("firstP50Ms", 20.0).put("spreadP50Ms", 30.0)
            .put("spreadP99Ms", 70.0).put("lost", 0L));
    String text = Summary.text(results);
    assertThat(text).contains("Bastion / floor = 0.200").contains("[met] saturation >= 1000 answers/s: 1200.0")
        .contains("[met] saturation >= 0.15 x pgbench floor: 0.200")
        .contains("[met] CPU per answer across Bastion's processes at 100/s <= 4 ms: 3.50 ms")
        .contains("[met] peak RSS of a security node <= 256 MiB: 200.0 MiB")
        .contains("[MISSED] one report to 1000 sockets on one address, the last within 100 ms (p99 over 20 reports): "
            + "144.1 ms, 0 lost");
    assertThat(results.getDouble("floorRatio")).isEqualTo(0.2);
  }

  private static JsonObject node(String name, double msPerAnswer, double rssMb) {
    return new JsonObject().put("name", name).put("cpuSeconds", msPerAnswer * 6).put("cpuPercentOfOneCore", 10.0)
        .put("cpuMsPerAnswer", msPerAnswer).put("peakRssMb", rssMb);
  }

  @Test
  void bridgeFramesAreReadWithoutTheWholeReport() throws Exception {
    String frame = new JsonObject().put("type", "rec").put("address", "assessments.x")
        .put("body", new JsonObject().put("type", "report").put("findings", new io.vertx.core.json.JsonArray().add(new JsonObject()
            .put("version", 99))).put("assessmentId", "a-1").put("version", 7).put("scoredBy", "security-2"))
        .encode();
    LoadGenerator.Frame f = LoadGenerator.parse(frame.getBytes(StandardCharsets.UTF_8));
    assertThat(f).isEqualTo(new LoadGenerator.Frame("rec", "report", "a-1", 7, "security-2"));
    assertThat(LoadGenerator.parse("{\"type\":\"err\",\"body\":\"rejected\"}".getBytes(StandardCharsets.UTF_8)).type())
        .isEqualTo("err");
  }

  @Test
  void theFanOutPhaseFindsAReportsVersionByBytesAndSkipsOtherEventsOfTheFeed() {
    JsonObject report = new JsonObject().put("assessmentId", "a-1").put("version", 12).put("catalogueVersion", "1.0")
        .put("delta", new JsonObject().put("previousVersion", 11)).put("type", "report");
    String frame = new JsonObject().put("type", "rec").put("address", "assessments.a-1").put("body", report).encode();
    assertThat(FanoutBench.reportVersion(frame.getBytes(StandardCharsets.UTF_8))).as("a report frame").isEqualTo(12);
    String asText = new JsonObject().put("type", "rec").put("body", report.encode()).encode();
    assertThat(FanoutBench.reportVersion(asText.getBytes(StandardCharsets.UTF_8))).as("a report as a JSON string")
        .isEqualTo(12);
    String answer = new JsonObject().put("type", "rec").put("body", new JsonObject().put("type", "answer")
        .put("version", 13)).encode();
    assertThat(FanoutBench.reportVersion(answer.getBytes(StandardCharsets.UTF_8))).as("an answer event").isEqualTo(-1);
    String presence = new JsonObject().put("type", "rec").put("body", new JsonObject().put("type", "presence")
        .put("viewers", new io.vertx.core.json.JsonArray())).encode();
    assertThat(FanoutBench.reportVersion(presence.getBytes(StandardCharsets.UTF_8))).as("presence").isEqualTo(-1);
    assertThat(FanoutBench.reportVersion("{\"type\":\"pong\"}".getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
  }

  @Test
  void relayCountersAreReadFromPrometheusText() {
    String scrape = """
        # HELP bastion_relay_retries_total sends that failed
        # TYPE bastion_relay_retries_total counter
        bastion_relay_retries_total 3.0
        bastion_relay_timeouts_total{node="user-1"} 2.0
        bastion_relay_timeouts_total{node="user-2"} 1.0
        bastion_relay_refused_total 1.0
        bastion_reports_duplicates_total 4.0
        bastion_relay_sent_total 120.0
        bastion_reports_stored_total 1.15E2
        """;
    io.vertx.core.json.JsonObject c = RelayCounters.parse(scrape);
    org.assertj.core.api.Assertions.assertThat(c.getLong("retried")).isEqualTo(3);
    org.assertj.core.api.Assertions.assertThat(c.getLong("timeouts")).as("every series of the name").isEqualTo(3);
    org.assertj.core.api.Assertions.assertThat(c.getLong("refused")).isEqualTo(1);
    org.assertj.core.api.Assertions.assertThat(c.getLong("duplicates")).isEqualTo(4);
    org.assertj.core.api.Assertions.assertThat(c.getLong("stored")).isEqualTo(115);
    org.assertj.core.api.Assertions.assertThat(c.getLong("noSecurityNode")).as("absent: 0").isZero();
  }
}
