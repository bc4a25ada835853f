package io.bastion.user.export;

import io.bastion.catalogue.Catalogue;
import io.bastion.catalogue.Catalogues;
import io.bastion.catalogue.CsfFunction;
import io.bastion.catalogue.Language;
import io.bastion.user.assessment.ActionItem;
import io.bastion.user.assessment.Target;
import io.bastion.user.evidence.Evidence;
import io.bastion.user.evidence.Evidences;
import io.bastion.user.db.Sql;
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
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads what an export needs, for a caller who may read the assessment (any role: OWNER, EDITOR, VIEWER; the
 * account's own): NOT_FOUND for anyone else, exactly as for an assessment that does not exist, and NOT_FOUND for a
 * version without a stored report. The action plan and the targets are read as they stand now, whatever the version.
 */
public final class ExportReader {

  /** The score history goes back at most this many reports from the exported one. */
  static final int MAX_HISTORY = 5_000;

  private final Pool pool;
  private final AssessmentAccess access;
  private final Catalogues catalogues;
  private final Clock clock;
  private final Evidences evidences;

  /** {@code clock} says what today is for overdue items, as for the plan in the API. */
  public ExportReader(Pool pool, AssessmentAccess access, Catalogues catalogues, Clock clock, Evidences evidences) {
    this.pool = pool;
    this.access = access;
    this.catalogues = catalogues;
    this.clock = clock;
    this.evidences = evidences;
  }

  /** The export in English: {@link #read(UUID, UUID, Long, Language)}. */
  public Future<ExportData> read(UUID accountId, UUID assessmentId, Long version) {
    return read(accountId, assessmentId, version, Language.DEFAULT);
  }

  /**
   * The export of report {@code version} of the assessment, the latest report when {@code version} is null, with the
   * catalogue's texts in {@code language}.
   */
  public Future<ExportData> read(UUID accountId, UUID assessmentId, Long version, Language language) {
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
            report.result().iterator().next(), language);
      });
    });
  }

  private Future<ExportData> withAnswersAndHistory(UUID assessmentId, Row assessment, Row report,
      Language language) {
    long version = report.getLong("version");
    Future<List<ExportData.Answer>> answers = pool.preparedQuery(ExportSql.ANSWERS_AT)
        .execute(Tuple.of(assessmentId, version)).map(ExportReader::answers);
    Future<List<ExportData.ScorePoint>> history = pool.preparedQuery(ExportSql.SCORE_HISTORY)
        .execute(Tuple.of(assessmentId, version, MAX_HISTORY)).map(ExportReader::history);
    String catalogueId = assessment.getString("catalogue_id");
    String catalogueVersion = assessment.getString("catalogue_version");
    Optional<Catalogue> catalogue = catalogues.get(catalogueId, catalogueVersion, language);
    Future<List<ActionItem>> actions = pool.preparedQuery(Sql.ACTIONS_OF).execute(Tuple.of(assessmentId))
        .map(rows -> actions(rows, catalogue, LocalDate.now(clock)));
    Future<List<Target>> targets = pool.preparedQuery(Sql.TARGETS_OF).execute(Tuple.of(assessmentId))
        .map(ExportReader::targets);
    // The caller's grant was checked in read(): forExport reads without asking again.
    Future<List<Evidence>> evidence = evidences.forExport(assessmentId);
    return Future.all(List.of(answers, history, actions, targets, evidence)).map(v -> new ExportData(assessmentId,
        assessment.getString("title"), catalogueId, catalogueVersion,
        assessment.getOffsetDateTime("created_at").toInstant(), version,
        report.getOffsetDateTime("created_at").toInstant(), (JsonObject) report.getValue("report"),
        answers.result(), history.result(), catalogue, actions.result(), targets.result(), evidence.result()));
  }

  /** The plan's items as the API shows them (status, closed by answer, overdue worked out the same way). */
  private static List<ActionItem> actions(RowSet<Row> rows, Optional<Catalogue> catalogue, LocalDate today) {
    List<ActionItem> list = new ArrayList<>(rows.size());
    for (Row r : rows) {
      list.add(ActionItem.of(r, catalogue.flatMap(c -> c.question(r.getString("question_id"))), today));
    }
    return list;
  }

  private static List<Target> targets(RowSet<Row> rows) {
    List<Target> list = new ArrayList<>(rows.size());
    rows.forEach(r -> list.add(Target.of(r)));
    list.sort(Comparator.comparing(t -> CsfFunction.valueOf(t.function())));
    return list;
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
          r.getDouble("score"), r.getInteger("tier"), functions));
    }
    Collections.reverse(list);
    return list;
  }
}
