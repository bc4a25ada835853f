package io.bastion.user.assessment;

import io.bastion.catalogue.Catalogue;
import io.bastion.catalogue.Catalogues;
import io.bastion.catalogue.Question;
import io.bastion.user.db.Sql;
import io.bastion.user.metrics.UserMeters;
import io.bastion.user.error.ApiException;
import io.bastion.user.organisation.AssessmentAccess;
import io.bastion.user.outbox.OutboxHandoff;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Assessments and their answers. Every read and write names the owning account: another account's assessment is
 * indistinguishable from one that does not exist. An answer that changes something commits, in one transaction,
 * the answer, the assessment's next version and the outbox row that will carry it to a security node; once
 * committed, the row goes to this node's relay.
 */
public final class AssessmentService {

  public static final int MAX_TITLE = 200;
  public static final int MAX_COMMENT = 4000;

  private final Pool pool;
  private final Catalogues catalogues;
  private final OutboxHandoff outbox;
  /**
   * Assessment id to owner, catalogue id and version; used from one event loop. The owner is part of it so that
   * a hit never answers for another account (which must get NOT_FOUND, not a word about the catalogue).
   */
  private final Map<UUID, CatalogueKey> catalogueOfAssessment = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<UUID, CatalogueKey> eldest) {
      return size() > 50_000;
    }
  };

  public AssessmentService(Pool pool, Catalogues catalogues, OutboxHandoff outbox) {
    this.pool = pool;
    this.catalogues = catalogues;
    this.outbox = outbox;
  }

  /** Starts an assessment in the account's personal space. */
  public Future<Assessment> start(UUID accountId, String catalogueId, String title) {
    return start(accountId, catalogueId, title, null);
  }

  /**
   * Starts an assessment in the account's personal space ({@code organisationId} null) or in an organisation,
   * whose membership (EDITOR or better) the caller has checked.
   */
  public Future<Assessment> start(UUID accountId, String catalogueId, String title, UUID organisationId) {
    Catalogue catalogue = catalogues.latest(catalogueId).orElse(null);
    if (catalogue == null) {
      return Future.failedFuture(ApiException.notFound("catalogue", catalogueId));
    }
    String cleanTitle = title == null || title.isBlank() ? catalogue.title() : title.strip();
    if (cleanTitle.indexOf('\u0000') >= 0) {
      return Future.failedFuture(ApiException.invalid("title may not contain the NUL character"));
    }
    if (cleanTitle.length() > MAX_TITLE) {
      return Future.failedFuture(ApiException.invalid("title too long (at most " + MAX_TITLE + " characters)"));
    }
    return pool.preparedQuery(Sql.INSERT_TEAM_ASSESSMENT)
        .execute(Tuple.of(UUID.randomUUID(), accountId, catalogue.id(), catalogue.version(), cleanTitle,
            organisationId))
        .map(rows -> {
          Assessment a = Assessment.of(rows.iterator().next());
          if (organisationId == null) {
            catalogueOfAssessment.put(a.id(), new CatalogueKey(accountId, a.catalogueId(), a.catalogueVersion()));
          }
          return a;
        });
  }

  /** The caller's personal assessments and those of every organisation they belong to, newest first. */
  public Future<List<Assessment>> list(UUID accountId) {
    return pool.preparedQuery(Sql.ASSESSMENTS_VISIBLE).execute(Tuple.of(accountId))
        .map(rows -> {
          List<Assessment> list = new ArrayList<>(rows.size());
          rows.forEach(r -> list.add(Assessment.of(r)));
          return list;
        });
  }

  /**
   * An assessment the caller may read (theirs, or of an organisation they belong to), with their role; NOT_FOUND
   * for anyone else, exactly like a missing id. Asked of the database every time: a removed member loses it at once.
   */
  public Future<Assessment> get(UUID accountId, String assessmentId) {
    UUID id = AssessmentAccess.parse(assessmentId);
    if (id == null) {
      return Future.failedFuture(ApiException.notFound("assessment", assessmentId));
    }
    return pool.preparedQuery(Sql.ASSESSMENT_VISIBLE).execute(Tuple.of(id, accountId))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(ApiException.notFound("assessment", assessmentId))
            : Future.succeededFuture(Assessment.of(rows.iterator().next())));
  }

  /** Deletes an assessment with its answers and reports; the caller has checked the grant (OWNER). */
  public Future<Boolean> delete(UUID assessmentId) {
    catalogueOfAssessment.remove(assessmentId);
    return pool.preparedQuery(Sql.DELETE_ASSESSMENT).execute(Tuple.of(assessmentId))
        .map(rows -> rows.rowCount() > 0);
  }

  /**
   * Answers of an assessment whose ownership the caller has already checked, each with the questions they show
   * (worked out once, from the list itself).
   */
  public Future<List<Answer>> answers(Assessment assessment) {
    return storedAnswers(assessment.id()).map(list -> {
      List<String> visible = catalogueOf(assessment).visibleQuestionIds(values(list));
      return list.stream().map(a -> a.withVisibleQuestionIds(visible)).toList();
    });
  }

  /** The questions shown with the assessment's current answers, in catalogue order. */
  public Future<List<String>> visibleQuestionIds(Assessment assessment) {
    return storedAnswers(assessment.id()).map(list -> catalogueOf(assessment).visibleQuestionIds(values(list)));
  }

  private Future<List<Answer>> storedAnswers(UUID assessmentId) {
    return pool.preparedQuery(Sql.ANSWERS_OF).execute(Tuple.of(assessmentId))
        .map(rows -> {
          List<Answer> list = new ArrayList<>(rows.size());
          rows.forEach(r -> list.add(Answer.of(r)));
          return list;
        });
  }

  private static Map<String, String> values(List<Answer> answers) {
    Map<String, String> values = new HashMap<>();
    answers.forEach(a -> values.put(a.questionId(), a.value()));
    return values;
  }

  public Catalogue catalogueOf(Assessment assessment) {
    return catalogues.get(assessment.catalogueId(), assessment.catalogueVersion())
        .orElseThrow(() -> new IllegalStateException("catalogue " + assessment.catalogueId() + " version "
            + assessment.catalogueVersion() + " is not loaded on this node"));
  }

  /**
   * Records an answer. The question must exist in the assessment's catalogue version and allow the value; an
   * answer identical to the stored one changes nothing and produces no new version.
   *
   * <p>One database round trip: BEGIN, the lock, the write and COMMIT go out pipelined. The write checks the owner
   * and the stored answer itself, and the catalogue check happens before, from the (immutable) catalogue version
   * of the assessment, looked up once.
   *
   * @param withVisibility also work out the questions shown once the answer is saved: from the new version's
   *                       snapshot when the answer changed something, else (rarely) from one more read
   */
  public Future<Answer> answer(UUID accountId, String assessmentId, String questionId, String value, String comment,
      boolean withVisibility) {
    UUID id = parseId(assessmentId);
    if (id == null) {
      return Future.failedFuture(ApiException.notFound("assessment", assessmentId));
    }
    if (comment != null && comment.indexOf('\u0000') >= 0) {
      return Future.failedFuture(ApiException.invalid("comment may not contain the NUL character"));
    }
    if (comment != null && comment.length() > MAX_COMMENT) {
      return Future.failedFuture(ApiException.invalid("comment too long (at most " + MAX_COMMENT + " characters)"));
    }
    String cleanComment = comment == null || comment.isBlank() ? null : comment;
    // Owner first: someone else's assessment is NOT_FOUND whatever the question, like one that does not exist.
    return catalogueKey(id, accountId, assessmentId)
        .compose(key -> {
          Catalogue catalogue = validate(key.catalogueId(), key.version(), questionId, value);
          Future<Written> written = write(accountId, id, assessmentId, questionId, value, cleanComment)
              .onSuccess(AssessmentService::counted);
          return withVisibility
              ? written.compose(w -> withShownQuestions(w, id, catalogue))
              : written.map(Written::answer);
        });
  }

  /** Counts only an answer that was written: an unchanged one re-sent (a retry, a double click) is not a new one. */
  private static void counted(Written written) {
    if (written.snapshot() != null) {
      UserMeters.answerAccepted();
    }
  }

  /** What the answer's transaction gave back: the answer, and the new version's snapshot (null when unchanged). */
  private record Written(Answer answer, String snapshot) {
  }

  private Future<Answer> withShownQuestions(Written written, UUID assessmentId, Catalogue catalogue) {
    Future<Map<String, String>> values;
    if (written.snapshot() != null) {
      JsonArray snapshot = new JsonArray(written.snapshot());
      Map<String, String> map = new HashMap<>();
      for (int i = 0; i < snapshot.size(); i++) {
        JsonObject a = snapshot.getJsonObject(i);
        map.put(a.getString("questionId"), a.getString("value"));
      }
      values = Future.succeededFuture(map);
    } else {
      values = storedAnswers(assessmentId).map(AssessmentService::values);
    }
    return values.map(v -> written.answer().withVisibleQuestionIds(catalogue.visibleQuestionIds(v)));
  }

  private Future<Written> write(UUID accountId, UUID id, String assessmentId, String questionId, String value,
      String comment) {
    boolean sendHere = outbox.hasRoom();
    // One map for both statements of the transaction (the lock uses three of its names).
    Map<String, Object> params = new HashMap<>();
    params.put("assessmentId", id);
    params.put("accountId", accountId);
    params.put("questionId", questionId);
    params.put("value", value);
    params.put("comment", comment);
    params.put("eventId", UUID.randomUUID());
    params.put("leaseSeconds", sendHere ? outbox.leaseSeconds() : 0.0);
    params.put("notify", !sendHere);
    return pool.getConnection().compose(conn -> {
      Future<RowSet<Row>> begin = conn.query("BEGIN").execute();
      Future<RowSet<Row>> lock = SqlTemplate.forQuery(conn, Sql.LOCK_FOR_ANSWER).execute(params);
      Future<RowSet<Row>> written = SqlTemplate.forQuery(conn, Sql.WRITE_ANSWER).execute(params);
      Future<RowSet<Row>> commit = conn.query("COMMIT").execute();
      return Future.join(begin, lock, written, commit)
          .eventually(conn::close)
          .transform(ar -> {
            // A failed statement aborts the transaction; PostgreSQL answers the COMMIT with a rollback.
            for (Future<RowSet<Row>> f : List.of(begin, lock, written, commit)) {
              if (f.failed()) {
                return Future.failedFuture(f.cause());
              }
            }
            if (lock.result().size() == 0) {
              return Future.failedFuture(ApiException.notFound("assessment", assessmentId));
            }
            if (written.result().size() == 0) {
              Row row = lock.result().iterator().next(); // unchanged: the stored answer stands
              if (row.getLong("answer_version") == null) {
                // The same answer to a new question, committed by a concurrent request while this one waited for
                // the lock: the lock's join still saw no answer (its snapshot is older), the write saw it.
                return storedAnswers(id).map(list -> new Written(list.stream()
                    .filter(a -> a.questionId().equals(questionId)).findFirst().orElseThrow(), null));
              }
              return Future.succeededFuture(new Written(new Answer(questionId, row.getString("value"),
                  row.getString("comment"), row.getLong("answer_version"),
                  row.getOffsetDateTime("answer_created_at").toInstant(),
                  row.getOffsetDateTime("answer_updated_at").toInstant(), null), null));
            }
            Row saved = written.result().iterator().next();
            if (sendHere) {
              outbox.send(saved); // committed: now the event may leave
            }
            return Future.succeededFuture(new Written(Answer.of(saved), saved.getString("answers")));
          });
    });
  }

  /** The owner, catalogue id and version of an assessment, remembered: they never change. */
  private record CatalogueKey(UUID accountId, String catalogueId, String version) {
  }

  /** The catalogue of an assessment of the account; NOT_FOUND when it is not the account's. */
  private Future<CatalogueKey> catalogueKey(UUID id, UUID accountId, String assessmentId) {
    CatalogueKey known = catalogueOfAssessment.get(id);
    if (known != null && known.accountId().equals(accountId)) {
      return Future.succeededFuture(known);
    }
    return pool.preparedQuery(Sql.ASSESSMENT).execute(Tuple.of(id, accountId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(ApiException.notFound("assessment", assessmentId));
          }
          Row row = rows.iterator().next();
          CatalogueKey key = new CatalogueKey(accountId, row.getString("catalogue_id"),
              row.getString("catalogue_version"));
          catalogueOfAssessment.put(id, key);
          return Future.succeededFuture(key);
        });
  }

  private Catalogue validate(String catalogueId, String catalogueVersion, String questionId, String value) {
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
    return catalogue;
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
