package io.bastion.user.assessment;

import io.bastion.catalogue.Catalogue;
import io.bastion.catalogue.Language;
import io.bastion.catalogue.Catalogues;
import io.bastion.catalogue.Question;
import io.bastion.user.audit.AuditEvent;
import io.bastion.user.audit.AuditKind;
import io.bastion.user.audit.AuditLog;
import io.bastion.user.db.Sql;
import io.bastion.user.metrics.UserMeters;
import io.bastion.user.error.ApiException;
import io.bastion.user.error.Reason;
import io.bastion.user.organisation.AssessmentAccess;
import io.bastion.user.organisation.Role;
import io.bastion.user.outbox.OutboxHandoff;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Assessments and their answers. Every read and write names the caller's account: an assessment the caller has no
 * grant on is indistinguishable from one that does not exist. An answer (EDITOR or OWNER) that changes something
 * commits, in one transaction, the answer with who gave it, its history entry, the assessment's next version, the
 * outbox row that will carry it to a security node and its audit entry; once committed, the row goes to this
 * node's relay and the answer to the assessment's live feed.
 */
public final class AssessmentService {

  public static final int MAX_TITLE = 200;
  public static final int MAX_COMMENT = 4000;

  private final Pool pool;
  private final Catalogues catalogues;
  private final OutboxHandoff outbox;
  private final AssessmentAccess access;
  private final AuditLog audit;
  private final AnswerBroadcast broadcast;
  /**
   * Assessment id to catalogue id, version and organisation, which never change; used from one event loop. A hit
   * says nothing about who may answer (the answer's transaction checks that): when a question or value is refused
   * on a hit, access is checked first, so that an outsider hears NOT_FOUND, never a word about the catalogue.
   */
  private final Map<UUID, CatalogueKey> catalogueOfAssessment = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<UUID, CatalogueKey> eldest) {
      return size() > 50_000;
    }
  };

  public AssessmentService(Pool pool, Catalogues catalogues, OutboxHandoff outbox, AssessmentAccess access,
      AuditLog audit, AnswerBroadcast broadcast) {
    this.pool = pool;
    this.catalogues = catalogues;
    this.outbox = outbox;
    this.access = access;
    this.audit = audit;
    this.broadcast = broadcast;
  }

  /** Starts an assessment in the account's personal space. */
  public Future<Assessment> start(UUID accountId, String catalogueId, String title) {
    return start(new Actor(accountId, null, null), catalogueId, title, null);
  }

  /**
   * Starts an assessment in the actor's personal space ({@code organisationId} null) or in an organisation where
   * the actor is EDITOR or OWNER at the moment of the insert (the grant is part of the statement): NOT_FOUND for a
   * non-member, FORBIDDEN for a VIEWER. Audited in the same transaction: no assessment without its entry.
   */
  public Future<Assessment> start(Actor actor, String catalogueId, String title, UUID organisationId) {
    return start(actor, catalogueId, title, organisationId, Language.DEFAULT);
  }

  /** As above; without a title, the assessment is named after its catalogue in {@code language}. */
  public Future<Assessment> start(Actor actor, String catalogueId, String title, UUID organisationId,
      Language language) {
    Catalogue catalogue = catalogues.latest(catalogueId, language).orElse(null);
    if (catalogue == null) {
      return Future.failedFuture(ApiException.notFound("catalogue", catalogueId));
    }
    String cleanTitle = title == null || title.isBlank() ? catalogue.title() : title.strip();
    if (cleanTitle.indexOf('\u0000') >= 0) {
      return Future.failedFuture(ApiException.invalid(Reason.NUL_CHARACTER, "title may not contain the NUL character",
          Map.of("field", "title")));
    }
    if (cleanTitle.length() > MAX_TITLE) {
      return Future.failedFuture(ApiException.invalid(Reason.TOO_LONG, "title too long (at most " + MAX_TITLE + " characters)",
          Map.of("field", "title", "max", MAX_TITLE)));
    }
    return pool.withTransaction(conn -> conn.preparedQuery(Sql.INSERT_TEAM_ASSESSMENT)
        .execute(Tuple.of(UUID.randomUUID(), actor.accountId(), catalogue.id(), catalogue.version(), cleanTitle,
            organisationId))
        .compose(rows -> started(conn, actor, rows.iterator().next(), organisationId)))
        .onSuccess(a -> remember(a.id(), a.catalogueId(), a.catalogueVersion(), organisationId));
  }

  private Future<Assessment> started(SqlConnection conn, Actor actor, Row row, UUID organisationId) {
    if (row.getString("role") == null) {
      return Future.failedFuture(ApiException.notFound("organisation", organisationId));
    }
    if (row.getUUID("id") == null) {
      return Future.failedFuture(ApiException.forbidden(Reason.ROLE_NOT_ALLOWED, "your role in this organisation ("
          + row.getString("role") + ") may not start assessments; EDITOR may", Map.of("role", row.getString("role"),
          "allowed", "EDITOR, OWNER")));
    }
    Assessment a = Assessment.of(row);
    return audit.record(conn, new AuditEvent(AuditKind.ASSESSMENT_STARTED, actor.accountId(), actor.email(),
        actor.address(), a.organisationId(), a.id().toString(), new JsonObject()
        .put("catalogueId", a.catalogueId()).put("catalogueVersion", a.catalogueVersion()))).map(a);
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

  /**
   * Deletes an assessment with its answers and reports if the actor is its OWNER at that moment (its account, for
   * a personal one; the grant is part of the DELETE): NOT_FOUND for outsiders and missing ids, FORBIDDEN below
   * OWNER. Audited in the same transaction: no deletion without its entry. False when it went meanwhile.
   */
  public Future<Boolean> delete(Actor actor, String assessmentId) {
    UUID id = AssessmentAccess.parse(assessmentId);
    if (id == null) {
      return Future.failedFuture(ApiException.notFound("assessment", assessmentId));
    }
    return pool.withTransaction(conn -> conn.preparedQuery(Sql.DELETE_GRANTED_ASSESSMENT)
        .execute(Tuple.of(id, actor.accountId()))
        .compose(rows -> {
          Row row = rows.size() == 0 ? null : rows.iterator().next();
          if (row == null || row.getString("role") == null) {
            return Future.failedFuture(ApiException.notFound("assessment", assessmentId));
          }
          Role role = Role.valueOf(row.getString("role"));
          if (role != Role.OWNER) {
            return Future.failedFuture(ApiException.forbidden(Reason.ROLE_NOT_ALLOWED, "your role in this organisation ("
                + role + ") may not do this; OWNER may", Map.of("role", role.name(), "allowed", "OWNER")));
          }
          if (!row.getBoolean("deleted")) {
            return Future.succeededFuture(false);
          }
          return audit.record(conn, new AuditEvent(AuditKind.ASSESSMENT_DELETED, actor.accountId(), actor.email(),
              actor.address(), row.getUUID("organisation_id"), id.toString(), null)).map(true);
        }))
        .onSuccess(deleted -> catalogueOfAssessment.remove(id));
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
   * Records an answer (EDITOR or OWNER of the assessment). The question must exist in the assessment's catalogue
   * version and allow the value; an answer identical to the stored one changes nothing and produces no new version.
   * With {@code expectedVersion} (the version of the answer the client saw, 0 for none), an answer that changed
   * since is refused with CONFLICT, extensions.current holding the one that stands; without it the last write wins.
   *
   * <p>One database round trip: BEGIN, the lock, the stored answer, the write, the audit entry (appended only
   * when the write changed the assessment) and COMMIT go out pipelined. The write checks the caller's grant, the stored answer and the expected version
   * itself; the catalogue check happens before, from the (immutable) catalogue version of the assessment, looked
   * up once per node. A committed change is then published on the assessment's live feed.
   *
   * @param withVisibility also work out the questions shown once the answer is saved: from the new version's
   *                       snapshot when the answer changed something, else (rarely) from one more read
   */
  public Future<Answer> answer(Actor actor, String assessmentId, String questionId, String value, String comment,
      Integer expectedVersion, boolean withVisibility) {
    UUID id = AssessmentAccess.parse(assessmentId);
    if (id == null) {
      return Future.failedFuture(ApiException.notFound("assessment", assessmentId));
    }
    // These checks depend on the input alone: they tell an outsider nothing about the assessment.
    if (comment != null && comment.indexOf('\u0000') >= 0) {
      return Future.failedFuture(ApiException.invalid(Reason.NUL_CHARACTER, "comment may not contain the NUL character",
          Map.of("field", "comment")));
    }
    if (comment != null && comment.length() > MAX_COMMENT) {
      return Future.failedFuture(ApiException.invalid(Reason.TOO_LONG, "comment too long (at most " + MAX_COMMENT
          + " characters)", Map.of("field", "comment", "max", MAX_COMMENT)));
    }
    if (expectedVersion != null && expectedVersion < 0) {
      return Future.failedFuture(ApiException.invalid(Reason.OUT_OF_RANGE, "expectedVersion must be 0 or more",
          Map.of("field", "expectedVersion", "min", 0)));
    }
    String cleanComment = comment == null || comment.isBlank() ? null : comment;
    AnswerRequest request = new AnswerRequest(actor, id, assessmentId, questionId, value, cleanComment,
        expectedVersion == null ? null : expectedVersion.longValue());
    return target(id, actor.accountId(), assessmentId)
        .compose(target -> {
          Catalogue catalogue;
          try {
            catalogue = validate(target.key().catalogueId(), target.key().version(), questionId, value);
          } catch (ApiException refused) {
            return refusal(target, request, refused);
          }
          Future<Written> written = write(request, target.key()).onSuccess(AssessmentService::counted);
          return withVisibility
              ? written.compose(w -> withShownQuestions(w, id, catalogue))
              : written.map(Written::answer);
        });
  }

  /** One answer as asked for, its comment cleaned. */
  private record AnswerRequest(Actor actor, UUID id, String assessmentId, String questionId, String value,
      String comment, Long expectedVersion) {
  }

  /**
   * A refused question or value: told only to those who may answer. On a cached catalogue the caller's grant is
   * not known yet: an outsider gets NOT_FOUND and a VIEWER FORBIDDEN, as with a valid question.
   */
  private Future<Answer> refusal(Target target, AnswerRequest request, ApiException refused) {
    if (target.role() != null) {
      return Future.failedFuture(refused);
    }
    return access.require(request.actor().accountId(), request.assessmentId(), Role.EDITOR)
        .compose(grant -> Future.failedFuture(refused));
  }

  /** Every change of one answer, oldest first (VIEWER or more). */
  public Future<List<AnswerChange>> history(UUID accountId, String assessmentId, String questionId) {
    return access.require(accountId, assessmentId, Role.VIEWER)
        .compose(grant -> pool.preparedQuery(Sql.ANSWER_HISTORY).execute(Tuple.of(grant.assessmentId(), questionId)))
        .map(rows -> {
          List<AnswerChange> list = new ArrayList<>(rows.size());
          rows.forEach(r -> list.add(AnswerChange.of(r)));
          return list;
        });
  }

  /** Counts only an answer that was written: an unchanged one re-sent (a retry, a double click) is not a new one. */
  private static void counted(Written written) {
    if (written.snapshot() != null) {
      UserMeters.answerAccepted();
    }
  }

  /** The new version's answers, as the answer statement read them (question_ids and answer_values). */
  private static Map<String, String> snapshot(Row saved) {
    String[] questionIds = saved.getArrayOfStrings("question_ids");
    String[] values = saved.getArrayOfStrings("answer_values");
    Map<String, String> map = new HashMap<>(questionIds.length * 2);
    for (int i = 0; i < questionIds.length; i++) {
      map.put(questionIds[i], values[i]);
    }
    return map;
  }

  /** What the answer's transaction gave back: the answer, and the new version's snapshot (null when unchanged). */
  private record Written(Answer answer, Map<String, String> snapshot) {
  }

  private Future<Answer> withShownQuestions(Written written, UUID assessmentId, Catalogue catalogue) {
    Future<Map<String, String>> values;
    if (written.snapshot() != null) {
      values = Future.succeededFuture(written.snapshot());
    } else {
      values = storedAnswers(assessmentId).map(AssessmentService::values);
    }
    return values.map(v -> written.answer().withVisibleQuestionIds(catalogue.visibleQuestionIds(v)));
  }

  /** The statements of one answer's transaction, sent together; each one's result. */
  private record Transaction(Future<RowSet<Row>> begin, Future<RowSet<Row>> lock, Future<RowSet<Row>> stored,
      Future<RowSet<Row>> written, Future<Void> audited, Future<RowSet<Row>> commit) {

    List<Future<?>> all() {
      return List.of(begin, lock, stored, written, audited, commit);
    }
  }

  private Future<Written> write(AnswerRequest request, CatalogueKey key) {
    boolean sendHere = outbox.hasRoom();
    // One map for every statement of the transaction (each uses some of its names).
    Map<String, Object> params = new HashMap<>();
    params.put("assessmentId", request.id());
    params.put("accountId", request.actor().accountId());
    params.put("questionId", request.questionId());
    params.put("value", request.value());
    params.put("comment", request.comment());
    params.put("expectedVersion", request.expectedVersion());
    params.put("eventId", UUID.randomUUID());
    params.put("leaseSeconds", sendHere ? outbox.leaseSeconds() : 0.0);
    params.put("notify", !sendHere);
    // The audit statement adds the new version itself: it is known only once written.
    JsonObject detail = new JsonObject().put("questionId", request.questionId()).put("value", request.value());
    if (request.expectedVersion() != null) {
      detail.put("expectedVersion", request.expectedVersion());
    }
    Actor actor = request.actor();
    AuditEvent event = new AuditEvent(AuditKind.ANSWER, actor.accountId(), actor.email(), actor.address(),
        key.organisationId(), request.id().toString(), detail);
    return pool.getConnection().compose(conn -> {
      Transaction tx = new Transaction(
          conn.query("BEGIN").execute(),
          SqlTemplate.forQuery(conn, Sql.LOCK_FOR_ANSWER).execute(params),
          SqlTemplate.forQuery(conn, Sql.STORED_ANSWER).execute(params),
          SqlTemplate.forQuery(conn, Sql.WRITE_ANSWER).execute(params),
          // Appends only when the write above changed the assessment (no entry for an unchanged answer).
          audit.recordIfAssessmentWritten(conn, event, request.id()),
          conn.query("COMMIT").execute());
      return Future.join(tx.all())
          .eventually(conn::close)
          .transform(ar -> outcome(tx, request, sendHere));
    });
  }

  /** What the transaction's results mean: a written answer, the stored one, or a refusal. */
  private Future<Written> outcome(Transaction tx, AnswerRequest request, boolean sendHere) {
    for (Future<?> f : List.of(tx.begin(), tx.lock(), tx.stored(), tx.written())) {
      if (f.failed()) {
        return Future.failedFuture(f.cause()); // PostgreSQL answered the COMMIT with a rollback
      }
    }
    if (tx.lock().result().size() == 0) {
      return Future.failedFuture(ApiException.notFound("assessment", request.assessmentId()));
    }
    if (tx.written().result().size() == 0) {
      return unwritten(tx, request);
    }
    for (Future<?> f : List.of(tx.audited(), tx.commit())) {
      if (f.failed()) {
        return Future.failedFuture(f.cause()); // written, but the audit entry failed: all rolled back
      }
    }
    Row saved = tx.written().result().iterator().next();
    if (sendHere) {
      outbox.send(saved); // committed: now the event may leave
    }
    Actor actor = request.actor();
    Answer answer = Answer.of(saved, new Person(actor.accountId(), actor.email()));
    broadcast.publish(request.id(), answer.change());
    return Future.succeededFuture(new Written(answer, snapshot(saved)));
  }

  /**
   * Nothing was written (and the transaction rolled back): a VIEWER, the stored answer sent again (not a conflict,
   * whatever version the client saw), or a conflict with the stored answer, read under the lock.
   */
  private Future<Written> unwritten(Transaction tx, AnswerRequest request) {
    Role role = Role.valueOf(tx.lock().result().iterator().next().getString("role"));
    if (!role.atLeast(Role.EDITOR)) {
      return Future.failedFuture(mayNotAnswer(role));
    }
    RowSet<Row> stored = tx.stored().result();
    Answer current = stored.size() == 0 ? null : Answer.of(stored.iterator().next());
    if (current != null && current.value().equals(request.value())
        && Objects.equals(current.comment(), request.comment())) {
      return Future.succeededFuture(new Written(current, null));
    }
    long currentVersion = current == null ? 0 : current.version();
    if (request.expectedVersion() != null && request.expectedVersion() != currentVersion) {
      return Future.failedFuture(conflict(request, current));
    }
    // The grant changed between the lock and the write (a membership removed or weakened meanwhile): ask again.
    return access.require(request.actor().accountId(), request.assessmentId(), Role.EDITOR)
        .compose(grant -> Future.failedFuture(ApiException.conflict(Reason.ASSESSMENT_CHANGED,
            "the assessment changed while answering: try again", Map.of())));
  }

  private static ApiException mayNotAnswer(Role role) {
    return ApiException.forbidden(Reason.ROLE_NOT_ALLOWED, "your role in this organisation (" + role
        + ") may not answer; EDITOR or OWNER may", Map.of("role", String.valueOf(role), "allowed", "EDITOR, OWNER"));
  }

    private static ApiException conflict(AnswerRequest request, Answer current) {
    if (current == null) {
      return ApiException.conflict(Reason.NO_ANSWER_YET, "question '" + request.questionId()
          + "' has no answer yet (expectedVersion " + request.expectedVersion() + "): send expectedVersion 0",
          Map.of());
    }
    String by = current.answeredBy() == null ? "a deleted account" : current.answeredBy().email();
    return ApiException.conflict(Reason.ANSWER_CHANGED, "the answer to '" + request.questionId() + "' changed since version "
        + request.expectedVersion() + ": " + by + " answered '" + current.value() + "' (version "
        + current.version() + ")", Map.of("current", current.change().toMap()));
  }

  /** The catalogue id, version and organisation of an assessment, remembered: they never change. */
  private record CatalogueKey(String catalogueId, String version, UUID organisationId) {
  }

  /** The catalogue of the assessment and the caller's role on it, when that was asked (null on a cache hit). */
  private record Target(CatalogueKey key, Role role) {
  }

  private CatalogueKey remember(UUID assessmentId, String catalogueId, String version, UUID organisationId) {
    CatalogueKey key = new CatalogueKey(catalogueId, version, organisationId);
    catalogueOfAssessment.put(assessmentId, key);
    return key;
  }

  /**
   * The catalogue of an assessment: from the cache (which implies no access: the transaction checks it), or read
   * with the caller's role, and then NOT_FOUND for an outsider (like a missing id) and FORBIDDEN for a VIEWER.
   */
  private Future<Target> target(UUID id, UUID accountId, String assessmentId) {
    CatalogueKey known = catalogueOfAssessment.get(id);
    if (known != null) {
      return Future.succeededFuture(new Target(known, null));
    }
    return pool.preparedQuery(Sql.ANSWER_TARGET).execute(Tuple.of(id, accountId))
        .compose(rows -> {
          Row row = rows.size() == 0 ? null : rows.iterator().next();
          if (row == null || row.getString("role") == null) {
            return Future.failedFuture(ApiException.notFound("assessment", assessmentId));
          }
          CatalogueKey key = remember(id, row.getString("catalogue_id"), row.getString("catalogue_version"),
              row.getUUID("organisation_id"));
          Role role = Role.valueOf(row.getString("role"));
          if (!role.atLeast(Role.EDITOR)) {
            return Future.failedFuture(mayNotAnswer(role));
          }
          return Future.succeededFuture(new Target(key, role));
        });
  }

  private Catalogue validate(String catalogueId, String catalogueVersion, String questionId, String value) {
    Catalogue catalogue = catalogues.get(catalogueId, catalogueVersion)
        .orElseThrow(() -> new IllegalStateException("catalogue " + catalogueId + " " + catalogueVersion
            + " is not loaded on this node"));
    Question question = catalogue.question(questionId)
        .orElseThrow(() -> ApiException.invalid(Reason.UNKNOWN_QUESTION, "unknown question '" + questionId
            + "' in catalogue " + catalogueId, Map.of("question", String.valueOf(questionId))));
    if (!question.allows(value)) {
      throw ApiException.invalid(Reason.VALUE_NOT_ALLOWED, "value '" + value
          + "' is not allowed for question '" + questionId + "' (allowed: "
          + String.join(", ", question.allowedValues()) + ")", Map.of("question", questionId));
    }
    return catalogue;
  }
}
