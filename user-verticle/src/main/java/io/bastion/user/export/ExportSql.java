package io.bastion.user.export;

/** The exports' SQL: reads only, of one assessment the caller may read (checked before, by AssessmentAccess). */
final class ExportSql {

  private ExportSql() {
  }

  /** Parameter: assessment id. */
  static final String ASSESSMENT = """
      SELECT title, catalogue_id, catalogue_version, created_at FROM assessments WHERE id = $1""";

  /** The report of one version ($2), or the latest when $2 is null. Parameters: assessment id, version or null. */
  static final String REPORT = """
      SELECT version, report, created_at FROM reports
      WHERE assessment_id = $1 AND ($2::bigint IS NULL OR version = $2)
      ORDER BY version DESC LIMIT 1""";

  /**
   * The answers as they stood at one version: the last change of each question up to it, with who gave it (no
   * email once that account is deleted). Parameters: assessment id, version.
   */
  static final String ANSWERS_AT = """
      SELECT DISTINCT ON (h.question_id) h.question_id, h.value, h.comment, h.version, h.at, h.answered_by,
             p.email AS answered_by_email
      FROM answer_history h LEFT JOIN accounts p ON p.id = h.answered_by
      WHERE h.assessment_id = $1 AND h.version <= $2
      ORDER BY h.question_id, h.version DESC, h.id DESC""";

  /**
   * The newest reports up to one version, newest first, at most $3: version, time, score, tier and the function
   * scores (only that part of each report's JSON). Parameters: assessment id, version, limit.
   */
  static final String SCORE_HISTORY = """
      SELECT version, created_at, score, tier, (report->'functions')::text AS functions
      FROM reports WHERE assessment_id = $1 AND version <= $2
      ORDER BY version DESC LIMIT $3""";
}
