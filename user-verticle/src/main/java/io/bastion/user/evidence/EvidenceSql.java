package io.bastion.user.evidence;

/** The statements of the evidence package, in one place. */
final class EvidenceSql {

  private EvidenceSql() {
  }

  /** The columns of an item as listed (never its content), with who added it. */
  private static final String COLUMNS = """
      e.id, e.assessment_id, e.question_id, e.kind, e.name, e.media_type, e.size, e.sha256, e.url,
      e.effective_date::text AS effective_date, e.expires_on::text AS expires_on, e.added_by,
      p.email AS added_by_email, e.added_at""";

  /**
   * Parameters: id, assessment id, question id, kind, name, media type, size, sha256, content, url, effective date,
   * expires on, account id, max items, max total bytes. Inserts only while the account is still allowed (the
   * personal assessment's account, or an EDITOR or OWNER of its organisation) and the assessment has room; the row
   * of the assessment is locked so that two uploads cannot both take the last room. One row: allowed, room.
   */
  static final String ADD = """
      WITH a AS (
        SELECT id, organisation_id, account_id FROM assessments WHERE id = $2 FOR UPDATE
      ), used AS (
        SELECT count(*) AS items, coalesce(sum(size), 0) AS bytes FROM evidence WHERE assessment_id = $2
      ), allowed AS (
        SELECT EXISTS (SELECT 1 FROM a WHERE a.organisation_id IS NULL AND a.account_id = $13)
               OR EXISTS (SELECT 1 FROM a JOIN memberships m ON m.organisation_id = a.organisation_id
                          WHERE m.account_id = $13 AND m.role IN ('OWNER', 'EDITOR')) AS ok
      ), room AS (
        SELECT used.items < $14::bigint AND used.bytes + $7::bigint <= $15::bigint AS ok FROM used
      ), ins AS (
        INSERT INTO evidence (id, assessment_id, question_id, kind, name, media_type, size, sha256, content, url,
                              effective_date, expires_on, added_by)
        SELECT $1::uuid, $2, $3::text, $4::text, $5::text, $6::text, $7::bigint, $8::text, $9::bytea, $10::text,
               $11::date, $12::date, $13
        FROM allowed, room WHERE allowed.ok AND room.ok
        RETURNING id
      )
      SELECT allowed.ok AS allowed, room.ok AS room FROM allowed, room""";

  /** Parameter: evidence id. The item's assessment and question (for the access check before a removal). */
  static final String ITEM = """
      SELECT assessment_id, question_id, kind, name FROM evidence WHERE id = $1""";

  /** Parameters: evidence id, account id. Deletes while the account may still edit; one row per deleted item. */
  static final String REMOVE = """
      DELETE FROM evidence e USING assessments a
      WHERE e.id = $1 AND a.id = e.assessment_id
        AND ((a.organisation_id IS NULL AND a.account_id = $2)
             OR EXISTS (SELECT 1 FROM memberships m WHERE m.organisation_id = a.organisation_id
                        AND m.account_id = $2 AND m.role IN ('OWNER', 'EDITOR')))
      RETURNING e.id""";

  /** Parameter: assessment id. Its items, by question then oldest first. */
  static final String OF_ASSESSMENT = "SELECT " + COLUMNS + """

      FROM evidence e LEFT JOIN accounts p ON p.id = e.added_by
      WHERE e.assessment_id = $1 ORDER BY e.question_id, e.added_at, e.id""";

  /** Parameters: assessment id, question id. The question's items, oldest first. */
  static final String OF_QUESTION = "SELECT " + COLUMNS + """

      FROM evidence e LEFT JOIN accounts p ON p.id = e.added_by
      WHERE e.assessment_id = $1 AND e.question_id = $2 ORDER BY e.added_at, e.id""";

  /** Parameters: assessment id, today. Items whose expiry is before today, longest expired first. */
  static final String EXPIRED = "SELECT " + COLUMNS + """

      FROM evidence e LEFT JOIN accounts p ON p.id = e.added_by
      WHERE e.assessment_id = $1 AND e.expires_on < $2::date ORDER BY e.expires_on, e.question_id, e.id""";

  /** Parameter: evidence id. A file's assessment, name and content (null content for a link). */
  /** Whose file it is: read before its bytes, which only a reader of that assessment gets. */
  static final String OWNER = """
      SELECT assessment_id FROM evidence WHERE id = $1 AND content IS NOT NULL""";

  static final String CONTENT = """
      SELECT name, content FROM evidence WHERE id = $1""";
}
