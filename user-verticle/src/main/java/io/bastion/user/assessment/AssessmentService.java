package io.bastion.user.assessment;

import io.bastion.catalogue.Catalogue;
import io.bastion.catalogue.Catalogues;
import io.bastion.catalogue.Question;
import io.bastion.user.api.ApiException;
import io.bastion.user.db.Sql;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Assessments and their answers. Every read and write names the owning account: another account's assessment is
 * indistinguishable from one that does not exist. An answer that changes something commits, in one transaction,
 * the answer, the assessment's next version and the outbox row that will carry it to a security node.
 */
public final class AssessmentService {

  public static final int MAX_TITLE = 200;
  public static final int MAX_COMMENT = 4000;

  private final Pool pool;
  private final Catalogues catalogues;

  public AssessmentService(Pool pool, Catalogues catalogues) {
    this.pool = pool;
    this.catalogues = catalogues;
  }

  public Future<Assessment> start(UUID accountId, String catalogueId, String title) {
    Catalogue catalogue = catalogues.latest(catalogueId).orElse(null);
    if (catalogue == null) {
      return Future.failedFuture(ApiException.notFound("catalogue", catalogueId));
    }
    String cleanTitle = title == null || title.isBlank() ? catalogue.title() : title.strip();
    if (cleanTitle.length() > MAX_TITLE) {
      return Future.failedFuture(ApiException.invalid("title too long (at most " + MAX_TITLE + " characters)"));
    }
    return pool.preparedQuery(Sql.INSERT_ASSESSMENT)
        .execute(Tuple.of(UUID.randomUUID(), accountId, catalogue.id(), catalogue.version(), cleanTitle))
        .map(rows -> Assessment.of(rows.iterator().next()));
  }

  public Future<List<Assessment>> list(UUID accountId) {
    return pool.preparedQuery(Sql.ASSESSMENTS_OF).execute(Tuple.of(accountId))
        .map(rows -> {
          List<Assessment> list = new ArrayList<>(rows.size());
          rows.forEach(r -> list.add(Assessment.of(r)));
          return list;
        });
  }

  /** The caller's assessment, or NOT_FOUND (also when it belongs to someone else). */
  public Future<Assessment> get(UUID accountId, String assessmentId) {
    UUID id = parseId(assessmentId);
    if (id == null) {
      return Future.failedFuture(ApiException.notFound("assessment", assessmentId));
    }
    return pool.preparedQuery(Sql.ASSESSMENT).execute(Tuple.of(id, accountId))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(ApiException.notFound("assessment", assessmentId))
            : Future.succeededFuture(Assessment.of(rows.iterator().next())));
  }

  /** Answers of an assessment whose ownership the caller has already checked. */
  public Future<List<Answer>> answers(Assessment assessment) {
    return pool.preparedQuery(Sql.ANSWERS_OF).execute(Tuple.of(assessment.id()))
        .map(rows -> {
          List<Answer> list = new ArrayList<>(rows.size());
          rows.forEach(r -> list.add(Answer.of(r)));
          return list;
        });
  }

  public Catalogue catalogueOf(Assessment assessment) {
    return catalogues.get(assessment.catalogueId(), assessment.catalogueVersion())
        .orElseThrow(() -> new IllegalStateException("catalogue " + assessment.catalogueId() + " version "
            + assessment.catalogueVersion() + " is not loaded on this node"));
  }

  /**
   * Records an answer. The question must exist in the assessment's catalogue version and allow the value; an
   * answer identical to the stored one changes nothing and produces no new version.
   */
  public Future<Answer> answer(UUID accountId, String assessmentId, String questionId, String value, String comment) {
    UUID id = parseId(assessmentId);
    if (id == null) {
      return Future.failedFuture(ApiException.notFound("assessment", assessmentId));
    }
    if (comment != null && comment.length() > MAX_COMMENT) {
      return Future.failedFuture(ApiException.invalid("comment too long (at most " + MAX_COMMENT + " characters)"));
    }
    String cleanComment = comment == null || comment.isBlank() ? null : comment;
    return pool.withTransaction(conn -> conn.preparedQuery(Sql.LOCK_FOR_ANSWER)
        .execute(Tuple.of(id, accountId, questionId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(ApiException.notFound("assessment", assessmentId));
          }
          Row row = rows.iterator().next();
          validate(row.getString("catalogue_id"), row.getString("catalogue_version"), questionId, value);
          String stored = row.getString("value");
          if (value.equals(stored) && Objects.equals(cleanComment, row.getString("comment"))) {
            return Future.succeededFuture(new Answer(questionId, stored, row.getString("comment"),
                row.getLong("answer_version"), row.getOffsetDateTime("answer_created_at").toInstant(),
                row.getOffsetDateTime("answer_updated_at").toInstant()));
          }
          return write(conn, id, questionId, value, cleanComment);
        }));
  }

  private static Future<Answer> write(SqlConnection conn, UUID assessmentId, String questionId, String value,
      String comment) {
    return conn.preparedQuery(Sql.WRITE_ANSWER)
        .execute(Tuple.of(assessmentId, questionId, value, comment, UUID.randomUUID()))
        .map(rows -> Answer.of(rows.iterator().next()));
  }

  private void validate(String catalogueId, String catalogueVersion, String questionId, String value) {
    Catalogue catalogue = catalogues.get(catalogueId, catalogueVersion)
        .orElseThrow(() -> new IllegalStateException("catalogue " + catalogueId + " " + catalogueVersion
            + " is not loaded on this node"));
    Question question = catalogue.question(questionId)
        .orElseThrow(() -> ApiException.invalid("unknown question '" + questionId + "' in catalogue "
            + catalogueId));
    if (!question.allows(value)) {
      throw ApiException.invalid("value '" + value + "' is not allowed for question '" + questionId
          + "' (allowed: " + String.join(", ", question.allowedValues()) + ")");
    }
  }

  static UUID parseId(String id) {
    if (id == null || id.length() != 36) {
      return null;
    }
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
