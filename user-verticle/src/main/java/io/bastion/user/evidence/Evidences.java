package io.bastion.user.evidence;

import io.bastion.catalogue.Catalogue;
import io.bastion.catalogue.Question;
import io.bastion.codecs.Addresses;
import io.bastion.codecs.JsonText;
import io.bastion.user.assessment.Actor;
import io.bastion.user.assessment.Assessment;
import io.bastion.user.assessment.AssessmentService;
import io.bastion.user.audit.AuditEvent;
import io.bastion.user.audit.AuditKind;
import io.bastion.user.audit.AuditLog;
import io.bastion.user.error.ApiException;
import io.bastion.user.error.Reason;
import io.bastion.user.organisation.AssessmentAccess;
import io.bastion.user.organisation.Role;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Evidence of answers: an EDITOR or OWNER adds a file (checked by content before, see {@link EvidenceUpload}) or a
 * link to a question of the assessment's catalogue, or removes an item; everyone who may read the assessment lists
 * them and downloads the files; those who have it open see each change live (an {@code evidence} event on its feed
 * with the question's list after the change). At most {@link #MAX_ITEMS} items and {@link #MAX_BYTES} of files per
 * assessment.
 */
public final class Evidences {

  /** Items per assessment; also what the GraphQL cost counts for Assessment.evidence. */
  public static final int MAX_ITEMS = 200;
  public static final long MAX_BYTES = 200L * 1024 * 1024;
  public static final int MAX_NAME = 255;
  public static final int MAX_URL = 2000;

  /** A checked file: its sanitised name, detected type, bytes and their SHA-256 (hex). */
  public record Upload(String name, String mediaType, Buffer content, String sha256) {
  }

  /** A file to download: its sanitised name and bytes. */
  public record Download(String name, Buffer content) {
  }

  private final Pool pool;
  private final AssessmentService assessments;
  private final AssessmentAccess access;
  private final AuditLog audit;
  private final EventBus bus;
  private final Clock clock;

  public Evidences(Pool pool, AssessmentService assessments, AssessmentAccess access, AuditLog audit, EventBus bus,
      Clock clock) {
    this.pool = pool;
    this.assessments = assessments;
    this.access = access;
    this.audit = audit;
    this.bus = bus;
    this.clock = clock;
  }

  /**
   * The assessment for adding evidence to {@code questionId}: NOT_FOUND for an outsider or an unknown question,
   * FORBIDDEN for a VIEWER. Called before the upload's content is even looked at.
   */
  public Future<Assessment> writable(Actor actor, String assessmentId, String questionId) {
    return assessments.get(actor.accountId(), assessmentId).compose(a -> {
      if (!a.myRole().atLeast(Role.EDITOR)) {
        return Future.failedFuture(roleNotAllowed(a));
      }
      if (questionId == null || assessments.catalogueOf(a).question(questionId).isEmpty()) {
        return Future.failedFuture(ApiException.notFound("question", questionId));
      }
      return Future.succeededFuture(a);
    });
  }

  /** Adds a checked file to a question of an assessment {@link #writable} returned. */
  public Future<Evidence> addFile(Actor actor, Assessment a, String questionId, Upload file, LocalDate effective,
      LocalDate expires) {
    return add(actor, a, questionId, Evidence.FILE, file.name(), file.mediaType(), file.content().length(),
        file.sha256(), file.content(), null, effective, expires);
  }

  /** Adds a link (http or https only); the title defaults to the URL. */
  public Future<Evidence> addLink(Actor actor, String assessmentId, String questionId, String url, String title,
      String effectiveDate, String expiresOn) {
    LocalDate effective;
    LocalDate expires;
    String cleanUrl;
    String name;
    try {
      effective = date(effectiveDate, "effectiveDate", true);
      expires = expiry(effective, expiresOn);
      cleanUrl = url(url);
      name = name(title == null || title.isBlank() ? cleanUrl : title);
    } catch (ApiException e) {
      return Future.failedFuture(e);
    }
    return writable(actor, assessmentId, questionId).compose(a -> add(actor, a, questionId, Evidence.LINK, name,
        null, 0, null, null, cleanUrl, effective, expires));
  }

  private Future<Evidence> add(Actor actor, Assessment a, String questionId, String kind, String name,
      String mediaType, long size, String sha256, Buffer content, String url, LocalDate effective,
      LocalDate expires) {
    UUID id = UUID.randomUUID();
    Tuple params = Tuple.from(Arrays.asList(id, a.id(), questionId, kind, name, mediaType, size, sha256, content,
        url, effective, expires, actor.accountId(), (long) MAX_ITEMS, MAX_BYTES));
    JsonObject detail = new JsonObject().put("id", id.toString()).put("questionId", questionId).put("kind", kind)
        .put("name", name).put("mediaType", mediaType).put("size", size).put("sha256", sha256).put("url", url)
        .put("effectiveDate", effective.toString()).put("expiresOn", expires == null ? null : expires.toString());
    return pool.withTransaction(conn -> conn.preparedQuery(EvidenceSql.ADD).execute(params)
            .compose(rows -> added(rows.iterator().next()))
            .compose(v -> record(conn, AuditKind.EVIDENCE_ADDED, actor, a, detail)))
        .compose(v -> changed(a.id(), questionId))
        .map(list -> list.stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow());
  }

  private static Future<Void> added(Row row) {
    if (!row.getBoolean("allowed")) {
      return Future.failedFuture(ApiException.forbidden(Reason.ROLE_NOT_ALLOWED,
          "only an EDITOR or OWNER may add evidence", Map.of("allowed", "EDITOR, OWNER")));
    }
    if (!row.getBoolean("room")) {
      return Future.failedFuture(ApiException.conflict(Reason.EVIDENCE_FULL, "an assessment holds at most "
          + MAX_ITEMS + " evidence items and " + (MAX_BYTES >> 20) + " MiB of files",
          Map.of("max", MAX_ITEMS, "maxMiB", MAX_BYTES >> 20)));
    }
    return Future.succeededFuture();
  }

  /**
   * Removes an item: NOT_FOUND for an item of an assessment the caller may not read (or none), FORBIDDEN for a
   * VIEWER. Returns the removed item's id.
   */
  public Future<String> remove(Actor actor, String evidenceId) {
    UUID id = AssessmentAccess.parse(evidenceId);
    if (id == null) {
      return Future.failedFuture(ApiException.notFound("evidence", evidenceId));
    }
    return pool.preparedQuery(EvidenceSql.ITEM).execute(Tuple.of(id)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(ApiException.notFound("evidence", evidenceId));
      }
      Row item = rows.iterator().next();
      String questionId = item.getString("question_id");
      return assessments.get(actor.accountId(), item.getUUID("assessment_id").toString())
          .recover(e -> Future.failedFuture(e instanceof ApiException api && api.code()
              == io.bastion.user.error.ErrorCode.NOT_FOUND ? ApiException.notFound("evidence", evidenceId) : e))
          .compose(a -> {
            if (!a.myRole().atLeast(Role.EDITOR)) {
              return Future.failedFuture(roleNotAllowed(a));
            }
            JsonObject detail = new JsonObject().put("id", id.toString()).put("questionId", questionId)
                .put("kind", item.getString("kind")).put("name", item.getString("name"));
            return pool.withTransaction(conn -> conn.preparedQuery(EvidenceSql.REMOVE)
                    .execute(Tuple.of(id, actor.accountId()))
                    .compose(deleted -> deleted.size() == 1 ? Future.<Void>succeededFuture()
                        : Future.failedFuture(ApiException.forbidden(Reason.ROLE_NOT_ALLOWED,
                            "only an EDITOR or OWNER may remove evidence", Map.of("allowed", "EDITOR, OWNER"))))
                    .compose(v -> record(conn, AuditKind.EVIDENCE_REMOVED, actor, a, detail)))
                .compose(v -> changed(a.id(), questionId))
                .map(list -> id.toString());
          });
    });
  }

  /** The evidence of an assessment the caller may read (checked before), of one question or all, by question. */
  public Future<List<Evidence>> of(Assessment a, String questionId) {
    LocalDate today = LocalDate.now(clock);
    Future<RowSet<Row>> rows = questionId == null
        ? pool.preparedQuery(EvidenceSql.OF_ASSESSMENT).execute(Tuple.of(a.id()))
        : pool.preparedQuery(EvidenceSql.OF_QUESTION).execute(Tuple.of(a.id(), questionId));
    return rows.map(r -> list(r, today));
  }

  /**
   * The evidence of an assessment for the exports (OSCAL relevant-evidence, the workbook's sheet): every item with
   * its question, kind, name, media type, size, url (links), download path (files), effective date, expiry, who
   * added it and sha256. The caller has checked that its user may read the assessment.
   */
  public Future<List<Evidence>> forExport(UUID assessmentId) {
    LocalDate today = LocalDate.now(clock);
    return pool.preparedQuery(EvidenceSql.OF_ASSESSMENT).execute(Tuple.of(assessmentId)).map(r -> list(r, today));
  }

  /** The expired evidence of an assessment the caller may read (checked before), longest expired first. */
  public Future<List<ExpiredEvidence>> expired(Assessment a) {
    Catalogue catalogue = assessments.catalogueOf(a);
    LocalDate today = LocalDate.now(clock);
    return pool.preparedQuery(EvidenceSql.EXPIRED).execute(Tuple.of(a.id(), today)).map(rows -> {
      List<ExpiredEvidence> list = new ArrayList<>(rows.size());
      for (Evidence e : list(rows, today)) {
        String text = catalogue.question(e.questionId()).map(Question::text).orElse(e.questionId());
        list.add(new ExpiredEvidence(e.id(), e.questionId(), text, e.name(), e.expiresOn()));
      }
      return list;
    });
  }

  /** A file for {@code accountId}: NOT_FOUND for a link, a missing item or one of an assessment it may not read. */
  public Future<Download> download(UUID accountId, String evidenceId) {
    UUID id = AssessmentAccess.parse(evidenceId);
    if (id == null) {
      return Future.failedFuture(ApiException.notFound("evidence", evidenceId));
    }
    // Access first, bytes after: an outsider's request never makes the database read up to a file's size.
    return pool.preparedQuery(EvidenceSql.OWNER).execute(Tuple.of(id))
        .compose(owners -> owners.size() == 0 ? Future.succeededFuture(null)
            : access.of(accountId, owners.iterator().next().getUUID("assessment_id")))
        .compose(grant -> grant == null ? Future.failedFuture(ApiException.notFound("evidence", evidenceId))
            : pool.preparedQuery(EvidenceSql.CONTENT).execute(Tuple.of(id)))
        .compose(rows -> {
          Row row = rows.size() == 0 ? null : rows.iterator().next();
          return row == null || row.getBuffer("content") == null
              ? Future.failedFuture(ApiException.notFound("evidence", evidenceId)) // removed meanwhile
              : Future.succeededFuture(new Download(row.getString("name"), row.getBuffer("content")));
        });
  }

  private static List<Evidence> list(RowSet<Row> rows, LocalDate today) {
    List<Evidence> list = new ArrayList<>(rows.size());
    rows.forEach(r -> list.add(Evidence.of(r, today)));
    return list;
  }

  private Future<Void> record(SqlConnection conn, AuditKind kind, Actor actor, Assessment a, JsonObject detail) {
    return audit.record(conn, new AuditEvent(kind, actor.accountId(), actor.email(), actor.address(),
        a.organisationId(), a.id().toString(), detail));
  }

  /** After a committed change: the question's list read again and published on the assessment's feed. */
  private Future<List<Evidence>> changed(UUID assessmentId, String questionId) {
    LocalDate today = LocalDate.now(clock);
    return pool.preparedQuery(EvidenceSql.OF_QUESTION).execute(Tuple.of(assessmentId, questionId))
        .map(rows -> list(rows, today))
        .onSuccess(list -> {
          JsonArray items = new JsonArray();
          list.forEach(e -> items.add(e.toJson()));
          bus.publish(Addresses.assessment(assessmentId), JsonText.of(new JsonObject().put("type", "evidence")
              .put("assessmentId", assessmentId.toString()).put("questionId", questionId).put("evidence", items)));
        });
  }

  private static ApiException roleNotAllowed(Assessment a) {
    return ApiException.forbidden(Reason.ROLE_NOT_ALLOWED, "your role in this organisation (" + a.myRole()
        + ") may not do this; EDITOR may", Map.of("role", String.valueOf(a.myRole()), "allowed", "EDITOR, OWNER"));
  }

  /** A date as YYYY-MM-DD; INVALID_INPUT otherwise, or when required and missing. Null when optional and blank. */
  public static LocalDate date(String text, String field, boolean required) {
    if (text == null || text.isBlank()) {
      if (required) {
        throw ApiException.invalid(Reason.DATE_REQUIRED, field + " is required, as YYYY-MM-DD",
            Map.of("field", field));
      }
      return null;
    }
    try {
      return LocalDate.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw ApiException.invalid(Reason.DATE_FORMAT, field + " must be a date as YYYY-MM-DD",
          Map.of("field", field));
    }
  }

  /** The optional expiry, which must come after the effective date. */
  public static LocalDate expiry(LocalDate effective, String text) {
    LocalDate expires = date(text, "expiresOn", false);
    if (expires != null && !expires.isAfter(effective)) {
      throw ApiException.invalid(Reason.EXPIRY_BEFORE_EFFECTIVE, "expiresOn must be after effectiveDate");
    }
    return expires;
  }

  /**
   * A name as shown and as the download's file name: the last path segment, without control characters or quotes,
   * at most {@link #MAX_NAME} characters; INVALID_INPUT when nothing is left.
   */
  public static String name(String raw) {
    String base = raw == null ? "" : raw.substring(Math.max(raw.lastIndexOf('/'), raw.lastIndexOf('\\')) + 1);
    StringBuilder clean = new StringBuilder();
    base.codePoints().filter(c -> !Character.isISOControl(c) && c != '"' && Character.getType(c) != Character.FORMAT)
        .forEach(clean::appendCodePoint);
    String name = clean.toString().strip();
    if (name.isEmpty() || name.equals(".") || name.equals("..")) {
      throw ApiException.invalid(Reason.EMPTY, "a name is needed", Map.of("field", "name"));
    }
    return name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
  }

  /** An absolute http or https URL with a host, at most {@link #MAX_URL} characters; INVALID_INPUT otherwise. */
  static String url(String text) {
    String url = text == null ? "" : text.strip();
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (url.length() > MAX_URL) {
        throw ApiException.invalid(Reason.TOO_LONG, "url too long (at most " + MAX_URL + " characters)",
            Map.of("field", "url", "max", MAX_URL));
      }
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw ApiException.invalid(Reason.URL_NOT_HTTP, "url must be an http or https address");
      }
      return url;
    } catch (URISyntaxException e) {
      throw ApiException.invalid(Reason.URL_NOT_HTTP, "url must be an http or https address");
    }
  }
}
