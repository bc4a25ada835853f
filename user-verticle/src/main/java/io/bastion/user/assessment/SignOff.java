package io.bastion.user.assessment;

import io.vertx.sqlclient.Row;
import java.time.Instant;

/** An OWNER's sign-off of a stored report version (GraphQL SignOff); signedBy is null once that account is gone. */
public record SignOff(long version, Person signedBy, String note, Instant at) {

  static SignOff of(Row row) {
    return new SignOff(row.getLong("version"), Person.of(row, "signed_by"), row.getString("note"),
        row.getOffsetDateTime("signed_at").toInstant());
  }
}
