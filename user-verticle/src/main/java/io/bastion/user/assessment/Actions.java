package io.bastion.user.assessment;

import io.bastion.catalogue.Catalogue;
import io.bastion.codecs.Addresses;
import io.bastion.codecs.JsonText;
import io.bastion.user.audit.AuditEvent;
import io.bastion.user.audit.AuditKind;
import io.bastion.user.audit.AuditLog;
import io.bastion.user.db.Sql;
import io.bastion.user.error.ApiException;
import io.bastion.user.error.Reason;
import io.bastion.user.error.ErrorCode;
import io.bastion.user.organisation.AssessmentAccess;
import io.bastion.user.organisation.Role;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The action plan: an EDITOR or OWNER turns a finding into an item with an owner (the personal assessment's account,
 * or a member of its organisation), a due date and a status; everyone who may read the assessment sees the plan, and
 * those who have it open see each change live (an {@code actions} event on its feed with the whole plan).
 */
public final class Actions {

  public static final int MAX_TITLE = 200;
  /** Items per assessment: a plan, not a ticket system; also what the GraphQL cost counts for Assessment.actions. */
  public static final int MAX_ITEMS = 200;
  public static final int MAX_REASON = 2000;
  private static final java.util.regex.Pattern DATE =
      java.util.regex.Pattern.compile("(19|[2-9][0-9])[0-9]{2}-[0-9]{2}-[0-9]{2}");
  private static final Set<String> STATUSES =
      Set.of(ActionItem.OPEN, ActionItem.IN_PROGRESS, ActionItem.DONE, ActionItem.RISK_ACCEPTED);

  private final Pool pool;
  private final AssessmentService assessments;
  private final AuditLog audit;
  private final EventBus bus;
  private final Clock clock;

  public Actions(Pool pool, AssessmentService assessments, AuditLog audit, EventBus bus, Clock clock) {
    this.pool = pool;
    this.assessments = assessments;
    this.audit = audit;
    this.bus = bus;
    this.clock = clock;
  }

  /** Creates an item for a question of the assessment's catalogue; the owner defaults to the caller. */
  public Future<ActionItem> create(Actor actor, String assessmentId, String questionId, String title, String ownerId,
      String dueDate) {
    return writable(actor, assessmentId).compose(a -> {
      if (questionId == null || assessments.catalogueOf(a).question(questionId).isEmpty()) {
        return Future.failedFuture(ApiException.notFound("question", questionId));
      }
      String cleanTitle = title(title);
      LocalDate due = dueDate == null || dueDate.isBlank() ? null : date(dueDate);
      UUID owner = ownerId == null ? actor.accountId() : uuid(ownerId, "ownerId");
      UUID id = UUID.randomUUID();
      return pool.withTransaction(conn -> conn.preparedQuery(Sql.LOCK_ASSESSMENT).execute(Tuple.of(a.id()))
              .compose(locked -> conn.preparedQuery(Sql.CREATE_ACTION)
                  .execute(Tuple.of(id, a.id(), questionId, cleanTitle, owner, due, actor.accountId(), MAX_ITEMS)))
              .compose(rows -> checked(rows.iterator().next(), actor, a.id().toString())
                  .compose(v -> rows.iterator().next().getBoolean("room") ? Future.<Void>succeededFuture()
                      : Future.failedFuture(ApiException.conflict(Reason.PLAN_FULL, "the action plan holds at most "
                          + MAX_ITEMS + " items", java.util.Map.of("max", MAX_ITEMS)))))
              .compose(v -> record(conn, AuditKind.ACTION_CREATED, actor, a, new JsonObject().put("id", id.toString())
                  .put("questionId", questionId).put("title", cleanTitle).put("owner", owner.toString())
                  .put("dueDate", due == null ? null : due.toString()))))
          .compose(v -> changed(a))
          .map(list -> list.stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow());
    });
  }

  /**
   * Changes an item: a null argument keeps the field, an empty dueDate clears it; RISK_ACCEPTED needs a reason.
   * NOT_FOUND for an item of an assessment the caller may not read (or none), FORBIDDEN for a VIEWER.
   */
  public Future<ActionItem> update(Actor actor, String actionId, String title, String ownerId, String dueDate,
      String status, String reason) {
    UUID id = AssessmentAccess.parse(actionId);
    if (id == null) {
      return Future.failedFuture(ApiException.notFound("action", actionId));
    }
    return pool.preparedQuery(Sql.ACTION_ASSESSMENT).execute(Tuple.of(id)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(ApiException.notFound("action", actionId));
      }
      String assessmentId = rows.iterator().next().getUUID("assessment_id").toString();
      return assessments.get(actor.accountId(), assessmentId)
          // An assessment the caller may not read hides its items; an outage stays an outage.
          .recover(e -> Future.failedFuture(e instanceof ApiException api && api.code() == ErrorCode.NOT_FOUND
              ? ApiException.notFound("action", actionId) : e))
          .compose(a -> update(actor, a, id, title, ownerId, dueDate, status, reason));
    });
  }

  private Future<ActionItem> update(Actor actor, Assessment a, UUID id, String title, String ownerId, String dueDate,
      String status, String reason) {
    if (!a.myRole().atLeast(Role.EDITOR)) {
      return Future.failedFuture(roleNotAllowed(a));
    }
    String cleanTitle = title == null ? null : title(title);
    UUID owner = ownerId == null ? null : uuid(ownerId, "ownerId");
    String due = dueDate == null ? null : dueDate.isBlank() ? "" : date(dueDate).toString();
    if (status != null && !STATUSES.contains(status)) {
      return Future.failedFuture(ApiException.invalid(Reason.UNKNOWN_STATUS, "status must be one of " + STATUSES,
          java.util.Map.of("allowed", String.join(", ", STATUSES))));
    }
    String cleanReason = reason == null || reason.isBlank() ? null : reason.strip();
    if (ActionItem.RISK_ACCEPTED.equals(status) && cleanReason == null) {
      return Future.failedFuture(ApiException.invalid(Reason.RISK_REASON_REQUIRED, "accepting a risk needs a reason"));
    }
    if (cleanReason != null && !ActionItem.RISK_ACCEPTED.equals(status)) {
      return Future.failedFuture(ApiException.invalid(Reason.RISK_REASON_NOT_ALLOWED,
          "a reason goes with status RISK_ACCEPTED"));
    }
    if (cleanReason != null && (cleanReason.length() > MAX_REASON || cleanReason.indexOf('\u0000') >= 0)) {
      return Future.failedFuture(text("reason", "reason: at most " + MAX_REASON + " characters, no NUL", cleanReason,
          MAX_REASON));
    }
    JsonObject detail = new JsonObject().put("id", id.toString());
    if (cleanTitle != null) {
      detail.put("title", cleanTitle);
    }
    if (owner != null) {
      detail.put("owner", owner.toString());
    }
    if (due != null) {
      detail.put("dueDate", due.isEmpty() ? null : due);
    }
    if (status != null) {
      detail.put("status", status);
      if (cleanReason != null && ActionItem.RISK_ACCEPTED.equals(status)) {
        detail.put("reason", cleanReason);
      }
    }
    return pool.withTransaction(conn -> conn.preparedQuery(Sql.UPDATE_ACTION)
            .execute(Tuple.from(java.util.Arrays.asList(id, cleanTitle, owner, due, status, cleanReason,
                actor.accountId())))
            .compose(rows -> checked(rows.iterator().next(), actor, a.id().toString()))
            .compose(v -> record(conn, AuditKind.ACTION_CHANGED, actor, a, detail)))
        .compose(v -> changed(a))
        .map(list -> list.stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow());
  }

  /** The plan of an assessment the caller may read (checked before), oldest item first. */
  public Future<List<ActionItem>> of(Assessment a) {
    Catalogue catalogue = assessments.catalogueOf(a);
    LocalDate today = LocalDate.now(clock);
    return pool.preparedQuery(Sql.ACTIONS_OF).execute(Tuple.of(a.id())).map(rows -> {
      List<ActionItem> list = new ArrayList<>(rows.size());
      for (Row row : rows) {
        list.add(ActionItem.of(row, catalogue.question(row.getString("question_id")), today));
      }
      return list;
    });
  }

  private Future<Assessment> writable(Actor actor, String assessmentId) {
    return assessments.get(actor.accountId(), assessmentId).compose(a -> a.myRole().atLeast(Role.EDITOR)
        ? Future.succeededFuture(a)
        : Future.failedFuture(roleNotAllowed(a)));
  }

  private static ApiException roleNotAllowed(Assessment a) {
    return ApiException.forbidden(Reason.ROLE_NOT_ALLOWED, "your role in this organisation (" + a.myRole()
        + ") may not do this; EDITOR may", java.util.Map.of("role", String.valueOf(a.myRole()),
        "allowed", "EDITOR, OWNER"));
  }

  /** A refused text: EMPTY, NUL_CHARACTER or TOO_LONG, whichever it is. */
  private static ApiException text(String field, String message, String value, int max) {
    if (value.isEmpty()) {
      return ApiException.invalid(Reason.EMPTY, message, java.util.Map.of("field", field));
    }
    if (value.indexOf('\u0000') >= 0) {
      return ApiException.invalid(Reason.NUL_CHARACTER, message, java.util.Map.of("field", field));
    }
    return ApiException.invalid(Reason.TOO_LONG, message, java.util.Map.of("field", field, "max", max));
  }

  /** The statement's own checks: demoted since the first check (FORBIDDEN), or an owner who is no member. */
  private static Future<Void> checked(Row row, Actor actor, String assessmentId) {
    if (!row.getBoolean("allowed")) {
      return Future.failedFuture(ApiException.forbidden(Reason.ROLE_NOT_ALLOWED,
          "only an EDITOR or OWNER may change the action plan", java.util.Map.of("allowed", "EDITOR, OWNER")));
    }
    if (!row.getBoolean("owner_ok")) {
      return Future.failedFuture(ApiException.invalid(Reason.OWNER_NOT_MEMBER,
          "the owner must be a member of the assessment's organisation (or, for a personal assessment, its account)"));
    }
    return Future.succeededFuture();
  }

  private Future<Void> record(SqlConnection conn, AuditKind kind, Actor actor, Assessment a, JsonObject detail) {
    return audit.record(conn, new AuditEvent(kind, actor.accountId(), actor.email(), actor.address(),
        a.organisationId(), a.id().toString(), detail));
  }

  /** After a committed change: the plan read again and published on the assessment's feed. */
  private Future<List<ActionItem>> changed(Assessment a) {
    return of(a).onSuccess(list -> {
      JsonArray items = new JsonArray();
      list.forEach(i -> items.add(i.toJson()));
      bus.publish(Addresses.assessment(a.id()), JsonText.of(new JsonObject().put("type", "actions")
          .put("assessmentId", a.id().toString()).put("actions", items)));
    });
  }

  private static String title(String title) {
    String clean = title == null ? "" : title.strip();
    if (clean.isEmpty() || clean.length() > MAX_TITLE || clean.indexOf('\u0000') >= 0) {
      throw text("title", "title: 1 to " + MAX_TITLE + " characters, no NUL", clean, MAX_TITLE);
    }
    return clean;
  }

  /** YYYY-MM-DD from 1900 to 9999: what the page's date field, PostgreSQL and the exports all read back alike. */
  private static LocalDate date(String text) {
    String clean = text.strip();
    try {
      if (DATE.matcher(clean).matches()) {
        return LocalDate.parse(clean);
      }
    } catch (DateTimeParseException e) {
      // refused below
    }
    throw ApiException.invalid(Reason.DUE_DATE_FORMAT,
        "dueDate must be a date as YYYY-MM-DD (years 1900 to 9999)");
  }

  private static UUID uuid(String text, String field) {
    UUID id = AssessmentAccess.parse(text);
    if (id == null) {
      throw ApiException.invalid(Reason.NOT_AN_ACCOUNT_ID, field + " is not an account id",
          java.util.Map.of("field", field));
    }
    return id;
  }
}
