package io.bastion.user.assessment;

import static io.bastion.user.testing.Fixtures.await;
import static io.bastion.user.testing.Fixtures.onLoop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.bastion.codecs.Addresses;
import io.bastion.codecs.JsonText;
import io.bastion.user.audit.AuditLog;
import io.bastion.user.error.ApiException;
import io.bastion.user.error.ErrorCode;
import io.bastion.user.organisation.AssessmentAccess;
import io.bastion.user.outbox.OutboxHandoff;
import io.bastion.user.testing.Fixtures;
import io.bastion.user.testing.TestDatabase;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Answering an organisation's assessment together, against a real PostgreSQL: who may answer (the grant, asked in
 * the answer's own transaction, whatever the node remembers), who answered, every change, conflicts, the live
 * answer event and sign-offs. Organisations and memberships are rows made here with SQL.
 */
@ExtendWith(VertxExtension.class)
class TeamAnswersTest {

  private static PgConnectOptions db;
  /** No relay here: outbox rows stay due in the table. */
  private static final OutboxHandoff NO_RELAY = Fixtures.NO_RELAY;

  private Context loop;
  private Pool pool;
  private AssessmentService assessments;
  private SignOffs signOffs;
  private UUID organisationId;
  private UUID owner;
  private UUID editor;
  private UUID viewer;
  private UUID outsider;
  private UUID assessmentId;
  private final List<JsonObject> feed = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void database() {
    db = TestDatabase.fresh("team_answers");
  }

  @BeforeEach
  void setUp(Vertx vertx) {
    io.bastion.user.testing.Fixtures.codecs(vertx);
    loop = vertx.getOrCreateContext();
    pool = TestDatabase.pool(vertx, db);
    await(Fixtures.registerCatalogues(pool));
    owner = await(Fixtures.account(pool));
    editor = await(Fixtures.account(pool));
    viewer = await(Fixtures.account(pool));
    outsider = await(Fixtures.account(pool));
    organisationId = UUID.randomUUID();
    await(pool.preparedQuery("INSERT INTO organisations (id, name, created_by) VALUES ($1, 'Acme', $2)")
        .execute(Tuple.of(organisationId, owner)));
    member(owner, "OWNER");
    member(editor, "EDITOR");
    member(viewer, "VIEWER");
    assessmentId = UUID.randomUUID();
    await(pool.preparedQuery("INSERT INTO assessments (id, account_id, catalogue_id, catalogue_version, title, "
        + "organisation_id) VALUES ($1, $2, 'baseline', $3, 'team', $4)")
        .execute(Tuple.of(assessmentId, owner, Fixtures.baseline().version(), organisationId)));
    AssessmentAccess access = new AssessmentAccess(pool);
    AuditLog audit = new AuditLog(pool);
    assessments = new AssessmentService(pool, Fixtures.catalogues(), NO_RELAY, access, audit,
        new AnswerBroadcast(vertx.eventBus()));
    signOffs = new SignOffs(pool, access, audit);
    MessageConsumer<Object> consumer = vertx.eventBus().consumer(Addresses.assessment(assessmentId),
        m -> feed.add(JsonText.read(m.body())));
    await(consumer.completion());
  }

  // ------------------------------------------------------------------ who may answer

  @Test
  void anEditorAnswersAndTheAnswerSaysWhoGaveIt() {
    Answer saved = answer(editor, "gv-owner", "yes");

    assertThat(saved.answeredBy()).as("answer: answeredBy is the editor")
        .isEqualTo(new Person(editor, editor + "@example.com"));
    Answer read = await(assessments.answers(await(assessments.get(owner, assessmentId.toString())))).get(0);
    assertThat(read.answeredBy()).as("answers as read back: answeredBy").isEqualTo(saved.answeredBy());
    assertThat(await(pool.preparedQuery("SELECT account_id FROM outbox WHERE assessment_id = $1")
        .execute(Tuple.of(assessmentId))).iterator().next().getUUID("account_id"))
        .as("outbox row: the answering account").isEqualTo(editor);
  }

  @Test
  void aViewerIsForbiddenAndAnOutsiderGetsWhatAMissingIdGets() {
    String missing = UUID.randomUUID().toString();
    ApiException outsiders = refusal(outsider, "gv-owner", "yes"); // cold: the node knows nothing yet
    ApiException missings = refusalOn(outsider, missing, "gv-owner", "yes");
    assertThat(outsiders.code()).as("outsider answering").isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(outsiders.getMessage().replace(assessmentId.toString(), "<id>"))
        .as("outsider: the message of a missing id").isEqualTo(missings.getMessage().replace(missing, "<id>"));
    assertThat(refusal(viewer, "gv-owner", "yes").code()).as("VIEWER answering").isEqualTo(ErrorCode.FORBIDDEN);

    answer(editor, "gv-owner", "yes"); // the node now remembers the assessment's catalogue
    assertThat(refusal(outsider, "gv-owner", "yes").code()).as("outsider, warm cache")
        .isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(refusal(outsider, "no-such-question", "yes").code())
        .as("outsider with an invalid question, warm cache: nothing about the catalogue")
        .isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(refusal(outsider, "gv-owner", "not-a-value").code())
        .as("outsider with an invalid value, warm cache").isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(refusal(viewer, "no-such-question", "yes").code())
        .as("VIEWER with an invalid question, warm cache").isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(refusal(editor, "no-such-question", "yes").code())
        .as("EDITOR with an invalid question").isEqualTo(ErrorCode.INVALID_INPUT);
    assertThat(version()).as("no refused answer made a version").isEqualTo(1);
  }

  @Test
  void aRemovedMemberIsRefusedAtOnceEvenWithAWarmCache() {
    answer(editor, "gv-owner", "yes");
    await(pool.preparedQuery("DELETE FROM memberships WHERE organisation_id = $1 AND account_id = $2")
        .execute(Tuple.of(organisationId, editor)));

    assertThat(refusal(editor, "gv-owner", "no").code()).as("removed member answering")
        .isEqualTo(ErrorCode.NOT_FOUND);
    await(pool.preparedQuery("UPDATE memberships SET role = 'VIEWER' WHERE organisation_id = $1 AND account_id = $2")
        .execute(Tuple.of(organisationId, owner)));
    assertThat(refusal(owner, "gv-owner", "no").code()).as("member demoted to VIEWER answering")
        .isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(version()).as("neither wrote").isEqualTo(1);
  }

  @Test
  void aDeletedAccountsAnswersStayWithNoOneNamed() {
    answer(editor, "gv-owner", "yes");
    await(pool.preparedQuery(io.bastion.user.db.Sql.DELETE_ACCOUNT).execute(Tuple.of(editor)));

    Answer kept = await(assessments.answers(await(assessments.get(owner, assessmentId.toString())))).get(0);
    assertThat(kept.value()).as("the organisation's answer stays").isEqualTo("yes");
    assertThat(kept.answeredBy()).as("answeredBy once the account is deleted").isNull();
    assertThat(await(assessments.history(owner, assessmentId.toString(), "gv-owner")))
        .extracting(AnswerChange::answeredBy).as("history: who, once deleted").containsExactly((Person) null);
  }

  // ------------------------------------------------------------------ history and conflicts

  @Test
  void theHistoryListsEveryChangeWithWhoAndWhen() {
    commented(editor, "gv-owner", "yes", "first");
    answer(owner, "gv-owner", "no");
    answer(owner, "gv-budget", "yes"); // another question: not in this history
    commented(editor, "gv-owner", "partial", "third");
    commented(editor, "gv-owner", "partial", "third"); // unchanged: not a change

    List<AnswerChange> history = await(assessments.history(viewer, assessmentId.toString(), "gv-owner"));
    assertThat(history).extracting(AnswerChange::value).as("history: oldest first")
        .containsExactly("yes", "no", "partial");
    assertThat(history).extracting(AnswerChange::version).containsExactly(1L, 2L, 4L);
    assertThat(history).extracting(c -> c.answeredBy().id()).as("history: who")
        .containsExactly(editor, owner, editor);
    assertThat(history).extracting(AnswerChange::comment).containsExactly("first", null, "third");
    assertThat(history.get(0).at()).as("history: when").isBeforeOrEqualTo(history.get(1).at());
    assertThat(catchApi(() -> await(assessments.history(outsider, assessmentId.toString(), "gv-owner"))).code())
        .as("history as an outsider").isEqualTo(ErrorCode.NOT_FOUND);
  }

  @Test
  void aChangeSinceTheExpectedVersionIsAConflictWithTheAnswerThatStands() {
    commented(editor, "gv-owner", "yes", "mine"); // version 1
    answer(owner, "gv-owner", "no"); // version 2, the editor did not see it

    ApiException conflict = refusalExpecting(editor, "gv-owner", "partial", 1);
    assertThat(conflict.code()).as("answer with a stale expectedVersion").isEqualTo(ErrorCode.CONFLICT);
    @SuppressWarnings("unchecked")
    Map<String, Object> current = (Map<String, Object>) conflict.extensions().get("current");
    assertThat(current).as("extensions.current").containsEntry("questionId", "gv-owner")
        .containsEntry("value", "no").containsEntry("version", 2L).containsEntry("comment", null)
        .containsEntry("answeredBy", Map.of("id", owner.toString(), "email", owner + "@example.com"))
        .containsKey("at");
    assertThat(version()).as("the conflict wrote nothing").isEqualTo(2);

    assertThat(expecting(editor, "gv-owner", "partial", 2).version()).as("with the version that stands")
        .isEqualTo(3);
    assertThat(refusalExpecting(editor, "gv-budget", "yes", 3).code())
        .as("expectedVersion for a question never answered").isEqualTo(ErrorCode.CONFLICT);
    assertThat(expecting(editor, "gv-budget", "yes", 0).version()).as("0: the client saw no answer").isEqualTo(4);
    assertThat(answer(owner, "gv-owner", "yes").version()).as("without expectedVersion the last write wins")
        .isEqualTo(5);
  }

  /**
   * Two members change one question at once, both from version 1: the second waits for the first's lock and its
   * stored answer is read after the lock, so it hears CONFLICT with the first's answer, not a lost update.
   */
  @Test
  void twoChangesFromTheSameVersionAtOnceMakeOneConflict() {
    answer(owner, "gv-owner", "no"); // version 1, seen by both
    SqlConnection holder = await(pool.getConnection());
    try {
      await(holder.query("BEGIN").execute());
      await(holder.preparedQuery("SELECT 1 FROM assessments WHERE id = $1 FOR UPDATE").execute(Tuple.of(assessmentId)));
      Promise<Answer> first = Promise.promise();
      Promise<Answer> second = Promise.promise();
      loop.runOnContext(v -> {
        assessments.answer(Fixtures.actor(editor), assessmentId.toString(), "gv-owner", "yes", null, 1, false)
            .onComplete(first);
        assessments.answer(Fixtures.actor(owner), assessmentId.toString(), "gv-owner", "partial", null, 1, false)
            .onComplete(second);
      });
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> await(pool.query(
          "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'").execute()).iterator().next()
          .getLong(0) == 2);
      await(holder.query("COMMIT").execute());

      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> first.future().isComplete()
          && second.future().isComplete());
      // Whichever got the lock first wins; the other hears of it.
      Promise<Answer> won = first.future().succeeded() ? first : second;
      Promise<Answer> lost = won == first ? second : first;
      assertThat(won.future().result().version()).as("the change that got the lock first").isEqualTo(2);
      ApiException conflict = catchApi(() -> await(lost.future()));
      assertThat(conflict.code()).as("the other change, from the same version").isEqualTo(ErrorCode.CONFLICT);
      assertThat(conflict.extensions().get("current")).as("extensions.current: the winner's answer")
          .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
          .containsEntry("value", won.future().result().value()).containsEntry("version", 2L);
      assertThat(version()).isEqualTo(2);
    } finally {
      holder.close();
    }
  }

  @Test
  void theStoredAnswerSentAgainWithAnOldVersionIsNotAConflict() {
    answer(editor, "gv-owner", "yes"); // version 1
    answer(owner, "gv-owner", "no"); // version 2

    Answer same = expecting(editor, "gv-owner", "no", 1);
    assertThat(same.version()).as("the same answer as stored, with an old expectedVersion").isEqualTo(2);
    assertThat(same.answeredBy().id()).as("it stands as its author gave it").isEqualTo(owner);
    assertThat(version()).isEqualTo(2);
  }

  /**
   * The ANSWER audit entry goes out pipelined before the write's outcome is known: it is appended only when the
   * answer changed the assessment, with the new version, and an answer that wrote nothing leaves no entry.
   */
  @Test
  void onlyAWrittenAnswerLeavesAnAuditEntryWithItsVersion() {
    answer(editor, "gv-owner", "yes");
    answer(editor, "gv-owner", "yes"); // unchanged
    refusal(viewer, "gv-owner", "no");
    Answer changed = answer(editor, "gv-owner", "no");
    List<JsonObject> entries = await(pool.preparedQuery(
            "SELECT detail FROM audit_log WHERE kind = 'ANSWER' AND target = $1 ORDER BY id")
        .execute(io.vertx.sqlclient.Tuple.of(assessmentId.toString())))
        .stream().map(r -> (JsonObject) r.getJson("detail")).toList();
    assertThat(entries).as("one entry per written answer").hasSize(2);
    assertThat(entries.get(0).getString("value")).isEqualTo("yes");
    assertThat(entries.get(0).getLong("version")).isEqualTo(1L);
    assertThat(entries.get(1).getLong("version")).isEqualTo(changed.version());
  }

  // ------------------------------------------------------------------ the live feed

  @Test
  void aChangedAnswerIsPublishedOnTheAssessmentsFeedAndAnUnchangedOneIsNot() {
    Answer saved = commented(editor, "gv-owner", "yes", "the CTO");
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> feed.size() == 1);
    JsonObject event = feed.get(0);
    assertThat(event).as("answer event").isEqualTo(new JsonObject().put("type", "answer")
        .put("assessmentId", assessmentId.toString()).put("questionId", "gv-owner").put("value", "yes")
        .put("comment", "the CTO").put("version", 1L)
        .put("answeredBy", new JsonObject().put("id", editor.toString()).put("email", editor + "@example.com"))
        .put("at", saved.updatedAt().toString()));

    commented(editor, "gv-owner", "yes", "the CTO"); // unchanged
    refusal(viewer, "gv-owner", "no");
    answer(owner, "gv-budget", "no"); // a marker: once it arrives, anything before it has too
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> feed.size() >= 2);
    assertThat(feed).extracting(e -> e.getString("questionId")).as("events: none for the unchanged or refused")
        .containsExactly("gv-owner", "gv-budget");
    assertThat(feed.get(1).containsKey("comment")).as("no comment: absent").isFalse();
  }

  // ------------------------------------------------------------------ sign-offs

  @Test
  void anOwnerSignsOffAStoredReportVersionOnce() {
    answer(editor, "gv-owner", "yes");
    report(1);

    SignOff signed = await(signOffs.signOff(Fixtures.actor(owner), assessmentId.toString(), 1, " checked "));
    assertThat(signed.version()).isEqualTo(1);
    assertThat(signed.signedBy()).isEqualTo(new Person(owner, owner + "@example.com"));
    assertThat(signed.note()).isEqualTo("checked");
    assertThat(await(signOffs.of(assessmentId))).as("sign-offs as read").containsExactly(signed);

    assertThat(signOffRefusal(owner, 1, null).code()).as("signed off already").isEqualTo(ErrorCode.CONFLICT);
    assertThat(signOffRefusal(owner, 2, null).code()).as("no report of that version")
        .isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(signOffRefusal(editor, 1, null).code()).as("an EDITOR").isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(signOffRefusal(viewer, 1, null).code()).as("a VIEWER").isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(signOffRefusal(outsider, 1, null).code()).as("an outsider").isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(signOffRefusal(outsider, 1, "x".repeat(3000)).code())
        .as("an outsider with a too long note: still only NOT_FOUND").isEqualTo(ErrorCode.NOT_FOUND);

    answer(editor, "gv-owner", "no");
    report(2);
    assertThat(signOffRefusal(owner, 2, "x".repeat(SignOffs.MAX_NOTE + 1)).code()).as("a note too long")
        .isEqualTo(ErrorCode.INVALID_INPUT);
    assertThat(signOffRefusal(owner, 2, "a\u0000b").code()).as("a note with NUL")
        .isEqualTo(ErrorCode.INVALID_INPUT);
    await(signOffs.signOff(Fixtures.actor(owner), assessmentId.toString(), 2, "x".repeat(SignOffs.MAX_NOTE)));
    assertThat(await(signOffs.of(assessmentId))).extracting(SignOff::version).containsExactly(1L, 2L);
  }

  @Test
  void anOwnerDemotedWhileTheSignOffWaitsIsRefused(Vertx vertx) throws Exception {
    answer(editor, "gv-owner", "yes");
    report(1);
    Pool other = TestDatabase.pool(vertx, db);
    SqlConnection demotion = await(other.getConnection());
    try {
      io.vertx.sqlclient.Transaction tx = await(demotion.begin());
      await(demotion.preparedQuery("UPDATE memberships SET role = 'EDITOR' WHERE organisation_id = $1 "
          + "AND account_id = $2").execute(Tuple.of(organisationId, owner)));
      // The first check reads the committed OWNER row; the INSERT's own check waits for the demotion's row lock.
      io.vertx.core.Future<SignOff> signing = signOffs.signOff(Fixtures.actor(owner), assessmentId.toString(), 1,
          null);
      Awaitility.await("the sign-off waiting for the membership row").atMost(Duration.ofSeconds(10)).until(() ->
          await(pool.query("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
              + "AND query LIKE '%INSERT INTO sign_offs%'").execute()).iterator().next().getLong(0) == 1L);
      await(tx.commit());
      assertThat(catchApi(() -> await(signing)).code()).isEqualTo(ErrorCode.FORBIDDEN);
      assertThat(await(signOffs.of(assessmentId))).isEmpty();
    } finally {
      await(demotion.close());
      await(other.close());
    }
  }

  @Test
  void aSignOffIsNotLeftWithoutItsAuditEntry() {
    answer(editor, "gv-owner", "yes");
    report(1);
    String trigger = "refuse_audit_" + owner.toString().replace("-", "");
    await(pool.query("CREATE FUNCTION " + trigger + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        + "RAISE EXCEPTION 'audit refused by the test'; END $$").execute());
    await(pool.query("CREATE TRIGGER " + trigger + " BEFORE INSERT ON audit_log FOR EACH ROW WHEN (NEW.actor_id = '"
        + owner + "'::uuid) EXECUTE FUNCTION " + trigger + "()").execute());
    try {
      assertThat(catchThrowable(() -> await(signOffs.signOff(Fixtures.actor(owner), assessmentId.toString(), 1,
          null)))).as("the audit entry failed").isNotNull();
      assertThat(await(signOffs.of(assessmentId))).as("so no sign-off").isEmpty();
    } finally {
      await(pool.query("DROP TRIGGER " + trigger + " ON audit_log").execute());
      await(pool.query("DROP FUNCTION " + trigger + "()").execute());
    }
    await(signOffs.signOff(Fixtures.actor(owner), assessmentId.toString(), 1, null));
    assertThat(await(pool.preparedQuery("SELECT count(*) FROM audit_log WHERE kind = 'SIGN_OFF' AND target = $1")
        .execute(Tuple.of(assessmentId.toString()))).iterator().next().getLong(0)).isEqualTo(1L);
  }

  // ------------------------------------------------------------------ helpers

  private void member(UUID account, String role) {
    await(pool.preparedQuery("INSERT INTO memberships (organisation_id, account_id, role) VALUES ($1, $2, $3)")
        .execute(Tuple.of(organisationId, account, role)));
  }

  private Answer answer(UUID account, String questionId, String value) {
    return send(account, questionId, value, null, null);
  }

  private Answer commented(UUID account, String questionId, String value, String comment) {
    return send(account, questionId, value, comment, null);
  }

  private Answer expecting(UUID account, String questionId, String value, int expectedVersion) {
    return send(account, questionId, value, null, expectedVersion);
  }

  private Answer send(UUID account, String questionId, String value, String comment, Integer expectedVersion) {
    return onLoop(loop, () -> assessments.answer(Fixtures.actor(account), assessmentId.toString(), questionId,
        value, comment, expectedVersion, false));
  }

  private ApiException refusal(UUID account, String questionId, String value) {
    return catchApi(() -> answer(account, questionId, value));
  }

  private ApiException refusalExpecting(UUID account, String questionId, String value, int expectedVersion) {
    return catchApi(() -> expecting(account, questionId, value, expectedVersion));
  }

  private ApiException refusalOn(UUID account, String id, String questionId, String value) {
    return catchApi(() -> onLoop(loop, () -> assessments.answer(Fixtures.actor(account), id, questionId, value,
        null, null, false)));
  }

  private ApiException signOffRefusal(UUID account, long version, String note) {
    return catchApi(() -> await(signOffs.signOff(Fixtures.actor(account), assessmentId.toString(), version, note)));
  }

  private static ApiException catchApi(Runnable call) {
    Throwable t = catchThrowable(call::run);
    while (t != null && !(t instanceof ApiException)) {
      t = t.getCause();
    }
    assertThat(t).as("an ApiException").isInstanceOf(ApiException.class);
    return (ApiException) t;
  }

  private long version() {
    return await(pool.preparedQuery("SELECT version FROM assessments WHERE id = $1").execute(Tuple.of(assessmentId)))
        .iterator().next().getLong(0);
  }

  /** A stored report of the version, as the sink would store it. */
  private void report(long version) {
    await(pool.preparedQuery("INSERT INTO reports (assessment_id, version, account_id, score, tier, complete, "
        + "report, answers, scored_by) VALUES ($1, $2, $3, 50, 2, false, '{}'::json, '[]'::json, 'test')")
        .execute(Tuple.of(assessmentId, version, owner)));
  }
}
