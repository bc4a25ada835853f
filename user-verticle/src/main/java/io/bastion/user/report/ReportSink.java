package io.bastion.user.report;

import io.bastion.codecs.Json;
import io.bastion.codecs.ReportEvent;
import io.bastion.user.db.Sql;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores each report once per (assessment, version) and retires the outbox rows it answers; then, for a report it
 * stored, hands it to the {@link ReportBroadcast} to be published. A duplicate (a retried delivery) is
 * acknowledged and not published again.
 *
 * <p>Reports arriving within a couple of milliseconds are stored together, in one transaction, so that a busy node
 * pays one commit for many reports, in one lock order (assessment, version) shared by every node. A deadlock or
 * serialization failure that still happens is tried again; a report that cannot be stored fails its future, and
 * the relay keeps its outbox row. Used from its verticle's event loop only.
 */
public final class ReportSink {

  private static final Logger LOG = LoggerFactory.getLogger(ReportSink.class);
  private static final String FOREIGN_KEY_VIOLATION = "23503";
  private static final String DEADLOCK_DETECTED = "40P01";
  private static final String SERIALIZATION_FAILURE = "40001";
  /** Tries of a batch, then of each report alone, before its promise fails (and the relay retries later). */
  private static final int MAX_ATTEMPTS = 3;
  private static final Comparator<Pending> LOCK_ORDER = Comparator
      .comparing((Pending p) -> p.report().assessmentId())
      .thenComparingLong(p -> p.report().version());

  private record Pending(ReportEvent report, String json, Map<String, Object> params, Promise<Boolean> stored) {
  }

  private final Vertx vertx;
  private final Pool pool;
  private final ReportBroadcast broadcast;
  private final long lingerMs;
  private final int maxBatch;
  private final SqlTemplate<Map<String, Object>, RowSet<Row>> storeOne;
  private final List<Pending> pending = new ArrayList<>();
  private long timer = -1;

  public ReportSink(Vertx vertx, Pool pool, ReportBroadcast broadcast, long lingerMs, int maxBatch) {
    this.vertx = vertx;
    this.pool = pool;
    this.broadcast = broadcast;
    this.lingerMs = lingerMs;
    this.maxBatch = maxBatch;
    this.storeOne = SqlTemplate.forQuery(pool, Sql.STORE_REPORT);
  }

  /**
   * Completes when the report is durably stored (or was already, or its assessment is gone); true when this call
   * stored it.
   *
   * @param basis the answers the report was computed from ({@link io.bastion.codecs.Basis}): the next report's
   *     baseline
   */
  public Future<Boolean> store(ReportEvent report, String basis) {
    Promise<Boolean> stored = Promise.promise();
    String json = Json.toString(report);
    pending.add(new Pending(report, json, params(report, json, basis), stored));
    if (pending.size() >= maxBatch) {
      flush();
    } else if (timer < 0) {
      timer = vertx.setTimer(lingerMs, t -> {
        timer = -1;
        flush();
      });
    }
    return stored.future();
  }

  private void flush() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    if (pending.isEmpty()) {
      return;
    }
    List<Pending> batch = new ArrayList<>(pending);
    pending.clear();
    // One lock order for every node's batches: by assessment, then version. Each row of the batch takes the
    // assessment's key-share lock (the reports foreign key), the (assessment, version) slot of reports and that
    // assessment's outbox rows; two batches taking these in arrival order could each hold what the other waits for
    // (40P01, seen when every node restarted at once and versions were delivered twice). An answer's transaction
    // locks one assessment only, so it never closes a cycle with a batch.
    batch.sort(LOCK_ORDER);
    storeBatch(batch, 1);
  }

  private void storeBatch(List<Pending> batch, int attempt) {
    List<Map<String, Object>> params = batch.stream().map(Pending::params).toList();
    // BEGIN, the batch and COMMIT go out pipelined: one round trip for the lot.
    pool.getConnection().compose(conn -> {
      Future<RowSet<Row>> begin = conn.query("BEGIN").execute();
      Future<RowSet<Row>> stored = SqlTemplate.forQuery(conn, Sql.STORE_REPORT).executeBatch(params);
      Future<RowSet<Row>> commit = conn.query("COMMIT").execute();
      return Future.join(begin, stored, commit).eventually(conn::close).map(v -> stored.result());
    })
        .onSuccess(rows -> {
          RowSet<Row> r = rows;
          for (Pending p : batch) {
            p.stored().complete(publishIfNew(p, r.iterator().next()));
            r = r.next();
          }
        })
        .onFailure(e -> {
          if (isTransient(e) && attempt < MAX_ATTEMPTS) {
            // A deadlock with something outside the sink or a serialization failure: the whole batch again.
            LOG.info("report batch of {} aborted ({}), storing it again", batch.size(), e.getMessage());
            storeBatch(batch, attempt + 1);
          } else {
            // One bad row (an assessment deleted meanwhile) fails the whole transaction: store one by one then.
            batch.forEach(p -> storeAlone(p, 1));
          }
        });
  }

  private void storeAlone(Pending p, int attempt) {
    storeOne.execute(p.params())
        .map(rows -> publishIfNew(p, rows.iterator().next()))
        .recover(e -> {
          if (e instanceof PgException pg && FOREIGN_KEY_VIOLATION.equals(pg.getSqlState())) {
            // The assessment was deleted (with its account) while its report was being computed: nothing to keep.
            LOG.debug("dropping report of deleted assessment {}", p.report().assessmentId());
            return Future.succeededFuture(false);
          }
          return Future.failedFuture(e);
        })
        .onSuccess(p.stored()::complete)
        .onFailure(e -> {
          if (isTransient(e) && attempt < MAX_ATTEMPTS) {
            storeAlone(p, attempt + 1);
          } else {
            // Not lost: the relay keeps the outbox row and sends it again after a backoff.
            p.stored().fail(e);
          }
        });
  }

  /** A deadlock victim or a serialization failure: the same statements succeed when run again. */
  static boolean isTransient(Throwable e) {
    return e instanceof PgException pg
        && (DEADLOCK_DETECTED.equals(pg.getSqlState()) || SERIALIZATION_FAILURE.equals(pg.getSqlState()));
  }

  /** Stored now (created_at is set) or already (null): only a report stored now is published. */
  private boolean publishIfNew(Pending p, Row row) {
    OffsetDateTime createdAt = row.getOffsetDateTime("created_at");
    if (createdAt == null) {
      return false;
    }
    broadcast.publish(p.report().assessmentId(), p.json(), createdAt.toInstant());
    return true;
  }

  private static Map<String, Object> params(ReportEvent report, String json, String basis) {
    Map<String, Object> params = new HashMap<>();
    params.put("assessmentId", report.assessmentId());
    params.put("version", report.version());
    params.put("accountId", report.accountId());
    params.put("score", report.score());
    params.put("tier", report.tier());
    params.put("complete", report.complete());
    params.put("report", json);
    params.put("basis", basis);
    params.put("scoredBy", report.scoredBy());
    return params;
  }
}
