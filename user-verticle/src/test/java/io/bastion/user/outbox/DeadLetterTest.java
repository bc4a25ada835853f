package io.bastion.user.outbox;

import static io.bastion.user.testing.Fixtures.await;
import static io.bastion.user.testing.Fixtures.onLoop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.bastion.codecs.Addresses;
import io.bastion.user.assessment.AssessmentService;
import io.bastion.user.db.Sql;
import io.bastion.user.metrics.UserMeters;
import io.bastion.user.outbox.DeadLetters.Choice;
import io.bastion.user.outbox.DeadLetters.DeadLetter;
import io.bastion.user.report.ReportBroadcast;
import io.bastion.user.report.ReportSink;
import io.bastion.user.report.ReportText;
import io.bastion.user.testing.Fixtures;
import io.bastion.user.testing.StandInScorer;
import io.bastion.user.testing.TestDatabase;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Dead letters (issue 12) with the real relay, sink, PostgreSQL and a stand-in security node that, like a real one,
 * refuses an event of a catalogue version it does not have: the poison event here, queued as the answer statement
 * would have queued it, for an assessment started with a catalogue version no security node has.
 */
@ExtendWith(VertxExtension.class)
class DeadLetterTest {

  private static final String MISSING_VERSION = "0.0-nobody-has";
  private static final int ATTEMPTS = 3;
  private static final int TIMEOUTS = 4;

  private static PgConnectOptions db;

  private Vertx vertx;
  private Context loop;
  private Pool pool;
  private UUID accountId;
  private OutboxRelay relay;
  private MessageConsumer<?> scorer;

  @BeforeAll
  static void database() {
    db = TestDatabase.fresh("dead_letters");
    // The node's registry in production (the metrics helper's); the global composite alone keeps no counts.
    Metrics.globalRegistry.add(new SimpleMeterRegistry());
  }

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    io.bastion.user.testing.Fixtures.codecs(vertx);
    loop = vertx.getOrCreateContext();
    pool = TestDatabase.pool(vertx, db);
    await(Fixtures.registerCatalogues(pool));
    await(pool.query("DELETE FROM outbox").execute());
    await(pool.query("DELETE FROM dead_letters").execute());
    accountId = await(Fixtures.account(pool));
  }

  @AfterEach
  void tearDown() {
    if (relay != null) {
      onLoop(loop, relay::stop);
    }
    if (scorer != null) {
      await(scorer.unregister());
    }
  }

  @Test
  void aPoisonEventIsDeadLetteredAfterTheLimitWhileOtherAssessmentsFlow() {
    scorer = StandInScorer.register(vertx);
    startRelay(ATTEMPTS, 3_600_000);
    double moved = meter("bastion.dead.letters.moved");
    UUID poisoned = poisonedAssessment();
    UUID healthy = startAssessment();

    UUID poison = queuePoison(poisoned);
    // Answers to another assessment while the poison is being refused: none waits for it.
    answer(healthy, "gv-owner", "yes");
    answer(healthy, "gv-budget", "yes");
    answer(healthy, "gv-owner", "no");

    waiting("the poison event in dead_letters").until(() -> deadLetters(Choice.ALL).size() == 1);
    DeadLetter dead = deadLetters(Choice.ALL).get(0);
    assertThat(dead.eventId()).as("the dead letter is the poison event").isEqualTo(poison);
    assertThat(dead.failures()).as("given up after relay.dead-letter.attempts error replies").isEqualTo(ATTEMPTS);
    assertThat(dead.lastError()).as("its last error, the security node's refusal")
        .contains("code " + StandInScorer.UNKNOWN_CATALOGUE).contains(MISSING_VERSION);
    assertThat(outboxRows(poisoned)).as("no longer in the outbox, so no longer retried").isZero();
    waiting("the other assessment's three versions stored").until(() -> reportVersions(healthy).size() == 3);
    assertThat(meter("bastion.dead.letters.moved") - moved).as("bastion.dead.letters.moved").isEqualTo(1.0);
    waiting("the gauge bastion.dead.letters counts it").until(() -> meter("bastion.dead.letters") == 1.0);
  }

  @Test
  void theOlderRowsWithoutAnswersOfTheirOwnGoWithTheGivenUpOneInsteadOfFailingAsItAgain() {
    scorer = StandInScorer.register(vertx);
    startRelay(ATTEMPTS, 3_600_000);
    UUID poisoned = poisonedAssessment();
    // Three versions queued as the answer statement queues them now: no answers of their own, so each would be sent
    // as the assessment's current version, the one event the security node refuses.
    await(pool.preparedQuery("UPDATE assessments SET version = 3 WHERE id = $1").execute(Tuple.of(poisoned)));
    for (int version = 1; version <= 3; version++) {
      await(pool.preparedQuery("""
          INSERT INTO outbox (event_id, account_id, assessment_id, version, state, question_id, answer_created_at,
                              catalogue_id, catalogue_version)
          VALUES ($1, $2, $3, $4, 'NEW', 'gv-owner', now(), 'baseline', $5)""")
          .execute(Tuple.of(UUID.randomUUID(), accountId, poisoned, version, MISSING_VERSION)));
    }
    await(pool.query("SELECT pg_notify('" + Sql.OUTBOX_CHANNEL + "', '')").execute());

    waiting("the three versions in dead_letters").until(() -> deadLetters(Choice.ALL).size() == 3);
    assertThat(outboxRows(poisoned)).as("nothing of the assessment left to fail again").isZero();
    assertThat(deadLetters(Choice.ALL)).as("refused: the newest, sent ATTEMPTS times; the older ones never sent")
        .extracting(DeadLetter::version, DeadLetter::failures)
        .containsExactlyInAnyOrder(tuple(3L, ATTEMPTS), tuple(2L, 0), tuple(1L, 0));
  }

  @Test
  void anEventWhoseScoringNeverRepliesIsDeadLetteredAfterTheTimeoutLimitWhileOthersFlow() {
    UUID hanging = startAssessment();
    UUID healthy = startAssessment();
    // A security node is registered, answers every assessment but one, and hangs on that one's events.
    scorer = StandInScorer.register(vertx, event -> event.assessmentId().equals(hanging));
    startRelay(new RelayOptions(16, 16, 150, 5.0, 50, 20, 100, ATTEMPTS, 3_600_000, TIMEOUTS));
    double moved = meter("bastion.dead.letters.moved");

    answer(hanging, "gv-owner", "yes");
    answer(healthy, "gv-owner", "yes");
    answer(healthy, "gv-budget", "yes");

    waiting("the hanging event in dead_letters").until(() -> deadLetters(Choice.ALL).size() == 1);
    DeadLetter dead = deadLetters(Choice.ALL).get(0);
    assertThat(dead.assessmentId()).as("the dead letter is the hanging assessment's").isEqualTo(hanging);
    assertThat(dead.failures()).as("no error reply: it was given up for its timeouts").isZero();
    assertThat(await(pool.query("SELECT timeouts FROM dead_letters").execute()).iterator().next()
        .getInteger("timeouts")).as("timeouts counted: relay.dead-letter.timeouts").isEqualTo(TIMEOUTS);
    assertThat(dead.lastError()).as("its last error names the timeout").contains("timed out");
    assertThat(outboxRows(hanging)).as("no longer in the outbox, so no longer retried").isZero();
    waiting("the other assessment's two versions stored").until(() -> reportVersions(healthy).size() == 2);
    assertThat(meter("bastion.dead.letters.moved") - moved).as("bastion.dead.letters.moved").isEqualTo(1.0);
  }

  @Test
  void timeoutsAndNoSecurityNodeNeverDeadLetter() {
    // No security node at all, then one that never answers: only error replies count, so nothing is given up.
    startRelay(1, 1);
    UUID assessment = startAssessment();
    answer(assessment, "gv-owner", "yes");
    waiting("sent several times with no security node").until(() -> attempts(assessment) >= 3);
    scorer = vertx.eventBus().consumer(Addresses.ANSWERS, m -> { });
    await(scorer.completion());
    int before = attempts(assessment);
    waiting("sent several times to a security node that does not answer")
        .until(() -> attempts(assessment) >= before + 2);

    assertThat(deadLetters(Choice.ALL)).as("dead letters after timeouts and no security node").isEmpty();
    assertThat(outboxRows(assessment)).as("the event is still in the outbox, to be retried").isEqualTo(1);
  }

  @Test
  void aReplayedEventReachesAStoredReportOnceItsCauseIsFixed() throws Exception {
    scorer = StandInScorer.register(vertx);
    startRelay(ATTEMPTS, 3_600_000);
    UUID poisoned = poisonedAssessment();
    UUID poison = queuePoison(poisoned);
    waiting("the poison event in dead_letters").until(() -> deadLetters(Choice.ALL).size() == 1);
    double replayed = meter("bastion.dead.letters.replayed");
    UserMeters.register();
    long latencies = Metrics.globalRegistry.get("bastion.answer.to.report").timer().count();

    // The list, as ./bastion replay --list shows it.
    ByteArrayOutputStream listed = new ByteArrayOutputStream();
    int listStatus = new DeadLetterTool(new PrintStream(listed, true, StandardCharsets.UTF_8))
        .list(new DeadLetters(pool), Choice.ALL);
    assertThat(listStatus).as("--list exit status").isZero();
    assertThat(listed.toString(StandardCharsets.UTF_8)).as("--list output")
        .contains(poison.toString(), poisoned.toString(), "code " + StandInScorer.UNKNOWN_CATALOGUE);

    // The cause fixed: the assessment moved to a catalogue version the security nodes have.
    String real = Fixtures.baseline().version();
    await(pool.preparedQuery("UPDATE assessments SET catalogue_version = $2 WHERE id = $1")
        .execute(Tuple.of(poisoned, real)));
    await(pool.preparedQuery("UPDATE dead_letters SET catalogue_version = $2 WHERE event_id = $1")
        .execute(Tuple.of(poison, real)));
    DeadLetters.Replay done = await(new DeadLetters(pool).replay(Choice.event(poison)));

    assertThat(done.replayed()).as("replayed into the outbox").isEqualTo(1);
    waiting("the replayed event's report stored").until(() -> reportVersions(poisoned).equals(List.of(1L)));
    assertThat(deadLetters(Choice.ALL)).as("dead letters after the replay").isEmpty();
    assertThat(outboxRows(poisoned)).as("outbox after the report").isZero();
    waiting("bastion.dead.letters.replayed counts it")
        .until(() -> meter("bastion.dead.letters.replayed") - replayed == 1.0);
    assertThat(Metrics.globalRegistry.get("bastion.answer.to.report").timer().count())
        .as("bastion.answer.to.report: a replayed event's wait is not the mesh's latency").isEqualTo(latencies);
  }

  @Test
  void aReplayOfAVersionANewerStoredReportSupersedesIsRemovedNotSent() {
    scorer = StandInScorer.register(vertx);
    startRelay(ATTEMPTS, 3_600_000);
    UUID poisoned = poisonedAssessment();
    UUID poison = queuePoison(poisoned);
    waiting("the poison event in dead_letters").until(() -> deadLetters(Choice.ALL).size() == 1);
    // Version 2 of the assessment was scored since (after the catalogue was fixed, say).
    await(pool.preparedQuery("""
        INSERT INTO reports (assessment_id, version, account_id, score, tier, complete, report, answers)
        VALUES ($1, 2, $2, 1, 1, false, '{"version":2}', '[]')""").execute(Tuple.of(poisoned, accountId)));

    DeadLetters.Replay done = await(new DeadLetters(pool).replay(Choice.assessment(poisoned)));

    assertThat(done.taken()).as("taken out of dead letters").isEqualTo(1);
    assertThat(done.superseded()).as("superseded by the stored version 2, so removed").isEqualTo(1);
    assertThat(outboxRows(poisoned)).as("nothing back in the outbox").isZero();
    assertThat(deadLetters(Choice.event(poison))).as("no dead letter left").isEmpty();
    assertThat(reportVersions(poisoned)).as("no older report stored after the newer").containsExactly(2L);
  }

  // ------------------------------------------------------------------ helpers

  private void startRelay(int attempts, long afterMs) {
    startRelay(new RelayOptions(16, 16, 200, 5.0, 50, 20, 100, attempts, afterMs));
  }

  private void startRelay(RelayOptions options) {
    ReportSink sink = new ReportSink(vertx, pool,
        new ReportBroadcast(vertx.eventBus()), 2, 64);
    relay = new OutboxRelay(vertx, pool, db, sink::store, options);
    onLoop(loop, relay::start);
  }

  private UUID startAssessment() {
    return await(Fixtures.assessments(vertx, pool, null)
        .start(accountId, "baseline", "dead letter test")).id();
  }

  private void answer(UUID assessmentId, String questionId, String value) {
    AssessmentService assessments = Fixtures.assessments(vertx, pool, relay);
    onLoop(loop, () -> assessments.answer(Fixtures.actor(accountId), assessmentId.toString(), questionId, value,
        null, null, false));
  }

  /** An assessment started with a catalogue version that the database knows and no security node has. */
  private UUID poisonedAssessment() {
    UUID id = UUID.randomUUID();
    await(pool.preparedQuery("""
        INSERT INTO catalogues (id, version, sha256, title) VALUES ('baseline', $1, 'none', 'gone')
        ON CONFLICT DO NOTHING""").execute(Tuple.of(MISSING_VERSION)));
    await(pool.preparedQuery("""
        INSERT INTO assessments (id, account_id, catalogue_id, catalogue_version, title, version)
        VALUES ($1, $2, 'baseline', $3, 'poisoned', 1)""").execute(Tuple.of(id, accountId, MISSING_VERSION)));
    return id;
  }

  /** Its version 1 in the outbox, due at once, as the answer statement queues it; the relays are woken. */
  private UUID queuePoison(UUID assessmentId) {
    UUID eventId = UUID.randomUUID();
    await(pool.preparedQuery("""
        INSERT INTO outbox (event_id, account_id, assessment_id, version, state, question_id, answer_created_at,
                            catalogue_id, catalogue_version, answers)
        VALUES ($1, $2, $3, 1, 'NEW', 'gv-owner', now(), 'baseline', $4,
                '[{"questionId":"gv-owner","value":"yes"}]')""")
        .execute(Tuple.of(eventId, accountId, assessmentId, MISSING_VERSION)));
    await(pool.query("SELECT pg_notify('" + Sql.OUTBOX_CHANNEL + "', '')").execute());
    return eventId;
  }

  private List<DeadLetter> deadLetters(Choice choice) {
    return await(new DeadLetters(pool).list(choice));
  }

  private List<Long> reportVersions(UUID assessmentId) {
    return await(pool.preparedQuery("SELECT version FROM reports WHERE assessment_id = $1 ORDER BY version")
        .execute(Tuple.of(assessmentId))).stream().map(r -> r.getLong("version")).toList();
  }

  private long outboxRows(UUID assessmentId) {
    return await(pool.preparedQuery("SELECT count(*) AS n FROM outbox WHERE assessment_id = $1")
        .execute(Tuple.of(assessmentId))).iterator().next().getLong("n");
  }

  private int attempts(UUID assessmentId) {
    return await(pool.preparedQuery("SELECT coalesce(max(attempts), 0) AS n FROM outbox WHERE assessment_id = $1")
        .execute(Tuple.of(assessmentId))).iterator().next().getInteger("n");
  }

  private static double meter(String name) {
    var gauge = Metrics.globalRegistry.find(name).gauge();
    return gauge != null ? gauge.value() : Metrics.globalRegistry.get(name).counter().count();
  }

  private static ConditionFactory waiting(String what) {
    return Awaitility.await(what).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20));
  }
}
