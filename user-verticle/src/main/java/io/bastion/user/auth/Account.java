package io.bastion.user.auth;

import io.bastion.catalogue.Language;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.UUID;

/**
 * An account: its id, email, when it was made, and its language (null until chosen: the language of its mails,
 * English while null).
 */
public record Account(UUID id, String email, Instant createdAt, Language language) {

  /** An account that has not chosen a language. */
  public Account(UUID id, String email, Instant createdAt) {
    this(id, email, createdAt, null);
  }

  /** The language its mails are written in: its own, English when it chose none. */
  public Language mailLanguage() {
    return language == null ? Language.DEFAULT : language;
  }

  /** From a row with the columns id, email, created_at and (when the query has it) language. */
  static Account from(Row row) {
    return new Account(row.getUUID("id"), row.getString("email"), row.getOffsetDateTime("created_at").toInstant(),
        row.getColumnIndex("language") < 0 ? null : stored(row.getString("language")));
  }

  /** A stored code (the column allows only the codes we speak); null stays null. */
  public static Language stored(String code) {
    return code == null ? null : Language.parse(code).orElse(null);
  }
}
