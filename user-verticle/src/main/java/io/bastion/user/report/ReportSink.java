package io.bastion.user.report;

import io.bastion.codecs.Addresses;
import io.bastion.codecs.Json;
import io.bastion.codecs.ReportEvent;
import io.bastion.user.db.Sql;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores each report once per (assessment, version), retires the outbox rows it answers and publishes it, as JSON,
 * to {@code reports.<accountId>} across the cluster: the SockJS bridge and the GraphQL subscriptions of every user
 * node listen there. A duplicate (a retried delivery) is acknowledged and not published again.
 *
 * <p>Reports arriving within a couple of milliseconds are stored together, in one transaction, so that a busy node
 * pays one commit for many reports. Used from its verticle's event loop only.
 */
public final class ReportSink {

  private static final Logger LOG = LoggerFactory.getLogger(ReportSink.class);
  private static final String FOREIGN_KEY_VIOLATION = "23503";

  private record Pending(ReportEvent report, String json, String answers, Promise<Boolean> stored) {
  }

  private final Vertx vertx;
  private final Pool pool;
  private final long lingerMs;
  private final int maxBatch;
  private final List<Pending> pending = new ArrayList<>();
  private long timer = -1;

  public ReportSink(Vertx vertx, Pool pool, long lingerMs, int maxBatch) {
    this.vertx = vertx;
    this.pool = pool;
    this.lingerMs = lingerMs;
    this.maxBatch = maxBatch;
  }

  /**
   * Completes when the report is durably stored (or was already); true when this call stored it.
   *
   * @param answers the snapshot the report was computed from, as JSON text
   */
  public Future<Boolean> store(ReportEvent report, String answers) {
    Promise<Boolean> stored = Promise.promise();
    pending.add(new Pending(report, Json.toString(report), answers, stored));
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
    List<Tuple> tuples = new ArrayList<>(batch.size());
    batch.forEach(p -> tuples.add(tuple(p)));
    // BEGIN, the batch and COMMIT go out pipelined: one round trip for the lot.
    pool.getConnection().compose(conn -> {
      Future<RowSet<Row>> begin = conn.query("BEGIN").execute();
      Future<RowSet<Row>> stored = conn.preparedQuery(Sql.STORE_REPORT).executeBatch(tuples);
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
        // One bad row (an assessment deleted meanwhile) fails the whole transaction: store one by one then.
        .onFailure(e -> batch.forEach(this::storeAlone));
  }

  private void storeAlone(Pending p) {
    pool.preparedQuery(Sql.STORE_REPORT).execute(tuple(p))
        .map(rows -> publishIfNew(p, rows.iterator().next()))
        .recover(e -> {
          if (e instanceof PgException pg && FOREIGN_KEY_VIOLATION.equals(pg.getSqlState())) {
            // The assessment was deleted (with its account) while its report was being computed: nothing to keep.
            LOG.debug("dropping report of deleted assessment {}", p.report().assessmentId());
            return Future.succeededFuture(false);
          }
          return Future.failedFuture(e);
        })
        .onComplete(p.stored());
  }

  private boolean publishIfNew(Pending p, Row row) {
    OffsetDateTime createdAt = row.getOffsetDateTime("created_at");
    if (createdAt == null) {
      return false;
    }
    vertx.eventBus().publish(Addresses.reports(p.report().accountId()),
        new JsonObject(p.json()).put("createdAt", createdAt.toInstant().toString()));
    return true;
  }

  private static Tuple tuple(Pending p) {
    ReportEvent report = p.report();
    return Tuple.tuple()
        .addUUID(report.assessmentId())
        .addLong(report.version())
        .addUUID(report.accountId())
        .addDouble(report.score())
        .addInteger(report.tier())
        .addBoolean(report.complete())
        .addString(p.json())
        .addString(p.answers())
        .addString(report.scoredBy());
  }
}
