package io.bastion.user.audit;

/** The audit log's SQL (tables and functions in V9__audit_log.sql). */
final class AuditSql {

  private AuditSql() {
  }

  /** One statement: the database locks the chain's head, hashes and appends (see audit_append). */
  static final String APPEND = "SELECT audit_append($1, $2, $3, $4, $5, $6, $7, $8)";

  /** Parameter: the deleted account's id. The only UPDATE the triggers let through. */
  static final String PSEUDONYMISE = """
      UPDATE audit_log SET actor_email = 'deleted-account-' || left(encode(sha256(convert_to($1::text, 'UTF8')),
        'hex'), 8)
      WHERE actor_id = $1""";

  private static final String COLUMNS = """
      id, chain, at, kind, actor_id, actor_email, address, organisation_id, target, detail::text AS detail,
      prev_hash, hash""";

  /** Parameters: chain, after id, actor or null, kind or null, from or null, to or null, limit. Oldest first. */
  static final String PAGE = "SELECT " + COLUMNS + """
       FROM audit_log
      WHERE chain = $1 AND id > $2 AND ($3::uuid IS NULL OR actor_id = $3) AND ($4::text IS NULL OR kind = $4)
        AND ($5::timestamptz IS NULL OR at >= $5) AND ($6::timestamptz IS NULL OR at < $6)
      ORDER BY id LIMIT $7""";

  /** Parameters: chain, after id, limit: a page of the whole chain, for verifying and exporting. */
  static final String CHAIN = "SELECT " + COLUMNS + " FROM audit_log WHERE chain = $1 AND id > $2 ORDER BY id LIMIT $3";

  /** Parameter: chain. Where the chain's last append left its head. */
  static final String HEAD = "SELECT last_id, hash FROM audit_heads WHERE chain = $1";
}
