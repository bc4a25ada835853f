package io.bastion.user.api;

import graphql.schema.DataFetchingEnvironment;
import io.bastion.user.audit.AuditChains;
import io.bastion.user.audit.AuditEntry;
import io.bastion.user.audit.AuditFilter;
import io.bastion.user.audit.AuditKind;
import io.bastion.user.audit.AuditReader;
import io.bastion.user.audit.AuditVerification;
import io.bastion.user.auth.Caller;
import io.bastion.user.error.ApiException;
import io.bastion.user.error.Reason;
import io.bastion.user.organisation.AssessmentAccess;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * Query.auditLog and Query.verifyAuditLog: an organisation's chain for its OWNERs, or the caller's own chain when
 * no organisation is named (see {@link AuditChains}).
 */
public final class AuditFetchers {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 500;

  private final AuditReader reader;
  private final AuditChains chains;

  public AuditFetchers(AuditReader reader, AuditChains chains) {
    this.reader = reader;
    this.chains = chains;
  }

  CompletionStage<List<Map<String, Object>>> auditLog(DataFetchingEnvironment env) {
    Caller.Authenticated caller = Fetch.authenticated(env);
    AuditFilter filter = filter(env);
    return Fetch.async(chains.readable(caller.accountId(), env.getArgument("organisationId"))
        .compose(chain -> reader.entries(chain, filter))
        .map(entries -> entries.stream().map(AuditFetchers::fields).toList()));
  }

  CompletionStage<AuditVerification> verifyAuditLog(DataFetchingEnvironment env) {
    Caller.Authenticated caller = Fetch.authenticated(env);
    return Fetch.async(chains.readable(caller.accountId(), env.getArgument("organisationId"))
        .compose(reader::verify));
  }

  /** The entry's fields for the schema's AuditEntry (plain maps all the way down). */
  private static Map<String, Object> fields(AuditEntry entry) {
    Map<String, Object> fields = new HashMap<>(entry.toJson().getMap());
    if (fields.get("actor") instanceof JsonObject actor) {
      fields.put("actor", actor.getMap());
    }
    return fields;
  }

  /** The arguments, checked: a bad one is INVALID_INPUT (an unknown actor id simply matches nothing). */
  static AuditFilter filter(DataFetchingEnvironment env) {
    Integer limit = env.getArgument("limit");
    if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
      throw ApiException.invalid(Reason.OUT_OF_RANGE, "limit must be 1 to " + MAX_LIMIT,
          java.util.Map.of("field", "limit", "min", 1, "max", MAX_LIMIT));
    }
    return new AuditFilter(after(env.getArgument("after")), limit == null ? DEFAULT_LIMIT : limit,
        actor(env.getArgument("actorId")), kind(env.getArgument("kind")), time(env.getArgument("from"), "from"),
        time(env.getArgument("to"), "to"));
  }

  private static long after(String after) {
    if (after == null) {
      return 0;
    }
    try {
      return Math.max(0, Long.parseLong(after));
    } catch (NumberFormatException e) {
      throw ApiException.invalid(Reason.MALFORMED_ID, "after must be the id of an audit entry",
          java.util.Map.of("field", "after"));
    }
  }

  private static UUID actor(String id) {
    if (id == null) {
      return null;
    }
    UUID uuid = AssessmentAccess.parse(id);
    if (uuid == null) {
      throw ApiException.invalid(Reason.NOT_AN_ACCOUNT_ID, "actorId must be an account id",
          java.util.Map.of("field", "actorId"));
    }
    return uuid;
  }

  /** log-in or LOG_IN alike. */
  private static AuditKind kind(String kind) {
    if (kind == null) {
      return null;
    }
    try {
      return AuditKind.valueOf(kind.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(Reason.UNKNOWN_KIND,
          "unknown kind: " + kind.substring(0, Math.min(kind.length(), 40)));
    }
  }

  private static Instant time(String text, String name) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      try {
        return java.time.OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e2) {
        throw ApiException.invalid(Reason.TIME_FORMAT,
            name + " must be an ISO-8601 time, e.g. 2026-01-31T12:00:00Z", java.util.Map.of("field", name));
      }
    }
  }
}
