package io.bastion.user.audit;

/** The audit log's SQL (tables and functions in V9__audit_log.sql). */
final class AuditSql {

  private AuditSql() {
  }

  /** One statement: the database locks the chain's head, hashes and appends (see audit_append). */
  static final String APPEND = "SELECT audit_append($1, $2, $3, $4, $5, $6, $7, $8)";

  /**
   * APPEND only when the assessment ($9) was updated by the current transaction, with its new version added to the
   * detail: the answer path sends it pipelined before it knows whether the answer changed anything.
   */
  static final String APPEND_IF_ASSESSMENT_WRITTEN = """
      SELECT audit_append($1, $2, $3, $4, $5, $6, $7, $8::jsonb || jsonb_build_object('version', a.version))
      FROM assessments a
      WHERE a.id = $9 AND a.xmin = pg_current_xact_id_if_assigned()::xid""";

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

  /** The first statement of a verification's transaction: one snapshot for every page and the head. */
  static final String SNAPSHOT = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";

  /** Parameter: chain. Where the chain's last append left its head. */
  static final String HEAD = "SELECT last_id, hash FROM audit_heads WHERE chain = $1";
}
