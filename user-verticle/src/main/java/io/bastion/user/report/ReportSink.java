package io.bastion.user.report;

import io.bastion.codecs.Addresses;
import io.bastion.codecs.Json;
import io.bastion.codecs.ReportEvent;
import io.bastion.user.db.Sql;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores each report once per (assessment, version), retires the outbox rows it answers and publishes it, as JSON,
 * to {@code reports.<accountId>} across the cluster: the SockJS bridge and the GraphQL subscriptions of every user
 * node listen there. A duplicate (a retried delivery) is acknowledged and not published again.
 */
public final class ReportSink {

  private static final Logger LOG = LoggerFactory.getLogger(ReportSink.class);
  private static final String FOREIGN_KEY_VIOLATION = "23503";

  private final Pool pool;
  private final EventBus eventBus;

  public ReportSink(Pool pool, EventBus eventBus) {
    this.pool = pool;
    this.eventBus = eventBus;
  }

  /** Completes when the report is durably stored (or was already); true when this call stored it. */
  public Future<Boolean> store(ReportEvent report, JsonArray answers) {
    JsonObject json = Json.toJsonObject(report);
    Tuple params = Tuple.tuple()
        .addUUID(report.assessmentId())
        .addLong(report.version())
        .addUUID(report.accountId())
        .addDouble(report.score())
        .addInteger(report.tier())
        .addBoolean(report.complete())
        .addValue(json)
        .addValue(answers)
        .addString(report.scoredBy());
    return pool.preparedQuery(Sql.STORE_REPORT).execute(params)
        .map(rows -> {
          Row row = rows.iterator().next();
          OffsetDateTime createdAt = row.getOffsetDateTime("created_at");
          if (createdAt == null) {
            return false;
          }
          eventBus.publish(Addresses.reports(report.accountId()),
              json.put("createdAt", createdAt.toInstant().toString()));
          return true;
        })
        .recover(e -> {
          if (e instanceof PgException pg && FOREIGN_KEY_VIOLATION.equals(pg.getSqlState())) {
            // The assessment was deleted (with its account) while its report was being computed: nothing to keep.
            LOG.debug("dropping report of deleted assessment {}", report.assessmentId());
            return Future.succeededFuture(false);
          }
          return Future.failedFuture(e);
        });
  }
}
