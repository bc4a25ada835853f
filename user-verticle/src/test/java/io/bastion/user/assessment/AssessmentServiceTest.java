package io.bastion.user.assessment;

import static io.bastion.user.testing.Fixtures.await;
import static io.bastion.user.testing.Fixtures.onLoop;
import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.user.audit.AuditLog;
import io.bastion.user.organisation.AssessmentAccess;
import io.bastion.user.outbox.OutboxHandoff;
import io.bastion.user.testing.Fixtures;
import io.bastion.user.testing.TestDatabase;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The answer's write path against a real PostgreSQL: one transaction saves the answer, the next version and its
 * outbox row, and the answer says which questions it shows.
 */
@ExtendWith(VertxExtension.class)
class AssessmentServiceTest {

  private static PgConnectOptions db;

  private Context loop;
  private Pool pool;
  private UUID accountId;
  private Assessment assessment;
  private final Handoff handoff = new Handoff();
  private AssessmentService assessments;

  /** Takes the rows handed over after commit, as a relay with room would. */
  private static final class Handoff implements OutboxHandoff {
    final List<Row> sent = new CopyOnWriteArrayList<>();

    @Override
    public boolean hasRoom() {
      return true;
    }

    @Override
    public double leaseSeconds() {
      return 30;
    }

    @Override
    public void send(Row row) {
      sent.add(row);
    }
  }

  @BeforeAll
  static void database() {
    db = TestDatabase.fresh("assessment_service");
    // The node's registry in production; the global composite alone keeps no counts.
    Metrics.globalRegistry.add(new SimpleMeterRegistry());
  }

  @BeforeEach
  void setUp(Vertx vertx) {
    io.bastion.user.testing.Fixtures.codecs(vertx);
    loop = vertx.getOrCreateContext();
    pool = TestDatabase.pool(vertx, db);
    await(Fixtures.registerCatalogues(pool));
    accountId = await(Fixtures.account(pool));
    assessments = new AssessmentService(pool, Fixtures.catalogues(), handoff, new AssessmentAccess(pool),
        new AuditLog(pool), new AnswerBroadcast(vertx.eventBus()));
    assessment = await(assessments.start(accountId, "baseline", "answers"));
  }

  @Test
  void anAnswerCommitsTheNextVersionWithItsOutboxRowLeasedToThisNode() {
    Answer saved = answer("gv-owner", "yes", "the CTO", false);

    assertThat(saved.version()).as("answer: the assessment's first version").isEqualTo(1);
    assertThat(handoff.sent).as("answer: the committed outbox row handed to the relay").hasSize(1);
    Row row = handoff.sent.get(0);
    assertThat(row.getLong("version")).as("outbox row: version").isEqualTo(1);
    assertThat(row.getArrayOfStrings("answer_values")).as("handed over: the version's answers, read with it")
        .containsExactly("yes");
    Row queued = await(pool.preparedQuery("SELECT next_attempt_at > now() + interval '20 seconds' AS leased, "
        + "(SELECT comment FROM answers WHERE assessment_id = $1) AS comment, answers IS NULL AS no_snapshot "
        + "FROM outbox WHERE assessment_id = $1")
        .execute(Tuple.of(assessment.id()))).iterator().next();
    assertThat(queued.getBoolean("no_snapshot")).as("outbox row: names the version, holds no answers").isTrue();
    assertThat(queued.getBoolean("leased")).as("outbox row: leased to this node for leaseSeconds").isTrue();
    assertThat(queued.getString("comment")).as("answer: comment saved").isEqualTo("the CTO");

    Answer same = answer("gv-owner", "yes", "the CTO", false);
    assertThat(same.version()).as("answer: the same answer again makes no new version").isEqualTo(1);
    assertThat(handoff.sent).as("answer: and queues nothing").hasSize(1);
  }

  @Test
  void onlyAnAnswerThatIsWrittenCountsAsAccepted() {
    answer("gv-owner", "yes", null, false);
    double before = accepted();
    answer("gv-owner", "yes", null, false);
    assertThat(accepted() - before).as("bastion.answers.accepted: the same answer re-sent").isZero();
    answer("gv-owner", "no", null, false);
    assertThat(accepted() - before).as("bastion.answers.accepted: a changed answer").isEqualTo(1.0);
  }

  private static double accepted() {
    return Metrics.globalRegistry.get("bastion.answers.accepted").counter().count();
  }

  @Test
  void anAnswerTellsWhichQuestionsItShows() {
    assertThat(await(assessments.visibleQuestionIds(assessment))).as("visibility: a conditional question starts hidden")
        .contains("pr-remote-access").doesNotContain("pr-remote-mfa");

    Answer shown = answer("pr-remote-access", "partial", null, true);
    assertThat(shown.visibleQuestionIds()).as("visibility: answering the condition shows its question")
        .contains("pr-remote-mfa");
    assertThat(shown.visibleQuestionIds()).as("visibility: in catalogue order")
        .isEqualTo(Fixtures.baseline().visibleQuestionIds(java.util.Map.of("pr-remote-access", "partial")));

    Answer hidden = answer("pr-remote-access", "na", null, true);
    assertThat(hidden.visibleQuestionIds()).as("visibility: another answer hides it again")
        .doesNotContain("pr-remote-mfa");
    Answer unchanged = answer("pr-remote-access", "na", null, true);
    assertThat(unchanged.visibleQuestionIds()).as("visibility: an unchanged answer reads the stored answers")
        .isEqualTo(hidden.visibleQuestionIds());
    assertThat(await(assessments.visibleQuestionIds(assessment))).as("visibility: of the assessment")
        .isEqualTo(hidden.visibleQuestionIds());
    assertThat(await(assessments.answers(assessment))).as("visibility: with each answer read")
        .allSatisfy(a -> assertThat(a.visibleQuestionIds()).isEqualTo(hidden.visibleQuestionIds()));
    assertThat(answer("gv-owner", "yes", null, false).visibleQuestionIds())
        .as("visibility: not worked out unless asked for").isNull();
  }

  /**
   * Two requests give the same answer to a new question at once (a double click, a retry): the second waits for
   * the first's lock, and its lock statement still sees no stored answer while its write finds the first's. It
   * must answer with the stored answer, not fail (it failed with INTERNAL: a null answer version).
   */
  @Test
  void theSameNewAnswerTwiceAtOnceGivesTheStoredAnswerToBoth() {
    SqlConnection holder = await(pool.getConnection());
    try {
      await(holder.query("BEGIN").execute());
      await(holder.preparedQuery("SELECT 1 FROM assessments WHERE id = $1 FOR UPDATE")
          .execute(Tuple.of(assessment.id())));
      Promise<Answer> first = Promise.promise();
      Promise<Answer> second = Promise.promise();
      loop.runOnContext(v -> {
        assessments.answer(actor(), assessment.id().toString(), "gv-owner", "yes", null, null, false)
            .onComplete(first);
        assessments.answer(actor(), assessment.id().toString(), "gv-owner", "yes", null, null, false)
            .onComplete(second);
      });
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> await(pool.query(
          "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'").execute()).iterator().next()
          .getLong(0) == 2);
      await(holder.query("COMMIT").execute());

      assertThat(await(first.future()).version()).isEqualTo(1);
      assertThat(await(second.future()).version()).as("the second gets the stored answer").isEqualTo(1);
      assertThat(await(second.future()).value()).isEqualTo("yes");
    } finally {
      holder.close();
    }
  }

  private Answer answer(String questionId, String value, String comment, boolean withVisibility) {
    return onLoop(loop, () -> assessments.answer(actor(), assessment.id().toString(), questionId, value, comment,
        null, withVisibility));
  }

  private Actor actor() {
    return new Actor(accountId, accountId + "@example.com", "127.0.0.1");
  }
}
