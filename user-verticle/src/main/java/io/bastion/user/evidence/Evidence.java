package io.bastion.user.evidence;

import io.bastion.user.assessment.Person;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * An item of evidence of an answer (GraphQL Evidence), without its content: a FILE (name, detected media type, size,
 * sha256; downloaded from {@link #downloadPath()}) or a LINK (name, url). Expired: its expiry is before today (UTC),
 * as it was when read. This is also what the exports read ({@link Evidences#forExport}).
 *
 * @param addedBy null once that account is deleted
 */
public record Evidence(UUID id, UUID assessmentId, String questionId, String kind, String name, String mediaType,
    long size, String sha256, String url, LocalDate effectiveDate, LocalDate expiresOn, Person addedBy,
    Instant addedAt, boolean expired) {

  public static final String FILE = "FILE";
  public static final String LINK = "LINK";

  static Evidence of(Row row, LocalDate today) {
    String expires = row.getString("expires_on");
    LocalDate expiresOn = expires == null ? null : LocalDate.parse(expires);
    UUID by = row.getUUID("added_by");
    String email = row.getString("added_by_email");
    return new Evidence(row.getUUID("id"), row.getUUID("assessment_id"), row.getString("question_id"),
        row.getString("kind"), row.getString("name"), row.getString("media_type"), row.getLong("size"),
        row.getString("sha256"), row.getString("url"), LocalDate.parse(row.getString("effective_date")), expiresOn,
        by == null || email == null ? null : new Person(by, email), row.getOffsetDateTime("added_at").toInstant(),
        expiresOn != null && expiresOn.isBefore(today));
  }

  /** Where a file is downloaded (GET, as an attachment); null for a link. */
  public String downloadPath() {
    return FILE.equals(kind) ? "/evidence/file/" + id : null;
  }

  /** As the live feed carries it (the fields of GraphQL Evidence). */
  JsonObject toJson() {
    return new JsonObject().put("id", id.toString()).put("questionId", questionId).put("kind", kind)
        .put("name", name).put("mediaType", mediaType).put("size", size).put("sha256", sha256).put("url", url)
        .put("downloadPath", downloadPath()).put("effectiveDate", effectiveDate.toString())
        .put("expiresOn", expiresOn == null ? null : expiresOn.toString())
        .put("addedBy", addedBy == null ? null
            : new JsonObject().put("id", addedBy.id().toString()).put("email", addedBy.email()))
        .put("addedAt", addedAt.toString()).put("expired", expired);
  }
}
