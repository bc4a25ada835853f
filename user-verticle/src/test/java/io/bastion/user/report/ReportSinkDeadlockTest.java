package io.bastion.user.report;

import static io.bastion.user.testing.Fixtures.await;
import static io.bastion.user.testing.Fixtures.onLoop;
import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.codecs.ReportEvent;
import io.bastion.user.assessment.AssessmentService;
import io.bastion.user.testing.Fixtures;
import io.bastion.user.testing.Reports;
import io.bastion.user.testing.TestDatabase;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 12, item 4: two user nodes' sinks storing batches over the same assessments at the same moment (as after
 * every node restarted at once, when leases ran out and the same versions were delivered twice) must not deadlock.
 * Each sink here has its own pool, as a node has; one gets the reports in one order, the other in the reverse
 * order. Deadlocks are counted by PostgreSQL itself (pg_stat_database), read once the sinks' connections have
 * ended, so that their statistics are flushed.
 */
@ExtendWith(VertxExtension.class)
class ReportSinkDeadlockTest {

  private static final String DATABASE = "sink_deadlock";
  private static final String ANSWERS = "pr-mfa-email=partial";
  private static final int ASSESSMENTS = 100;
  private static final int ROUNDS = 4;

  private static PgConnectOptions db;

  @BeforeAll
  static void database() {
    db = TestDatabase.fresh(DATABASE);
  }

  @Test
  void twoBatchesOverTheSameAssessmentsInOppositeOrdersDoNotDeadlock(Vertx vertx) {
    Context loop = vertx.getOrCreateContext();
    Pool checks = TestDatabase.pool(vertx, db);
    await(Fixtures.registerCatalogues(checks));
    UUID accountId = await(Fixtures.account(checks));
    AssessmentService assessments = Fixtures.assessments(vertx, checks, null);
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < ASSESSMENTS; i++) {
      ids.add(await(assessments.start(accountId, "baseline", "deadlock " + i)).id());
    }
    long deadlocksBefore = deadlocks(checks);

    Pool poolA = TestDatabase.pool(vertx, named("sink-a"));
    Pool poolB = TestDatabase.pool(vertx, named("sink-b"));
    // Connections open before the race, so that neither batch waits for a log-in while the other runs.
    await(Future.all(poolA.query("SELECT 1").execute(), poolB.query("SELECT 1").execute()));
    ReportSink sinkA = sink(vertx, poolA);
    ReportSink sinkB = sink(vertx, poolB);
    List<Boolean> stored = new ArrayList<>();
    for (long version = 1; version <= ROUNDS; version++) {
      List<ReportEvent> forward = new ArrayList<>();
      for (UUID id : ids) {
        forward.add(Reports.of(accountId, id, version));
      }
      List<ReportEvent> backward = new ArrayList<>(forward);
      Collections.reverse(backward);
      // Each sink flushes when its batch is full: both batches go out in the same turn of the event loop.
      stored.addAll(onLoop(loop, () -> {
        List<Future<Boolean>> all = new ArrayList<>();
        forward.forEach(r -> all.add(sinkA.store(r, ANSWERS)));
        backward.forEach(r -> all.add(sinkB.store(r, ANSWERS)));
        return Future.all(all).map(f -> f.<Boolean>list());
      }));
    }
    await(poolA.close());
    await(poolB.close());
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> sinkConnections(checks) == 0);

    assertThat(stored.stream().filter(s -> s).count())
        .as("every (assessment, version) stored exactly once by one of the two sinks")
        .isEqualTo((long) ASSESSMENTS * ROUNDS);
    assertThat(await(checks.preparedQuery("SELECT count(*) AS n FROM reports WHERE account_id = $1")
        .execute(Tuple.of(accountId))).iterator().next().getLong("n"))
        .as("rows in reports").isEqualTo((long) ASSESSMENTS * ROUNDS);
    assertThat(deadlocks(checks) - deadlocksBefore)
        .as("deadlocks PostgreSQL detected between the two sinks' batches").isZero();
    await(checks.close());
  }

  /**
   * A deadlock the lock order cannot prevent (with a transaction outside the sink) is retried, not lost: here a
   * transaction holds version 1 of the second assessment while the sink's batch waits for it, then asks for the
   * first; PostgreSQL aborts the sink's transaction (it waited longer); the other gives up, and the batch is stored.
   */
  @Test
  void aBatchLostToADeadlockIsStoredAgain(Vertx vertx) {
    Context loop = vertx.getOrCreateContext();
    Pool checks = TestDatabase.pool(vertx, db);
    await(Fixtures.registerCatalogues(checks));
    UUID accountId = await(Fixtures.account(checks));
    AssessmentService assessments = Fixtures.assessments(vertx, checks, null);
    List<UUID> ids = new ArrayList<>(List.of(await(assessments.start(accountId, "baseline", "first")).id(),
        await(assessments.start(accountId, "baseline", "second")).id()));
    ids.sort(null); // the sink's lock order
    long deadlocksBefore = deadlocks(checks);
    Pool poolA = TestDatabase.pool(vertx, named("sink-a"));
    ReportSink sink = new ReportSink(vertx, poolA,
        new ReportBroadcast(vertx.eventBus()), 60_000, 2);
    SqlConnection other = await(checks.getConnection());
    await(other.query("BEGIN").execute());
    await(insertReport(other, accountId, ids.get(1)));

    Promise<List<Boolean>> stored = Promise.promise();
    loop.runOnContext(v -> Future.all(sink.store(Reports.of(accountId, ids.get(0), 1), ANSWERS),
            sink.store(Reports.of(accountId, ids.get(1), 1), ANSWERS))
        .map(f -> f.<Boolean>list()).onComplete(stored));
    Awaitility.await("the sink's batch waits for the other transaction").atMost(Duration.ofSeconds(10))
        .until(() -> waitingSinks(checks) == 1);
    // Closes the cycle; the sink's transaction is the victim, so this insert goes through, and is undone.
    await(insertReport(other, accountId, ids.get(0)));
    await(other.query("ROLLBACK").execute());
    await(other.close());

    assertThat(await(stored.future())).as("both reports stored by the sink after the deadlock")
        .containsExactly(true, true);
    // now() is the start of a transaction: the batch was stored again whole, not report by report.
    assertThat(await(checks.preparedQuery(
        "SELECT count(DISTINCT created_at) AS n FROM reports WHERE account_id = $1").execute(Tuple.of(accountId)))
        .iterator().next().getLong("n")).as("transactions that stored the batch").isEqualTo(1);
    await(poolA.close());
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> sinkConnections(checks) == 0);
    assertThat(deadlocks(checks) - deadlocksBefore).as("the deadlock did happen").isEqualTo(1);
    await(checks.close());
  }

  private static Future<?> insertReport(SqlConnection conn, UUID accountId, UUID assessmentId) {
    return conn.preparedQuery("""
        INSERT INTO reports (assessment_id, version, account_id, score, tier, complete, report, answers)
        VALUES ($1, 1, $2, 1, 1, false, '{}', '[]')""").execute(Tuple.of(assessmentId, accountId));
  }

  private static long waitingSinks(Pool pool) {
    return await(pool.preparedQuery("""
        SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'sink-a' AND wait_event_type = 'Lock'""")
        .execute()).iterator().next().getLong("n");
  }

  private static ReportSink sink(Vertx vertx, Pool pool) {
    io.bastion.user.testing.Fixtures.codecs(vertx);
    return new ReportSink(vertx, pool, new ReportBroadcast(vertx.eventBus()),
        60_000, ASSESSMENTS);
  }

  private static PgConnectOptions named(String applicationName) {
    return new PgConnectOptions(db).addProperty("application_name", applicationName);
  }

  private static long sinkConnections(Pool pool) {
    return await(pool.preparedQuery(
        "SELECT count(*) AS n FROM pg_stat_activity WHERE application_name IN ('sink-a', 'sink-b')")
        .execute()).iterator().next().getLong("n");
  }

  private static long deadlocks(Pool pool) {
    return await(pool.preparedQuery("SELECT deadlocks FROM pg_stat_database WHERE datname = $1")
        .execute(Tuple.of(DATABASE))).iterator().next().getLong("deadlocks");
  }
}
