package io.bastion.user.outbox;

import static io.bastion.user.testing.Fixtures.await;
import static io.bastion.user.testing.Fixtures.onLoop;
import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.codecs.Addresses;
import io.bastion.codecs.AnswerEntry;
import io.bastion.codecs.AnswerEvent;
import io.bastion.codecs.Baseline;
import io.bastion.user.assessment.AssessmentService;
import io.bastion.user.db.Sql;
import io.bastion.user.report.ReportBroadcast;
import io.bastion.user.report.ReportSink;
import io.bastion.user.testing.Fixtures;
import io.bastion.user.testing.Reports;
import io.bastion.user.testing.TestDatabase;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The outbox relay against a real PostgreSQL and a real (local) event bus, with the report sink behind it and the
 * security node played by a plain consumer on bastion.answers: each test follows one answer until its report is
 * stored, or dropped, and checks what the relay counted.
 */
@ExtendWith(VertxExtension.class)
class OutboxRelayTest {

  private static PgConnectOptions db;

  private Vertx vertx;
  private Context loop;
  private Pool pool;
  private UUID accountId;
  private UUID assessmentId;
  private ReportSink sink;
  private OutboxRelay relay;
  /** What the stand-in security node received, in order. */
  private final List<Received> received = new CopyOnWriteArrayList<>();

  private record Received(Message<AnswerEvent> message, long atNanos) {
    AnswerEvent event() {
      return message.body();
    }
  }

  @BeforeAll
  static void database() {
    db = TestDatabase.fresh("outbox_relay");
  }

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    io.bastion.user.testing.Fixtures.codecs(vertx);
    loop = vertx.getOrCreateContext();
    pool = TestDatabase.pool(vertx, db);
    await(Fixtures.registerCatalogues(pool));
    await(pool.query("DELETE FROM outbox").execute());
    accountId = await(Fixtures.account(pool));
    assessmentId = await(Fixtures.assessments(vertx, pool, null)
        .start(accountId, "baseline", "relay test")).id();
    sink = new ReportSink(vertx, pool, new ReportBroadcast(vertx.eventBus()),
        2, 64);
  }

  @AfterEach
  void stopRelay() {
    if (relay != null) {
      onLoop(loop, relay::stop);
    }
  }

  @Test
  void aVersionAnsweredTwiceIsStoredOnceAndCountedAsADuplicate() {
    // The first request is held until the lease has run out and the row was claimed and sent again: then the
    // security node answers both, as a slow node and its replacement would.
    startRelay(new RelayOptions(16, 16, 5_000, 0.3, 50, 100, 1_000));
    securityNode(m -> {
      if (received.size() == 2) {
        received.forEach(r -> r.message().reply(Reports.answering(r.event())));
      } else if (received.size() > 2) {
        // A busy machine let the lease run out once more before the first replies: that send is answered too.
        m.reply(Reports.answering(m.body()));
      }
    });
    long stored = count("stored");
    long duplicates = count("duplicates");
    long retried = count("retried");

    answer(relay, "gv-owner", "yes");

    waiting("relay: one report stored and every other send counted as a duplicate")
        .until(() -> received.size() >= 2 && count("stored") - stored == 1
            && count("duplicates") - duplicates == received.size() - 1);
    assertThat(received).as("relay: the same version sent again (lease ran out)").hasSizeGreaterThanOrEqualTo(2)
        .extracting(r -> r.event().version()).containsOnly(1L);
    assertThat(reportVersions()).as("relay+sink: one report for the version").containsExactly(1L);
    assertThat(outboxRows()).as("relay: the outbox row is done").isZero();
    assertThat(count("retried") - retried).as("relay: a duplicate is no failure").isZero();
  }

  @Test
  void aRequestThatTimesOutIsRetriedAfterABackoffUntilItsReportIsStored() {
    long timeoutMs = 300;
    long baseBackoffMs = 200;
    startRelay(new RelayOptions(16, 16, timeoutMs, 5.0, 50, baseBackoffMs, 1_000));
    securityNode(m -> {
      if (received.size() > 1) { // the first request is never answered
        m.reply(Reports.answering(m.body()));
      }
    });
    long timeouts = count("timeouts");
    long retried = count("retried");
    long stored = count("stored");

    answer(relay, "gv-owner", "yes");

    waiting("relay: the report stored after a retry").until(() -> count("stored") - stored == 1);
    assertThat(received).as("relay: sent once, then once more after the timeout").hasSize(2);
    assertThat(count("timeouts") - timeouts).as("relay: one timeout counted").isEqualTo(1);
    assertThat(count("retried") - retried).as("relay: one retry counted").isEqualTo(1);
    long gapMs = (received.get(1).atNanos() - received.get(0).atNanos()) / 1_000_000;
    assertThat(gapMs).as("relay: the retry waits for the timeout and at least half the first backoff step")
        .isGreaterThanOrEqualTo(timeoutMs + baseBackoffMs / 2);
    assertThat(reportVersions()).as("relay+sink: the report stored").containsExactly(1L);
    assertThat(outboxRows()).as("relay: the outbox row is done").isZero();
  }

  @Test
  void theReportOfADeletedAssessmentIsDroppedWithoutRetrying() {
    startRelay(new RelayOptions(16, 16, 5_000, 10.0, 50, 100, 1_000));
    // The account (with its assessment and outbox rows) goes while its report is being computed. Since teams, a
    // personal assessment goes with its account by the account deletion's own statement, not by a cascade.
    securityNode(m -> pool.preparedQuery(Sql.DELETE_ACCOUNT).execute(Tuple.of(accountId))
        .onComplete(ar -> m.reply(Reports.answering(m.body()))));
    long kept = count("stored");
    long notKept = count("duplicates");
    long retried = count("retried");

    answer(relay, "gv-owner", "yes");

    waiting("relay: the report handed over and not kept").until(() -> count("duplicates") - notKept == 1);
    assertThat(count("stored") - kept).as("relay: nothing stored for a deleted assessment").isZero();
    assertThat(count("retried") - retried).as("relay: a dropped report is not retried").isZero();
    assertThat(received).as("relay: sent once only").hasSize(1);
    assertThat(outboxRows()).as("relay: no outbox row left to send again").isZero();
    assertThat(reportVersions()).as("sink: no report kept").isEmpty();
  }

  @Test
  void onlyTheNewestVersionOfAnAssessmentIsSent() {
    // Two answers committed while no relay had room: two outbox rows, due at once, for versions 1 and 2.
    answer(Fixtures.NO_RELAY, "gv-owner", "yes");
    answer(Fixtures.NO_RELAY, "gv-budget", "yes");
    assertThat(outboxRows()).as("outbox: one row per version").isEqualTo(2);
    securityNode(m -> m.reply(Reports.answering(m.body())));
    long stored = count("stored");

    startRelay(new RelayOptions(16, 16, 5_000, 10.0, 50, 100, 1_000));

    waiting("relay: both outbox rows done").until(() -> outboxRows() == 0 && count("stored") > stored);
    assertThat(received).as("relay: only version 2 sent (its snapshot includes version 1)")
        .extracting(r -> r.event().version()).containsExactly(2L);
    assertThat(reportVersions()).as("relay+sink: no report for the superseded version").containsExactly(2L);
    assertThat(count("stored") - stored).as("relay: one report stored").isEqualTo(1);
  }

  @Test
  void theOutboxRowNamesTheVersionAndTheAnswersAreReadWhenItIsSent() {
    startRelay(new RelayOptions(16, 16, 5_000, 10.0, 50, 100, 1_000));
    securityNode(m -> m.reply(Reports.answering(m.body())));

    answer(relay, "gv-owner", "yes");
    waiting("relay: version 1 stored").until(() -> reportVersions().contains(1L));
    answer(relay, "gv-budget", "partial");
    waiting("relay: version 2 stored").until(() -> reportVersions().contains(2L));

    AnswerEvent second = received.get(1).event();
    assertThat(second.answers()).as("the event: every answer of version 2, read when sent")
        .containsExactly(new AnswerEntry("gv-budget", "partial"), new AnswerEntry("gv-owner", "yes"));
    assertThat(second.previous()).as("the baseline: version 1's answers, from its report's basis")
        .isEqualTo(new Baseline(1, List.of(new AnswerEntry("gv-owner", "yes"))));
    assertThat(await(pool.preparedQuery("""
        SELECT count(*) FILTER (WHERE answers IS NOT NULL) AS copies, string_agg(basis, '|' ORDER BY version) AS b
        FROM reports WHERE assessment_id = $1""").execute(Tuple.of(assessmentId))).iterator().next().toJson())
        .as("reports: the basis kept, no JSON copy of the answers")
        .isEqualTo(new JsonObject().put("copies", 0L).put("b", "gv-owner=yes|gv-budget=partial\ngv-owner=yes"));
  }

  @Test
  void aRowOlderThanItsAssessmentIsSentAsTheNewestVersionAndItsReportRetiresIt() {
    // Versions 1 and 2 queued while no relay had room; version 2's row then goes without a report, leaving version
    // 1's row older than its assessment (as a replayed dead letter of an assessment that moved on is). Version 1's
    // row is due: what is sent is the assessment as it stands, version 2.
    answer(Fixtures.NO_RELAY, "gv-owner", "yes");
    answer(Fixtures.NO_RELAY, "gv-budget", "yes");
    await(pool.preparedQuery("DELETE FROM outbox WHERE assessment_id = $1 AND version = 2")
        .execute(Tuple.of(assessmentId)));
    securityNode(m -> m.reply(Reports.answering(m.body())));

    startRelay(new RelayOptions(16, 16, 5_000, 10.0, 50, 100, 1_000));

    waiting("relay: the outbox emptied").until(() -> outboxRows() == 0 && !reportVersions().isEmpty());
    assertThat(received).as("relay: version 1's row sent as version 2, with both answers").hasSize(1);
    assertThat(received.get(0).event().version()).isEqualTo(2L);
    assertThat(received.get(0).event().answers()).extracting(AnswerEntry::questionId)
        .containsExactly("gv-budget", "gv-owner");
    assertThat(reportVersions()).as("relay+sink: version 2's report retired version 1's row").containsExactly(2L);
  }

  @Test
  void aRowAndAReportStoredByAnOlderVersionAreStillSentAndReadAsBefore() {
    // Before V11 an outbox row carried its snapshot and a report its answers as JSON (no basis).
    await(pool.preparedQuery("UPDATE assessments SET version = 2 WHERE id = $1").execute(Tuple.of(assessmentId)));
    await(pool.preparedQuery("""
        INSERT INTO reports (assessment_id, version, account_id, score, tier, complete, report, answers)
        VALUES ($1, 1, $2, 1, 1, false, '{}', '[{"questionId":"gv-owner","value":"no"}]')""")
        .execute(Tuple.of(assessmentId, accountId)));
    await(pool.preparedQuery("""
        INSERT INTO outbox (event_id, account_id, assessment_id, version, state, question_id, answer_created_at,
                            catalogue_id, catalogue_version, answers)
        SELECT $1, $2, id, 2, 'UPDATED', 'gv-owner', now(), catalogue_id, catalogue_version,
               '[{"questionId":"gv-owner","value":"yes"}]'
        FROM assessments WHERE id = $3""").execute(Tuple.of(UUID.randomUUID(), accountId, assessmentId)));
    securityNode(m -> m.reply(Reports.answering(m.body())));

    startRelay(new RelayOptions(16, 16, 5_000, 10.0, 50, 100, 1_000));

    waiting("relay: the old row's report stored").until(() -> reportVersions().contains(2L));
    AnswerEvent event = received.get(0).event();
    assertThat(event.version()).isEqualTo(2L);
    assertThat(event.answers()).as("the row's own snapshot")
        .containsExactly(new AnswerEntry("gv-owner", "yes"));
    assertThat(event.previous()).as("the baseline from the old report's answers")
        .isEqualTo(new Baseline(1, List.of(new AnswerEntry("gv-owner", "no"))));
    assertThat(outboxRows()).isZero();
  }


  // ------------------------------------------------------------------ helpers

  private void startRelay(RelayOptions options) {
    relay = new OutboxRelay(vertx, pool, db, sink::store, options);
    onLoop(loop, relay::start);
  }

  /** The stand-in security node: records each request, then lets the test decide whether and how to reply. */
  private void securityNode(Handler<Message<AnswerEvent>> then) {
    MessageConsumer<AnswerEvent> consumer = vertx.eventBus().consumer(Addresses.ANSWERS, m -> {
      if (m.body().assessmentId().equals(assessmentId)) {
        received.add(new Received(m, System.nanoTime()));
        then.handle(m);
      }
    });
    await(consumer.completion());
  }

  private void answer(OutboxHandoff handoff, String questionId, String value) {
    AssessmentService assessments = Fixtures.assessments(vertx, pool, handoff);
    onLoop(loop, () -> assessments.answer(Fixtures.actor(accountId), assessmentId.toString(), questionId, value,
        null, null, false));
  }

  private static long count(String counter) {
    return RelayMetrics.snapshot().getLong(counter);
  }

  private List<Long> reportVersions() {
    List<Long> versions = new ArrayList<>();
    await(pool.preparedQuery("SELECT version FROM reports WHERE assessment_id = $1 ORDER BY version")
        .execute(Tuple.of(assessmentId))).forEach(r -> versions.add(r.getLong("version")));
    return versions;
  }

  private long outboxRows() {
    return await(pool.preparedQuery("SELECT count(*) AS n FROM outbox WHERE assessment_id = $1")
        .execute(Tuple.of(assessmentId))).iterator().next().getLong("n");
  }

  private static ConditionFactory waiting(String what) {
    return Awaitility.await(what).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20));
  }
}
