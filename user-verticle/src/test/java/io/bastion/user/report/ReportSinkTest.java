package io.bastion.user.report;

import static io.bastion.user.testing.Fixtures.await;
import static io.bastion.user.testing.Fixtures.onLoop;
import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.codecs.Addresses;
import io.bastion.codecs.JsonText;
import io.bastion.codecs.ReportEvent;
import io.bastion.user.assessment.AssessmentService;
import io.bastion.user.testing.Fixtures;
import io.bastion.user.testing.Reports;
import io.bastion.user.testing.TestDatabase;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The report sink against a real PostgreSQL: each report stored once per assessment version, stored in batches,
 * and each stored report published once, with its words and "type":"report", to assessments.&lt;assessmentId&gt;.
 */
@ExtendWith(VertxExtension.class)
class ReportSinkTest {

  private static final String ANSWERS = "pr-mfa-email=partial";

  private static PgConnectOptions db;

  private Context loop;
  private Pool pool;
  private UUID accountId;
  private UUID assessmentId;
  private final List<JsonObject> published = new CopyOnWriteArrayList<>();
  private Vertx vertx;

  @BeforeAll
  static void database() {
    db = TestDatabase.fresh("report_sink");
  }

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    io.bastion.user.testing.Fixtures.codecs(vertx);
    loop = vertx.getOrCreateContext();
    pool = TestDatabase.pool(vertx, db);
    await(Fixtures.registerCatalogues(pool));
    accountId = await(Fixtures.account(pool));
    assessmentId = await(Fixtures.assessments(vertx, pool, null)
        .start(accountId, "baseline", "sink test")).id();
    MessageConsumer<Object> listener = vertx.eventBus().consumer(Addresses.assessment(assessmentId),
        m -> published.add(JsonText.read(m.body())));
    await(listener.completion());
  }

  @Test
  void theSameReportTwiceIsStoredOnceAndPublishedOnce() {
    ReportSink sink = sink(2, 64);
    ReportEvent report = Reports.of(accountId, assessmentId, 1);

    boolean first = onLoop(loop, () -> sink.store(report, ANSWERS));
    boolean again = onLoop(loop, () -> sink.store(report, ANSWERS));
    // And twice within one batch, as two user nodes' relays may deliver it.
    ReportEvent next = Reports.of(accountId, assessmentId, 2);
    List<Boolean> sameBatch = onLoop(loop, () -> Future.all(sink.store(next, ANSWERS), sink.store(next, ANSWERS))
        .map(all -> List.of(all.<Boolean>resultAt(0), all.<Boolean>resultAt(1))));

    assertThat(first).as("sink: the first delivery is stored").isTrue();
    assertThat(again).as("sink: a second delivery of a stored report is a duplicate").isFalse();
    assertThat(sameBatch).as("sink: two deliveries in one batch, one kept").containsExactly(true, false);
    assertThat(storedVersions()).as("sink: one row per assessment version").containsExactly(1L, 2L);
    assertThat(versions(publishedUntilNow())).as("sink: each stored report published once").containsExactly(1L, 2L);
  }

  @Test
  void reportsArrivingTogetherAreStoredInBatchesAndEachPublishedOnce() {
    // 50 reports, batches of at most 20: two full batches, then the rest when the linger ends.
    ReportSink sink = sink(50, 20);
    List<ReportEvent> reports = new ArrayList<>();
    for (long v = 1; v <= 50; v++) {
      reports.add(Reports.of(accountId, assessmentId, v));
    }

    List<Boolean> stored = onLoop(loop, () -> Future.all(reports.stream().map(r -> sink.store(r, ANSWERS)).toList())
        .map(all -> all.<Boolean>list()));

    assertThat(stored).as("sink: every report of the batches stored").hasSize(50).containsOnly(true);
    assertThat(storedVersions()).as("sink: all 50 versions in the database").hasSize(50);
    // now() is the time a transaction started: one distinct time per transaction.
    Row transactions = await(pool.preparedQuery(
        "SELECT count(DISTINCT created_at) AS n FROM reports WHERE assessment_id = $1")
        .execute(Tuple.of(assessmentId))).iterator().next();
    assertThat(transactions.getLong("n")).as("sink: 50 reports in batches of 20 take 3 transactions").isEqualTo(3);
    assertThat(versions(publishedUntilNow())).as("sink: each stored report published once")
        .hasSize(50).doesNotHaveDuplicates();
  }

  @Test
  void thePublishedReportAndTheStoredOneHoldFactsOnly() {
    onLoop(loop, () -> sink(2, 64).store(Reports.of(accountId, assessmentId, 2), ANSWERS));

    // The feed carries facts only (each bridge socket costs its size); pages and subscriptions add the words.
    JsonObject report = publishedUntilNow().get(0);
    assertThat(report.getString("type")).as("published report: its kind on the assessment's feed").isEqualTo("report");
    String questionText = Fixtures.baseline().question(Reports.FINDING_QUESTION).orElseThrow().text();
    JsonObject finding = report.getJsonArray("findings").getJsonObject(0);
    assertThat(finding.getString("questionId")).as("published report: finding's question").isEqualTo(Reports.FINDING_QUESTION);
    assertThat(report.encode()).as("published report: facts only, no words").doesNotContain(questionText)
        .doesNotContain("answerLabel").doesNotContain("recommendation");
    assertThat(report.getString("createdAt")).as("published report: the time it was stored").isNotBlank();

    String stored = await(pool.preparedQuery("SELECT report::text AS r FROM reports WHERE assessment_id = $1")
        .execute(Tuple.of(assessmentId))).iterator().next().getString("r");
    assertThat(stored).as("stored report: facts only, no words").doesNotContain(questionText)
        .doesNotContain("answerLabel");
  }

  @Test
  void aReportOfADeletedAssessmentIsDroppedAndTheRestOfItsBatchKept() {
    ReportSink sink = sink(50, 3);
    ReportEvent gone = Reports.of(accountId, UUID.randomUUID(), 1); // no such assessment (any more)
    List<Boolean> stored = onLoop(loop, () -> Future.all(
            sink.store(Reports.of(accountId, assessmentId, 1), ANSWERS),
            sink.store(gone, ANSWERS),
            sink.store(Reports.of(accountId, assessmentId, 2), ANSWERS))
        .map(all -> all.<Boolean>list()));

    assertThat(stored).as("sink: the deleted assessment's report dropped, the others stored")
        .containsExactly(true, false, true);
    assertThat(storedVersions()).as("sink: the batch's good reports in the database").containsExactly(1L, 2L);
    assertThat(versions(publishedUntilNow())).as("sink: only stored reports published").containsExactly(1L, 2L);
  }

  // ------------------------------------------------------------------ helpers

  private ReportSink sink(long lingerMs, int maxBatch) {
    return new ReportSink(vertx, pool, new ReportBroadcast(vertx.eventBus()),
        lingerMs, maxBatch);
  }

  private List<Long> storedVersions() {
    List<Long> versions = new ArrayList<>();
    await(pool.preparedQuery("SELECT version FROM reports WHERE assessment_id = $1 ORDER BY version")
        .execute(Tuple.of(assessmentId))).forEach(r -> versions.add(r.getLong("version")));
    return versions;
  }

  /**
   * Everything published so far: a marker published from the sink's event loop arrives after every report the
   * sink published before it, so nothing still on its way is missed.
   */
  private List<JsonObject> publishedUntilNow() {
    JsonObject marker = new JsonObject().put("marker", UUID.randomUUID().toString());
    onLoop(loop, () -> {
      vertx.eventBus().publish(Addresses.assessment(assessmentId), marker);
      return Future.succeededFuture();
    });
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> published.contains(marker));
    return published.stream().filter(m -> !m.containsKey("marker")).toList();
  }

  private static List<Long> versions(List<JsonObject> reports) {
    return reports.stream().map(r -> r.getLong("version")).sorted().toList();
  }
}
