package io.bastion.user.export;

import io.bastion.catalogue.Catalogues;
import io.bastion.user.error.ApiException;
import io.bastion.user.error.ErrorCode;
import io.bastion.user.organisation.AssessmentAccess;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads what an export needs, for a caller who may read the assessment (any role: OWNER, EDITOR, VIEWER; the
 * account's own): NOT_FOUND for anyone else, exactly as for an assessment that does not exist, and NOT_FOUND for a
 * version without a stored report.
 */
public final class ExportReader {

  /** The score history goes back at most this many reports from the exported one. */
  static final int MAX_HISTORY = 5_000;

  private final Pool pool;
  private final AssessmentAccess access;
  private final Catalogues catalogues;

  public ExportReader(Pool pool, AssessmentAccess access, Catalogues catalogues) {
    this.pool = pool;
    this.access = access;
    this.catalogues = catalogues;
  }

  /** The export of report {@code version} of the assessment, the latest report when {@code version} is null. */
  public Future<ExportData> read(UUID accountId, UUID assessmentId, Long version) {
    return access.of(accountId, assessmentId).compose(grant -> {
      if (grant == null) {
        return Future.failedFuture(ApiException.notFound("assessment", assessmentId));
      }
      Future<RowSet<Row>> assessment = pool.preparedQuery(ExportSql.ASSESSMENT).execute(Tuple.of(assessmentId));
      Future<RowSet<Row>> report = pool.preparedQuery(ExportSql.REPORT).execute(Tuple.of(assessmentId, version));
      return Future.all(assessment, report).compose(v -> {
        if (assessment.result().size() == 0) {
          return Future.failedFuture(ApiException.notFound("assessment", assessmentId));
        }
        if (report.result().size() == 0) {
          return Future.failedFuture(version == null
              ? new ApiException(ErrorCode.NOT_FOUND, "assessment " + assessmentId + " has no report yet")
              : ApiException.notFound("report version", version));
        }
        return withAnswersAndHistory(assessmentId, assessment.result().iterator().next(),
            report.result().iterator().next());
      });
    });
  }

  private Future<ExportData> withAnswersAndHistory(UUID assessmentId, Row assessment, Row report) {
    long version = report.getLong("version");
    Future<List<ExportData.Answer>> answers = pool.preparedQuery(ExportSql.ANSWERS_AT)
        .execute(Tuple.of(assessmentId, version)).map(ExportReader::answers);
    Future<List<ExportData.ScorePoint>> history = pool.preparedQuery(ExportSql.SCORE_HISTORY)
        .execute(Tuple.of(assessmentId, version, MAX_HISTORY)).map(ExportReader::history);
    return Future.all(answers, history).map(v -> {
      String catalogueId = assessment.getString("catalogue_id");
      String catalogueVersion = assessment.getString("catalogue_version");
      return new ExportData(assessmentId, assessment.getString("title"), catalogueId, catalogueVersion,
          assessment.getOffsetDateTime("created_at").toInstant(), version,
          report.getOffsetDateTime("created_at").toInstant(), (JsonObject) report.getValue("report"),
          answers.result(), history.result(), catalogues.get(catalogueId, catalogueVersion));
    });
  }

  private static List<ExportData.Answer> answers(RowSet<Row> rows) {
    List<ExportData.Answer> list = new ArrayList<>(rows.size());
    for (Row r : rows) {
      UUID by = r.getUUID("answered_by");
      String email = r.getString("answered_by_email");
      list.add(new ExportData.Answer(r.getString("question_id"), r.getString("value"), r.getString("comment"),
          r.getLong("version"), r.getOffsetDateTime("at").toInstant(), email == null ? null : by, email));
    }
    return list;
  }

  /** Rows newest first (the limit keeps the newest), returned oldest first. */
  private static List<ExportData.ScorePoint> history(RowSet<Row> rows) {
    List<ExportData.ScorePoint> list = new ArrayList<>(rows.size());
    for (Row r : rows) {
      Map<String, Double> functions = new LinkedHashMap<>();
      String text = r.getString("functions");
      JsonArray array = text == null ? new JsonArray() : new JsonArray(text);
      for (int i = 0; i < array.size(); i++) {
        JsonObject f = array.getJsonObject(i);
        functions.put(f.getString("function"), f.getDouble("score"));
      }
      list.add(new ExportData.ScorePoint(r.getLong("version"), r.getOffsetDateTime("created_at").toInstant(),
          r.getDouble("score"), r.getInteger("tier"), r.getString("tier_name"), functions));
    }
    Collections.reverse(list);
    return list;
  }
}
