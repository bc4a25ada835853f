package io.bastion.user.assessment;

import io.bastion.user.organisation.Role;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.UUID;

/**
 * An assessment as the caller sees it.
 *
 * @param accountId      its account for a personal one; who started it for an organisation's (null once deleted)
 * @param organisationId null for a personal assessment
 * @param myRole         the caller's role on it (OWNER of a personal one)
 */
public record Assessment(
    UUID id,
    UUID accountId,
    String catalogueId,
    String catalogueVersion,
    String title,
    long version,
    Instant createdAt,
    Instant updatedAt,
    UUID organisationId,
    Role myRole) {

  /** A row of the assessment columns; organisation_id and role when the query has them (else personal, OWNER). */
  static Assessment of(Row row) {
    boolean team = row.getColumnIndex("role") >= 0;
    return new Assessment(row.getUUID("id"), row.getUUID("account_id"), row.getString("catalogue_id"),
        row.getString("catalogue_version"), row.getString("title"), row.getLong("version"),
        row.getOffsetDateTime("created_at").toInstant(), row.getOffsetDateTime("updated_at").toInstant(),
        team ? row.getUUID("organisation_id") : null, team ? Role.valueOf(row.getString("role")) : Role.OWNER);
  }
}
