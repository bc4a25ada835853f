package io.bastion.user.report;

import io.bastion.catalogue.Language;
import io.bastion.user.db.Sql;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads stored reports. A report is served as the map of its JSON (what the security node computed) plus the time
 * it was stored and the words in the language asked for (ReportText); callers check that the assessment belongs to the caller before asking.
 */
public final class ReportStore {

  private final Pool pool;
  private final ReportText text;

  public ReportStore(Pool pool, ReportText text) {
    this.pool = pool;
    this.text = text;
  }

  /**
   * Version, score, tier, completeness and time of at most {@code limit} reports with a version above
   * {@code afterVersion}, oldest first: cheap, for lists and trends.
   */
  public Future<List<Map<String, Object>>> summaries(UUID assessmentId, long afterVersion, int limit) {
    return pool.preparedQuery(Sql.REPORT_SUMMARIES).execute(Tuple.of(assessmentId, afterVersion, limit))
        .map(rows -> {
          List<Map<String, Object>> list = new ArrayList<>(rows.size());
          for (Row r : rows) {
            list.add(new JsonObject()
                .put("assessmentId", assessmentId.toString())
                .put("version", r.getLong("version"))
                .put("score", r.getDouble("score"))
                .put("tier", r.getInteger("tier"))
                .put("complete", r.getBoolean("complete"))
                .put("createdAt", r.getOffsetDateTime("created_at").toInstant().toString())
                .getMap());
          }
          return list;
        });
  }

  /** At most {@code limit} full reports with a version above {@code afterVersion}, oldest first, in {@code language}. */
  public Future<List<Map<String, Object>>> after(UUID assessmentId, long afterVersion, int limit, Language language) {
    return pool.preparedQuery(Sql.REPORTS_FULL).execute(Tuple.of(assessmentId, afterVersion, limit))
        .map(rows -> {
          List<Map<String, Object>> list = new ArrayList<>(rows.size());
          rows.forEach(r -> list.add(full(r, language)));
          return list;
        });
  }

  public Future<Map<String, Object>> latest(UUID assessmentId, Language language) {
    return pool.preparedQuery(Sql.LATEST_REPORT).execute(Tuple.of(assessmentId))
        .map(rows -> rows.size() == 0 ? null : full(rows.iterator().next(), language));
  }

  public Future<Map<String, Object>> version(UUID assessmentId, long version, Language language) {
    return pool.preparedQuery(Sql.REPORT).execute(Tuple.of(assessmentId, version))
        .map(rows -> rows.size() == 0 ? null : full(rows.iterator().next(), language));
  }

  private Map<String, Object> full(Row r, Language language) {
    JsonObject report = (JsonObject) r.getValue("report");
    return text.add(report.put("createdAt", r.getOffsetDateTime("created_at").toInstant().toString()), language)
        .getMap();
  }
}
