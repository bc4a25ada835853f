package io.bastion.node.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mesh.json as the starter writes it and status reads it; the Prometheus text and health answers status reads. */
class MeshRecordTest {

  @Test
  void aRecordReadsBackAsWritten(@TempDir Path dir) throws Exception {
    Instant t = Instant.parse("2026-11-28T11:00:00Z");
    MeshRecord record = new MeshRecord(t, List.of(
        new MeshRecord.Node("user-1", "user", 11, "http://127.0.0.1:8080", "http://127.0.0.1:12001", t),
        new MeshRecord.Node("security-\"1\"", "security", 12, "", "http://127.0.0.1:12002", t.plusSeconds(3))),
        Optional.of(new MeshRecord.Database("127.0.0.1", 15432, 10)));
    record.write(dir);

    assertThat(MeshRecord.read(dir)).contains(record);
    assertThat(MeshRecord.read(dir.resolve("elsewhere"))).isEmpty();
  }

  @Test
  void anExternalDatabaseIsRecordedWithoutItsPassword(@TempDir Path dir) throws Exception {
    assertThat(MeshRecord.External.of(List.of("bastion.api.graphiql=true"))).as("no db.url: nothing").isEmpty();
    MeshRecord.External external = MeshRecord.External.of(List.of(
        "bastion.db.url=postgresql://app:pa:ss@db.example:6543/bastion?password=x&sslmode=verify-full",
        "bastion.db.password-file=/run/secrets/db")).orElseThrow();
    assertThat(external.url()).isEqualTo("postgresql://app@db.example:6543/bastion?sslmode=verify-full");
    assertThat(external.passwordFile()).contains("/run/secrets/db");
    assertThat(MeshRecord.External.withoutPassword("postgres://app:secret@h/db?sslmode=require&password=y"))
        .isEqualTo("postgres://app@h/db?sslmode=require");
    assertThat(MeshRecord.External.withoutPassword("postgresql://h:5432/db")).isEqualTo("postgresql://h:5432/db");

    MeshRecord record = new MeshRecord(Instant.parse("2026-11-28T11:00:00Z"), List.of(), Optional.empty(),
        Optional.of(external));
    record.write(dir);
    assertThat(MeshRecord.read(dir)).contains(record);
  }

  @Test
  void prometheusSamplesAreFoundByNameAndLabels() {
    PrometheusText text = PrometheusText.parse("""
        # HELP bastion_outbox_depth rows
        # TYPE bastion_outbox_depth gauge
        bastion_outbox_depth 3.0
        bastion_answer_to_report_last_minute_seconds{quantile="0.5"} 0.01
        bastion_answer_to_report_last_minute_seconds{quantile="0.99"} 0.25
        bastion_rate_limit_refusals_total{limit="login-ip"} 2.0
        bastion_rate_limit_refusals_total{limit="signup-ip",odd="a \\"quoted\\" value"} 1.0
        """);
    assertThat(text.value("bastion_outbox_depth")).hasValue(3.0);
    assertThat(text.value("bastion_answer_to_report_last_minute_seconds", Map.of("quantile", "0.99")))
        .hasValue(0.25);
    assertThat(text.sum("bastion_rate_limit_refusals_total")).hasValue(3.0);
    assertThat(text.value("bastion_dead_letters")).isEmpty();
  }

  @Test
  void failingChecksNameTheirReason() throws Exception {
    var health = JsonTree.object("""
        {"status":"DOWN","checks":[{"id":"node","status":"UP","data":{"name":"user-1"}},
         {"id":"security-nodes","status":"DOWN","data":{"reason":"no security node: answers wait in the outbox"}},
         {"id":"database","status":"DOWN","data":{"error":"Connection refused"}}],"outcome":"DOWN"}""");
    assertThat(MeshStatus.failingChecks(health)).containsExactly(
        "security-nodes DOWN (no security node: answers wait in the outbox)", "database DOWN (Connection refused)");
  }
}
