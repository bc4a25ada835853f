package io.bastion.user.db;

/**
 * Every SQL statement of the user service, in one place. Short statements take positional parameters ($1, $2...);
 * the long ones name theirs ({@code #{assessmentId}}) and run through vertx-sql-client-templates' {@code SqlTemplate}
 * with a map of those names. A name used twice is one parameter.
 */
public final class Sql {

  /** The LISTEN/NOTIFY channel on which a committed answer wakes the outbox relays. */
  public static final String OUTBOX_CHANNEL = "bastion_outbox";

  private Sql() {
  }

  // ------------------------------------------------------------------ accounts and sessions

  public static final String INSERT_ACCOUNT = """
      INSERT INTO accounts (id, email, password_hash, language) VALUES ($1, $2, $3, $4)
      ON CONFLICT DO NOTHING
      RETURNING id, email, created_at, language""";

  public static final String ACCOUNT_BY_EMAIL = """
      SELECT id, email, password_hash, created_at, language FROM accounts WHERE lower(email) = lower($1)""";

  public static final String ACCOUNT_BY_ID = """
      SELECT id, email, password_hash, created_at, language FROM accounts WHERE id = $1""";

  /** Sets the account's language (parameters: account id, code); the account as it is now. */
  public static final String SET_ACCOUNT_LANGUAGE = """
      UPDATE accounts SET language = $2 WHERE id = $1 RETURNING id, email, created_at, language""";

  /**
   * The languages an invitation mail could take (parameters: the invited email, the inviter's id): the invitee's
   * account's, the inviter's; each null when there is no such account or it chose none.
   */
  public static final String INVITATION_LANGUAGES = """
      SELECT (SELECT language FROM accounts WHERE lower(email) = lower($1) LIMIT 1) AS invitee,
             (SELECT language FROM accounts WHERE id = $2) AS inviter""";

  public static final String INSERT_SESSION = """
      INSERT INTO sessions (id, account_id, expires_at, address, user_agent) VALUES ($1, $2, $3, $4, $5)""";

  /**
   * A session counts only while neither revoked, expired nor idle (unused for $3 seconds), and only with its account
   * still there.
   */
  public static final String LIVE_SESSION = """
      SELECT a.id, a.email, a.created_at, a.language, s.expires_at, extract(epoch FROM (now() - s.last_used_at))::float8 AS idle
      FROM sessions s JOIN accounts a ON a.id = s.account_id
      WHERE s.id = $1 AND s.account_id = $2 AND s.revoked_at IS NULL AND s.expires_at > now()
        AND s.last_used_at > now() - make_interval(secs => $3)""";

  public static final String TOUCH_SESSION = """
      UPDATE sessions SET last_used_at = now() WHERE id = $1 AND revoked_at IS NULL""";

  /** The live sessions of an account (parameters: account id, idle seconds), the most recently used first. */
  public static final String ACCOUNT_SESSIONS = """
      SELECT id, created_at, last_used_at, address, user_agent FROM sessions
      WHERE account_id = $1 AND revoked_at IS NULL AND expires_at > now()
        AND last_used_at > now() - make_interval(secs => $2)
      ORDER BY last_used_at DESC, created_at DESC LIMIT 100""";

  /** Ends one session of an account (parameters: session id, account id). */
  public static final String REVOKE_ACCOUNT_SESSION = """
      UPDATE sessions SET revoked_at = now() WHERE id = $1 AND account_id = $2 AND revoked_at IS NULL""";

  public static final String REVOKE_SESSION = """
      UPDATE sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL""";

  public static final String REVOKE_OTHER_SESSIONS = """
      UPDATE sessions SET revoked_at = now() WHERE account_id = $1 AND id <> $2 AND revoked_at IS NULL""";

  public static final String REVOKE_ALL_SESSIONS = """
      UPDATE sessions SET revoked_at = now() WHERE account_id = $1 AND revoked_at IS NULL""";

  public static final String SET_PASSWORD = """
      UPDATE accounts SET password_hash = $2 WHERE id = $1""";

  /**
   * The account and its personal assessments (with their answers and reports); an organisation's assessments it
   * started stay with the organisation, except in organisations whose only member it is: those go with it, their
   * assessments too.
   */
  public static final String DELETE_ACCOUNT = """
      WITH personal AS (DELETE FROM assessments WHERE account_id = $1 AND organisation_id IS NULL),
      sole AS (
        DELETE FROM organisations o
        WHERE EXISTS (SELECT 1 FROM memberships m WHERE m.organisation_id = o.id AND m.account_id = $1)
          AND NOT EXISTS (SELECT 1 FROM memberships x WHERE x.organisation_id = o.id AND x.account_id <> $1)
      )
      DELETE FROM accounts WHERE id = $1""";

  /** Parameters: token hash, account id, lifetime in seconds. */
  public static final String INSERT_RESET = """
      INSERT INTO password_resets (token_hash, account_id, expires_at)
      VALUES ($1, $2, now() + make_interval(secs => $3))""";

  public static final String RESET_ACCOUNT = """
      SELECT a.id, a.email, a.password_hash, a.created_at, a.language FROM password_resets r JOIN accounts a ON a.id = r.account_id
      WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > now()""";

  /** Single use: only the first caller gets the account id back. */
  public static final String USE_RESET = """
      UPDATE password_resets SET used_at = now()
      WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()
      RETURNING account_id""";

  public static final String RETIRE_RESETS = """
      UPDATE password_resets SET used_at = now() WHERE account_id = $1 AND used_at IS NULL""";

  // ------------------------------------------------------------------ passkeys and the second factor

  /** Parameters: credential id, authenticator JSON, the account's email (what the WebAuthn library calls user). */
  public static final String INSERT_PASSKEY = """
      INSERT INTO passkeys (cred_id, account_id, authenticator)
      SELECT $1, a.id, $2 FROM accounts a WHERE lower(a.email) = lower($3)
      ON CONFLICT DO NOTHING""";

  /** Credential id and account may each be null (no filter); the email comes back as the library's user name. */
  public static final String FIND_PASSKEYS = """
      SELECT p.authenticator, a.email FROM passkeys p JOIN accounts a ON a.id = p.account_id
      WHERE ($1::text IS NULL OR lower(a.email) = lower($1)) AND ($2::text IS NULL OR p.cred_id = $2)""";

  /** Parameter: credential id. The account that owns it (none when no account has it). */
  public static final String PASSKEY_OWNER = "SELECT account_id FROM passkeys WHERE cred_id = $1";

  public static final String PASSKEY_USED = """
      UPDATE passkeys SET authenticator = $2, last_used_at = now() WHERE cred_id = $1""";

  public static final String LABEL_PASSKEY = """
      UPDATE passkeys SET label = $3 WHERE cred_id = $1 AND account_id = $2""";

  public static final String LIST_PASSKEYS = """
      SELECT cred_id, label, created_at, last_used_at FROM passkeys WHERE account_id = $1 ORDER BY created_at, cred_id""";

  public static final String REMOVE_PASSKEY = """
      DELETE FROM passkeys WHERE cred_id = $1 AND account_id = $2""";

  /** Parameters: id, purpose, challenge, account (null for a login), lifetime in seconds. */
  public static final String INSERT_CHALLENGE = """
      INSERT INTO webauthn_challenges (id, purpose, challenge, account_id, expires_at)
      VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))""";

  /** Single use: taking a challenge deletes it, live or not. */
  public static final String TAKE_CHALLENGE = """
      DELETE FROM webauthn_challenges WHERE id = $1 AND purpose = $2
      RETURNING challenge, account_id, expires_at > now() AS live""";

  public static final String TOTP_FACTOR = """
      SELECT secret, confirmed_at IS NOT NULL AS confirmed, last_step FROM totp_factors WHERE account_id = $1""";

  /** A new pending secret; refused (no row) while a confirmed factor exists. */
  public static final String START_TOTP = """
      INSERT INTO totp_factors (account_id, secret) VALUES ($1, $2)
      ON CONFLICT (account_id) DO UPDATE SET secret = excluded.secret, last_step = -1, created_at = now()
      WHERE totp_factors.confirmed_at IS NULL""";

  public static final String CONFIRM_TOTP = """
      UPDATE totp_factors SET confirmed_at = now(), last_step = $2
      WHERE account_id = $1 AND confirmed_at IS NULL AND last_step < $2""";

  /** Moves the last used step forward; no row: the step was used already (a replay, maybe from another node). */
  public static final String USE_TOTP_STEP = """
      UPDATE totp_factors SET last_step = $2 WHERE account_id = $1 AND confirmed_at IS NOT NULL AND last_step < $2""";

  public static final String DELETE_TOTP = """
      DELETE FROM totp_factors WHERE account_id = $1""";

  public static final String INSERT_RECOVERY_CODE = """
      INSERT INTO recovery_codes (account_id, code_hash) VALUES ($1, $2)""";

  public static final String DELETE_RECOVERY_CODES = """
      DELETE FROM recovery_codes WHERE account_id = $1""";

  /** Single use: one row deleted means the code was valid and is now spent. */
  public static final String USE_RECOVERY_CODE = """
      DELETE FROM recovery_codes WHERE account_id = $1 AND code_hash = $2""";

  /** Parameters: token hash, account, lifetime in seconds. */
  public static final String INSERT_PENDING_LOGIN = """
      INSERT INTO pending_logins (token_hash, account_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))""";

  /** Counts a try; no row: unknown, expired or out of tries. */
  public static final String TRY_PENDING_LOGIN = """
      UPDATE pending_logins SET tries = tries + 1 WHERE token_hash = $1 AND expires_at > now() AND tries < $2
      RETURNING account_id""";

  public static final String END_PENDING_LOGIN = """
      DELETE FROM pending_logins WHERE token_hash = $1""";

  public static final String FACTOR_CLEANUP = """
      WITH c AS (DELETE FROM webauthn_challenges WHERE expires_at < now())
      DELETE FROM pending_logins WHERE expires_at < now()""";

  // ------------------------------------------------------------------ rate limits

  /** Counts a hit in the current window (a new window starts when the old one is over). Parameters: key, seconds. */
  public static final String RATE_HIT = """
      INSERT INTO rate_limits AS r (key, window_start, hits) VALUES ($1, now(), 1)
      ON CONFLICT (key) DO UPDATE SET
        window_start = CASE WHEN r.window_start <= now() - make_interval(secs => $2) THEN now() ELSE r.window_start END,
        hits = CASE WHEN r.window_start <= now() - make_interval(secs => $2) THEN 1 ELSE r.hits + 1 END
      RETURNING hits, extract(epoch FROM (window_start + make_interval(secs => $2) - now()))::float8 AS retry_after""";

  public static final String RATE_PEEK = """
      SELECT hits, extract(epoch FROM (window_start + make_interval(secs => $2) - now()))::float8 AS retry_after
      FROM rate_limits WHERE key = $1 AND window_start > now() - make_interval(secs => $2)""";

  public static final String RATE_CLEANUP = """
      DELETE FROM rate_limits WHERE window_start < now() - interval '1 day'""";

  // ------------------------------------------------------------------ log-in lock-out by device (LoginLockout)

  public static final String INSERT_LOGIN_FAILURE = """
      INSERT INTO login_failures (email, device) VALUES ($1, $2)""";

  /** Parameters: email, device, window in seconds, how many. Newest first, with their age in seconds. */
  public static final String RECENT_LOGIN_FAILURES = """
      SELECT extract(epoch FROM (now() - failed_at))::float8 AS age FROM login_failures
      WHERE email = $1 AND device = $2 AND failed_at > now() - make_interval(secs => $3)
      ORDER BY failed_at DESC LIMIT $4""";

  /** A row back only when no notice went out within the window (seconds, $2): once per episode. */
  public static final String LOCKOUT_NOTICE = """
      INSERT INTO lockout_notices AS n (account_id, sent_at) VALUES ($1, now())
      ON CONFLICT (account_id) DO UPDATE SET sent_at = now()
      WHERE n.sent_at <= now() - make_interval(secs => $2)
      RETURNING account_id""";

  public static final String LOGIN_FAILURES_CLEANUP = """
      DELETE FROM login_failures WHERE failed_at < now() - interval '1 day'""";

  // ------------------------------------------------------------------ catalogues

  public static final String REGISTER_CATALOGUE = """
      INSERT INTO catalogues (id, version, sha256, title) VALUES ($1, $2, $3, $4)
      ON CONFLICT (id, version) DO NOTHING""";

  public static final String CATALOGUE_HASH = """
      SELECT sha256, loaded_at FROM catalogues WHERE id = $1 AND version = $2""";

  // ------------------------------------------------------------------ assessments and answers

  /**
   * The caller's role on an assessment: OWNER of a personal one that is theirs, their membership's role on an
   * organisation's; no row for anyone else. Parameters: assessment id, account id.
   */
  public static final String ASSESSMENT_GRANT = """
      SELECT a.organisation_id, CASE WHEN a.organisation_id IS NULL THEN 'OWNER' ELSE m.role END AS role
      FROM assessments a
      LEFT JOIN memberships m ON m.organisation_id = a.organisation_id AND m.account_id = $2
      WHERE a.id = $1 AND ((a.organisation_id IS NULL AND a.account_id = $2) OR m.role IS NOT NULL)""";

  /** The caller's role in an organisation; no row for a non-member. Parameters: organisation id, account id. */
  public static final String ORGANISATION_ROLE = """
      SELECT role FROM memberships WHERE organisation_id = $1 AND account_id = $2""";

  private static final String ASSESSMENT_COLUMNS =
      "id, account_id, catalogue_id, catalogue_version, title, version, created_at, updated_at";

  /** Ownership is part of the key: another account's assessment is simply not found. */
  public static final String ASSESSMENT = "SELECT " + ASSESSMENT_COLUMNS
      + " FROM assessments WHERE id = $1 AND account_id = $2";

  // ------------------------------------------------------------------ assessment list (teams)

  private static final String TEAM_ASSESSMENT_COLUMNS = "a.id, a.account_id, a.catalogue_id, a.catalogue_version, "
      + "a.title, a.version, a.created_at, a.updated_at, a.organisation_id";

  /**
   * Starts an assessment; organisation_id ($6) null for the personal space. The grant is part of the statement (the
   * membership row share-locked, so a concurrent removal or demotion is seen or waits): it inserts only for an
   * OWNER or EDITOR of the organisation. One row: role (the caller's real role; null for a non-member) and the new
   * assessment's columns, null when it was not inserted. Parameters: id, account id, catalogue id and version,
   * title, organisation id.
   */
  public static final String INSERT_TEAM_ASSESSMENT = """
      WITH membership AS (
        SELECT role FROM memberships WHERE organisation_id = $6 AND account_id = $2 FOR SHARE
      ), granted AS (
        SELECT CASE WHEN $6::uuid IS NULL THEN 'OWNER' ELSE (SELECT role FROM membership) END AS role
      ), inserted AS (
        INSERT INTO assessments (id, account_id, catalogue_id, catalogue_version, title, organisation_id)
        SELECT $1::uuid, $2::uuid, $3::text, $4::text, $5::text, $6::uuid FROM granted
        WHERE granted.role IN ('OWNER', 'EDITOR')
        RETURNING id, account_id, catalogue_id, catalogue_version, title, version, created_at, updated_at,
                  organisation_id
      )
      SELECT i.*, g.role FROM granted g LEFT JOIN inserted i ON true""";

  /**
   * The caller's personal assessments and those of every organisation they belong to, each with the caller's
   * role, newest first, in one query. Parameter: account id.
   */
  public static final String ASSESSMENTS_VISIBLE = "SELECT " + TEAM_ASSESSMENT_COLUMNS
      + ", 'OWNER' AS role FROM assessments a WHERE a.account_id = $1 AND a.organisation_id IS NULL"
      + " UNION ALL SELECT " + TEAM_ASSESSMENT_COLUMNS + ", m.role FROM assessments a"
      + " JOIN memberships m ON m.organisation_id = a.organisation_id AND m.account_id = $1"
      + " ORDER BY created_at DESC, id";

  /** An assessment the caller may read, with their role; no row for anyone else. Parameters: id, account id. */
  public static final String ASSESSMENT_VISIBLE = "SELECT " + TEAM_ASSESSMENT_COLUMNS
      + ", CASE WHEN a.organisation_id IS NULL THEN 'OWNER' ELSE m.role END AS role FROM assessments a"
      + " LEFT JOIN memberships m ON m.organisation_id = a.organisation_id AND m.account_id = $2"
      + " WHERE a.id = $1 AND ((a.organisation_id IS NULL AND a.account_id = $2) OR m.role IS NOT NULL)";

  /** Deletes an assessment (answers, reports, outbox rows cascade). Parameter: id. */
  /**
   * Deletes an assessment if the account is its OWNER at that moment, the membership row share-locked (a concurrent
   * demotion or removal waits, or is waited for and then seen). One row unless the assessment is missing: role (null
   * for an outsider) and whether it was deleted. Parameters: assessment id, account id.
   */
  public static final String DELETE_GRANTED_ASSESSMENT = """
      WITH membership AS (
        SELECT m.role FROM memberships m JOIN assessments a ON a.organisation_id = m.organisation_id
        WHERE a.id = $1 AND m.account_id = $2 FOR SHARE OF m
      ), target AS (
        SELECT a.id, a.organisation_id, CASE WHEN a.organisation_id IS NOT NULL THEN (SELECT role FROM membership)
                                             WHEN a.account_id = $2 THEN 'OWNER' END AS role
        FROM assessments a WHERE a.id = $1
      ), deleted AS (
        DELETE FROM assessments d USING target t WHERE d.id = t.id AND t.role = 'OWNER' RETURNING d.id
      )
      SELECT t.organisation_id, t.role, EXISTS (SELECT 1 FROM deleted) AS deleted FROM target t""";

  /** The current answers with who gave them (no email once that account is deleted). */
  public static final String ANSWERS_OF = """
      SELECT x.question_id, x.value, x.comment, x.version, x.created_at, x.updated_at, x.answered_by,
             p.email AS answered_by_email
      FROM answers x LEFT JOIN accounts p ON p.id = x.answered_by
      WHERE x.assessment_id = $1 ORDER BY x.question_id""";

  /**
   * What an answer needs before its transaction, asked once per assessment and node (then remembered): the
   * catalogue version and organisation, which never change, and the caller's role (null for anyone without a
   * grant, see {@link #ASSESSMENT_GRANT}). No row: no such assessment. Parameters: assessment id, account id.
   */
  public static final String ANSWER_TARGET = """
      SELECT a.catalogue_id, a.catalogue_version, a.organisation_id,
             CASE WHEN a.organisation_id IS NULL THEN (CASE WHEN a.account_id = $2 THEN 'OWNER' END)
                  ELSE m.role END AS role
      FROM assessments a
      LEFT JOIN memberships m ON m.organisation_id = a.organisation_id AND m.account_id = $2
      WHERE a.id = $1""";

  /**
   * First statement of an answer's transaction: locks the assessment row, so that answers to one assessment are
   * serialised and each version's snapshot (taken by the next statements) sees every earlier answer. Only for a
   * caller with a grant (the grant rule of {@link #ASSESSMENT_GRANT}): returns their role and the assessment's
   * organisation; no row (and no lock) for anyone else. Named parameters: the same map as {@link #WRITE_ANSWER}.
   */
  public static final String LOCK_FOR_ANSWER = """
      SELECT a.version, a.catalogue_id, a.catalogue_version, a.organisation_id,
             CASE WHEN a.organisation_id IS NULL THEN 'OWNER' ELSE m.role END AS role
      FROM assessments a
      LEFT JOIN memberships m ON m.organisation_id = a.organisation_id AND m.account_id = #{accountId}
      WHERE a.id = #{assessmentId}
        AND ((a.organisation_id IS NULL AND a.account_id = #{accountId}) OR m.role IS NOT NULL)
      FOR UPDATE OF a""";

  /**
   * Second statement: the stored answer to the question, with who gave it, read under the lock. It is a statement
   * of its own because the lock statement's join may be older than the lock (a statement that waited for the row
   * lock re-reads the locked row only); this one starts once the lock is held. Named parameters: the same map.
   */
  public static final String STORED_ANSWER = """
      SELECT x.question_id, x.value, x.comment, x.version, x.created_at, x.updated_at, x.answered_by,
             p.email AS answered_by_email
      FROM answers x LEFT JOIN accounts p ON p.id = x.answered_by
      WHERE x.assessment_id = #{assessmentId} AND x.question_id = #{questionId}""";

  /**
   * Third statement: bumps the version, saves the answer with who gave it, adds it to the answer's history and
   * queues the AnswerEvent in the outbox (the envelope only: the answers are read when it is sent, see
   * {@link #CLAIM_OUTBOX}), whose account is the one that answered. Commits together with the answer or not at all.
   * Returns the event too, with the new version's answers (question_ids, answer_values, in question order; read, not
   * stored) and the basis of the previous stored report (previousReport's columns), so that this node can
   * send it at once: the outbox row is then leased to it for
   * {@code leaseSeconds}. With no room to send ({@code leaseSeconds} = 0), the row is due at once and the relays
   * are woken ({@code notify} = true) to share it out. Writes nothing (no row back) when the account may not
   * answer (not the owner of a personal assessment, nor an OWNER or EDITOR of the organisation's), when the answer
   * is the one already stored, or when {@code expectedVersion} (not null) differs from the stored answer's version
   * (0: none stored), so that it can run pipelined right after {@link #STORED_ANSWER}.
   *
   * <p>Named parameters: assessmentId, accountId, questionId, value, comment (may be null), expectedVersion (may be
   * null), eventId (of the AnswerEvent), leaseSeconds, notify.
   */
  public static final String WRITE_ANSWER = """
      WITH bumped AS (
        UPDATE assessments a SET version = version + 1, updated_at = now()
        WHERE id = #{assessmentId}
          AND ((a.organisation_id IS NULL AND a.account_id = #{accountId})
               OR EXISTS (SELECT 1 FROM memberships m
                          WHERE m.organisation_id = a.organisation_id AND m.account_id = #{accountId}
                            AND m.role IN ('OWNER', 'EDITOR')))
          AND NOT EXISTS (SELECT 1 FROM answers x
                          WHERE x.assessment_id = #{assessmentId} AND x.question_id = #{questionId}
                            AND x.value = #{value} AND x.comment IS NOT DISTINCT FROM #{comment}::text)
          AND (#{expectedVersion}::bigint IS NULL
               OR coalesce((SELECT x.version FROM answers x
                            WHERE x.assessment_id = #{assessmentId} AND x.question_id = #{questionId}), 0)
                  = #{expectedVersion}::bigint)
        RETURNING id, version, catalogue_id, catalogue_version, updated_at
      ), saved AS (
        INSERT INTO answers (assessment_id, question_id, value, comment, version, created_at, updated_at,
                             answered_by)
        SELECT b.id, #{questionId}, #{value}, #{comment}, b.version, b.updated_at, b.updated_at, #{accountId}
        FROM bumped b
        ON CONFLICT (assessment_id, question_id) DO UPDATE
          SET value = EXCLUDED.value, comment = EXCLUDED.comment, version = EXCLUDED.version,
              updated_at = EXCLUDED.updated_at, answered_by = EXCLUDED.answered_by
        RETURNING question_id, value, comment, version, created_at, updated_at, answered_by, (xmax = 0) AS inserted
      ), history AS (
        INSERT INTO answer_history (assessment_id, question_id, value, comment, answered_by, version, at)
        SELECT #{assessmentId}, sv.question_id, sv.value, sv.comment, sv.answered_by, sv.version, sv.updated_at
        FROM saved sv
      ), snapshot AS (
        SELECT array_agg(s.question_id ORDER BY s.question_id) AS question_ids,
               array_agg(s.value ORDER BY s.question_id) AS answer_values
        FROM (SELECT question_id, value FROM answers
              WHERE assessment_id = #{assessmentId} AND question_id <> #{questionId}
              UNION ALL SELECT #{questionId}::text, #{value}::text) s
      ), queued AS (
        INSERT INTO outbox (event_id, account_id, assessment_id, version, state, question_id, answer_created_at,
                            catalogue_id, catalogue_version, next_attempt_at)
        SELECT #{eventId}, #{accountId}, b.id, b.version, CASE WHEN sv.inserted THEN 'NEW' ELSE 'UPDATED' END,
               #{questionId}, sv.created_at, b.catalogue_id, b.catalogue_version,
               now() + make_interval(secs => #{leaseSeconds})
        FROM bumped b, saved sv
        RETURNING id, event_id, account_id, assessment_id, version, state, question_id, answer_created_at,
                  created_at, catalogue_id, catalogue_version, attempts
      )
      SELECT sv.question_id, sv.value, sv.comment, sv.version, sv.created_at, sv.updated_at, sv.answered_by,
             q.id, q.event_id, q.account_id, q.assessment_id, q.state, q.answer_created_at,
             q.created_at AS queued_at, q.catalogue_id, q.catalogue_version, NULL::text AS answers, q.attempts,
             snap.question_ids, snap.answer_values, p.previous_version, p.previous_basis, p.previous_answers,
             CASE WHEN #{notify} THEN pg_notify('%s', '') IS NOT NULL ELSE false END AS notified
      FROM saved sv CROSS JOIN queued q CROSS JOIN snapshot snap
      LEFT JOIN LATERAL (%s) p ON true""".formatted(OUTBOX_CHANNEL, previousReport("#{assessmentId}", "sv.version"));

  // ------------------------------------------------------------------ organisations (teams)

  /** Parameters: organisation id, name, creator (who becomes its OWNER). */
  public static final String INSERT_ORGANISATION = """
      WITH o AS (
        INSERT INTO organisations (id, name, created_by) VALUES ($1, $2, $3) RETURNING id, name, created_at
      ), m AS (
        INSERT INTO memberships (organisation_id, account_id, role) SELECT id, $3, 'OWNER' FROM o
      )
      SELECT id, name, created_at, 'OWNER' AS role FROM o""";

  /** The caller's organisations with their role, by name. Parameter: account id. */
  public static final String ORGANISATIONS_OF = """
      SELECT o.id, o.name, o.created_at, m.role FROM organisations o
      JOIN memberships m ON m.organisation_id = o.id AND m.account_id = $1
      ORDER BY lower(o.name), o.id""";

  /** One organisation with the caller's role; no row for a non-member. Parameters: organisation id, account id. */
  public static final String ORGANISATION_OF = """
      SELECT o.id, o.name, o.created_at, m.role FROM organisations o
      JOIN memberships m ON m.organisation_id = o.id AND m.account_id = $2
      WHERE o.id = $1""";

  /** Members by email. Parameter: organisation id. */
  public static final String MEMBERS = """
      SELECT a.id, a.email, m.role, m.joined_at FROM memberships m JOIN accounts a ON a.id = m.account_id
      WHERE m.organisation_id = $1 ORDER BY lower(a.email), a.id""";

  /** Pending invitations (not accepted, not expired). Parameter: organisation id. */
  public static final String PENDING_INVITATIONS = """
      SELECT id, email, role, expires_at FROM invitations
      WHERE organisation_id = $1 AND accepted_at IS NULL AND expires_at > now()
      ORDER BY created_at, id""";

  /** Whether an email already belongs to a member. Parameters: organisation id, email. */
  public static final String MEMBER_BY_EMAIL = """
      SELECT 1 FROM memberships m JOIN accounts a ON a.id = m.account_id
      WHERE m.organisation_id = $1 AND lower(a.email) = lower($2)""";

  /**
   * A new invitation, replacing a pending (or expired, not accepted) one of the same email in the organisation in
   * one atomic upsert on the unique index of V10: concurrent invitations leave one row, whose token is the last
   * one written, so only that link works. Parameters: id, organisation id, email, role, token hash, invited by,
   * lifetime in hours.
   */
  public static final String INSERT_INVITATION = """
      INSERT INTO invitations (id, organisation_id, email, role, token_hash, invited_by, expires_at)
      VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(hours => $7))
      ON CONFLICT (organisation_id, lower(email)) WHERE accepted_at IS NULL DO UPDATE
        SET id = excluded.id, email = excluded.email, role = excluded.role, token_hash = excluded.token_hash,
            invited_by = excluded.invited_by, created_at = now(), expires_at = excluded.expires_at
      RETURNING id, email, role, expires_at""";

  /** Withdraws a pending invitation. Parameters: invitation id, organisation id. */
  public static final String REVOKE_INVITATION = """
      DELETE FROM invitations WHERE id = $1 AND organisation_id = $2 AND accepted_at IS NULL""";

  /** A live invitation by its token's hash, locked for its acceptance. Parameter: token hash. */
  public static final String LIVE_INVITATION = """
      SELECT i.id, i.organisation_id, i.email, i.role FROM invitations i
      WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.expires_at > now()
      FOR UPDATE""";

  /** Parameters: invitation id, account id. */
  public static final String USE_INVITATION = """
      UPDATE invitations SET accepted_at = now(), accepted_by = $2 WHERE id = $1""";

  /** Joins; a member already keeps the role they have. Parameters: organisation id, account id, role. */
  public static final String JOIN_ORGANISATION = """
      INSERT INTO memberships (organisation_id, account_id, role) VALUES ($1, $2, $3)
      ON CONFLICT (organisation_id, account_id) DO NOTHING""";

  /**
   * Locks every membership row of an organisation (so that two concurrent changes of owners run one after the
   * other) and returns them. Parameter: organisation id.
   */
  public static final String LOCK_MEMBERS = """
      SELECT account_id, role FROM memberships WHERE organisation_id = $1 ORDER BY account_id FOR UPDATE""";

  /** Parameters: organisation id, account id, role. */
  public static final String SET_ROLE = """
      UPDATE memberships SET role = $3 WHERE organisation_id = $1 AND account_id = $2
      RETURNING joined_at, (SELECT email FROM accounts WHERE id = $2) AS email""";

  /** Parameters: organisation id, account id. */
  public static final String REMOVE_MEMBER = """
      DELETE FROM memberships WHERE organisation_id = $1 AND account_id = $2""";

  /**
   * Locks every membership row of every organisation the account belongs to, in one global order (organisation,
   * account; LOCK_MEMBERS locks one organisation's rows in the same order), so that deleting the account and a
   * concurrent change of owners of one of them (another deletion, a demotion, a removal) run one after the other.
   * Parameter: account id.
   */
  public static final String LOCK_MEMBERS_OF_ACCOUNT = """
      SELECT organisation_id, account_id FROM memberships
      WHERE organisation_id IN (SELECT organisation_id FROM memberships WHERE account_id = $1)
      ORDER BY organisation_id, account_id FOR UPDATE""";

  /**
   * The organisations an account is the last OWNER of while they have other members: deleting the account would
   * leave them without an owner. Parameter: account id.
   */
  public static final String ORPHANED_BY = """
      SELECT o.id, o.name FROM organisations o
      JOIN memberships m ON m.organisation_id = o.id AND m.account_id = $1 AND m.role = 'OWNER'
      WHERE NOT EXISTS (SELECT 1 FROM memberships x WHERE x.organisation_id = o.id AND x.account_id <> $1
                        AND x.role = 'OWNER')
        AND EXISTS (SELECT 1 FROM memberships x WHERE x.organisation_id = o.id AND x.account_id <> $1)
      ORDER BY lower(o.name)""";
  /** Every change of one answer, oldest first. Parameters: assessment id, question id. */
  public static final String ANSWER_HISTORY = """
      SELECT h.question_id, h.value, h.comment, h.version, h.at, h.answered_by, p.email AS answered_by_email
      FROM answer_history h LEFT JOIN accounts p ON p.id = h.answered_by
      WHERE h.assessment_id = $1 AND h.question_id = $2
      ORDER BY h.version, h.id""";

  // ------------------------------------------------------------------ sign-offs

  /**
   * Signs off a stored report version once, only by an OWNER at that moment (the grant is part of the statement,
   * the membership row share-locked). allowed: whether the account is OWNER; reported: whether that report is
   * stored; signed_at: null when it was not signed now (not allowed, no report, or signed off already).
   * Parameters: assessment id, version, account id, note.
   */
  public static final String SIGN_OFF = """
      WITH membership AS (
        SELECT m.role FROM memberships m JOIN assessments a ON a.organisation_id = m.organisation_id
        WHERE a.id = $1 AND m.account_id = $3 FOR SHARE OF m
      ), allowed AS (
        SELECT EXISTS (SELECT 1 FROM assessments a WHERE a.id = $1 AND a.organisation_id IS NULL
                       AND a.account_id = $3)
               OR coalesce((SELECT role FROM membership) = 'OWNER', false) AS ok
      ), report AS (
        SELECT assessment_id, version FROM reports WHERE assessment_id = $1 AND version = $2
      ), signed AS (
        INSERT INTO sign_offs (assessment_id, version, signed_by, note)
        SELECT r.assessment_id, r.version, $3, $4 FROM report r, allowed WHERE allowed.ok
        ON CONFLICT (assessment_id, version) DO NOTHING
        RETURNING signed_at
      )
      SELECT (SELECT ok FROM allowed) AS allowed, EXISTS (SELECT 1 FROM report) AS reported,
             (SELECT signed_at FROM signed) AS signed_at""";

  // ------------------------------------------------------------------ targets

  /**
   * Sets (score not null) or clears (score null) an assessment's target for one function, when the caller is still an
   * EDITOR or OWNER (the account of a personal assessment) inside the statement: a demotion since the first check
   * is seen. One row, allowed: whether the caller may. Parameters: assessment id, function, score or null, account id.
   */
  public static final String SET_TARGET = """
      WITH membership AS (
        SELECT m.role FROM memberships m JOIN assessments a ON a.organisation_id = m.organisation_id
        WHERE a.id = $1 AND m.account_id = $4 FOR SHARE OF m
      ), allowed AS (
        SELECT EXISTS (SELECT 1 FROM assessments a WHERE a.id = $1 AND a.organisation_id IS NULL
                       AND a.account_id = $4)
               OR coalesce((SELECT role FROM membership) IN ('OWNER', 'EDITOR'), false) AS ok
      ), cleared AS (
        DELETE FROM assessment_targets t USING allowed
        WHERE allowed.ok AND $3::numeric IS NULL AND t.assessment_id = $1 AND t.function = $2
      ), saved AS (
        INSERT INTO assessment_targets (assessment_id, function, score, set_by, set_at)
        SELECT $1, $2, $3::numeric, $4, now() FROM allowed WHERE allowed.ok AND $3::numeric IS NOT NULL
        ON CONFLICT (assessment_id, function) DO UPDATE
          SET score = EXCLUDED.score, set_by = EXCLUDED.set_by, set_at = EXCLUDED.set_at
      )
      SELECT ok AS allowed FROM allowed""";

  /** Parameter: assessment id. Its targets, in no particular order (the caller orders them by function). */
  public static final String TARGETS_OF = """
      SELECT t.function, t.score::float8 AS score, t.set_by, p.email AS set_by_email, t.set_at
      FROM assessment_targets t LEFT JOIN accounts p ON p.id = t.set_by
      WHERE t.assessment_id = $1""";

  // ------------------------------------------------------------------ the action plan

  /**
   * Creates an action item when the caller ($7) is still an EDITOR or OWNER of the assessment (its account, for a
   * personal one) and the owner ($5) is the personal assessment's account or a member of its organisation. One row:
   * allowed, owner_ok, room (fewer than $8 items; run after {@link #LOCK_ASSESSMENT} in its transaction, so that
   * its snapshot counts every item another create committed). Parameters: id, assessment id, question id, title,
   * owner id, due date or null, caller, most items.
   */
  public static final String CREATE_ACTION = """
      WITH a AS (
        SELECT id, organisation_id, account_id FROM assessments WHERE id = $2
      ), room AS (
        SELECT count(*) < $8 AS ok FROM action_items WHERE assessment_id = $2
      ), allowed AS (
        SELECT EXISTS (SELECT 1 FROM a WHERE a.organisation_id IS NULL AND a.account_id = $7)
               OR EXISTS (SELECT 1 FROM a JOIN memberships m ON m.organisation_id = a.organisation_id
                          WHERE m.account_id = $7 AND m.role IN ('OWNER', 'EDITOR')) AS ok
      ), owner_ok AS (
        SELECT EXISTS (SELECT 1 FROM a WHERE a.organisation_id IS NULL AND a.account_id = $5)
               OR EXISTS (SELECT 1 FROM a JOIN memberships m ON m.organisation_id = a.organisation_id
                          WHERE m.account_id = $5) AS ok
      ), created AS (
        INSERT INTO action_items (id, assessment_id, question_id, title, owner_id, due_date, created_by)
        SELECT $1, $2, $3, $4, $5, $6, $7 FROM allowed, owner_ok, room WHERE allowed.ok AND owner_ok.ok AND room.ok
      )
      SELECT allowed.ok AS allowed, owner_ok.ok AS owner_ok, room.ok AS room FROM allowed, owner_ok, room""";

  /**
   * Parameter: assessment id. Locks its row as a statement of its own: the statements after it in the transaction
   * see what the transactions it waited for committed (a lock taken inside a statement does not renew its snapshot).
   */
  public static final String LOCK_ASSESSMENT = "SELECT 1 FROM assessments WHERE id = $1 FOR UPDATE";

  /** Parameter: action item id. Its assessment, to check the caller's grant before anything else. */
  public static final String ACTION_ASSESSMENT = "SELECT assessment_id FROM action_items WHERE id = $1";

  /**
   * Changes an action item (a null parameter keeps the field; due date '' clears it; a status other than
   * RISK_ACCEPTED clears the reason) with the same checks as CREATE_ACTION. One row: allowed, owner_ok.
   * Parameters: id, title, owner id, due date, status, reason, caller.
   */
  public static final String UPDATE_ACTION = """
      WITH i AS (
        SELECT x.id, a.organisation_id, a.account_id
        FROM action_items x JOIN assessments a ON a.id = x.assessment_id WHERE x.id = $1
      ), allowed AS (
        SELECT EXISTS (SELECT 1 FROM i WHERE i.organisation_id IS NULL AND i.account_id = $7)
               OR EXISTS (SELECT 1 FROM i JOIN memberships m ON m.organisation_id = i.organisation_id
                          WHERE m.account_id = $7 AND m.role IN ('OWNER', 'EDITOR')) AS ok
      ), owner_ok AS (
        SELECT $3::uuid IS NULL
               OR EXISTS (SELECT 1 FROM i WHERE i.organisation_id IS NULL AND i.account_id = $3)
               OR EXISTS (SELECT 1 FROM i JOIN memberships m ON m.organisation_id = i.organisation_id
                          WHERE m.account_id = $3) AS ok
      ), changed AS (
        UPDATE action_items x SET
          title = coalesce($2, x.title),
          owner_id = coalesce($3::uuid, x.owner_id),
          due_date = CASE WHEN $4::text IS NULL THEN x.due_date WHEN $4::text = '' THEN NULL ELSE $4::text::date END,
          status = coalesce($5, x.status),
          reason = CASE WHEN $5::text IS NULL THEN x.reason WHEN $5::text = 'RISK_ACCEPTED' THEN $6 ELSE NULL END,
          updated_at = now()
        FROM allowed, owner_ok WHERE x.id = $1 AND allowed.ok AND owner_ok.ok
      )
      SELECT allowed.ok AS allowed, owner_ok.ok AS owner_ok FROM allowed, owner_ok""";

  /** Parameter: assessment id. Its action items with the current answer of each one's question, oldest first. */
  public static final String ACTIONS_OF = """
      SELECT x.id, x.question_id, x.title, x.owner_id, o.email AS owner_id_email, x.due_date,
             x.status, x.reason, x.created_by, c.email AS created_by_email, x.created_at, x.updated_at,
             ans.value AS answer
      FROM action_items x
        LEFT JOIN accounts o ON o.id = x.owner_id
        LEFT JOIN accounts c ON c.id = x.created_by
        LEFT JOIN answers ans ON ans.assessment_id = x.assessment_id AND ans.question_id = x.question_id
      WHERE x.assessment_id = $1 ORDER BY x.created_at, x.id""";

  /** The sign-offs of an assessment, oldest version first, with who signed (no email once deleted). */
  public static final String SIGN_OFFS_OF = """
      SELECT s.version, s.signed_by, p.email AS signed_by_email, s.note, s.signed_at
      FROM sign_offs s LEFT JOIN accounts p ON p.id = s.signed_by
      WHERE s.assessment_id = $1 ORDER BY s.version""";

  // ------------------------------------------------------------------ outbox relay

  /**
   * Claims due outbox rows for this relay: skips rows other relays hold (SKIP LOCKED) and versions a newer version
   * of the same assessment supersedes (its answers include them). A claim is a lease: if this node dies, the row
   * becomes due again when the lease ends. In the same statement (one consistent snapshot), each row comes with
   * what its event is made of: the assessment's current version and all its answers (question_ids, answer_values,
   * in question order), which the relay sends in place of the row's version (a newer version includes the row's
   * answer; its report retires every older row), and the basis of the report stored before that version, the
   * baseline of the delta. A row queued by an older Bastion still carries its snapshot (answers, JSON text): it is
   * sent with it and its own version, as before. Named parameters: limit (rows at most), leaseSeconds.
   */
  public static final String CLAIM_OUTBOX = """
      WITH due AS (
        SELECT o.id FROM outbox o
        WHERE o.next_attempt_at <= now()
          AND NOT EXISTS (SELECT 1 FROM outbox n WHERE n.assessment_id = o.assessment_id AND n.version > o.version)
        ORDER BY o.next_attempt_at, o.id
        LIMIT #{limit}
        FOR UPDATE SKIP LOCKED
      ), claimed AS (
        UPDATE outbox o SET attempts = o.attempts + 1,
                            next_attempt_at = now() + make_interval(secs => #{leaseSeconds})
        FROM due WHERE o.id = due.id
        RETURNING o.id, o.event_id, o.account_id, o.assessment_id, o.version AS row_version, o.state, o.question_id,
                  o.answer_created_at, o.created_at AS queued_at, o.catalogue_id, o.catalogue_version,
                  o.answers::text AS answers, o.attempts, o.replays
      ), sent AS (
        SELECT c.*, CASE WHEN c.answers IS NULL THEN greatest(a.version, c.row_version) ELSE c.row_version END
                    AS version
        FROM claimed c JOIN assessments a ON a.id = c.assessment_id
      )
      SELECT s.*, snap.question_ids, snap.answer_values, p.previous_version, p.previous_basis, p.previous_answers
      FROM sent s
      LEFT JOIN LATERAL (
        SELECT array_agg(x.question_id ORDER BY x.question_id) AS question_ids,
               array_agg(x.value ORDER BY x.question_id) AS answer_values
        FROM answers x WHERE x.assessment_id = s.assessment_id AND s.answers IS NULL) snap ON true
      LEFT JOIN LATERAL (%s) p ON true""".formatted(previousReport("s.assessment_id", "s.version"));

  /**
   * The report stored last before {@code version}: its version and its basis (previous_basis, see
   * io.bastion.codecs.Basis), or for a report stored before V11, its answers as JSON text (previous_answers).
   */
  private static String previousReport(String assessmentId, String version) {
    return """
        SELECT r.version AS previous_version, r.basis AS previous_basis,
               CASE WHEN r.basis IS NULL THEN r.answers::text END AS previous_answers
        FROM reports r WHERE r.assessment_id = %s AND r.version < %s
        ORDER BY r.version DESC LIMIT 1""".formatted(assessmentId, version);
  }

  /** Puts a row back until a backoff has passed. Named parameters: id (of the outbox row), delaySeconds, error. */
  public static final String RETRY_LATER = """
      UPDATE outbox SET next_attempt_at = now() + make_interval(secs => #{delaySeconds}), last_error = #{error}
      WHERE id = #{id}""";

  public static final String PENDING_OUTBOX = "SELECT count(*) FROM outbox";

  // ------------------------------------------------------------------ dead letters

  /**
   * A security node answered the row's event with an error: counts the failure and puts the row back until a backoff
   * has passed. Returns the failures so far and how long (ms) the row has been failing. Named parameters: id,
   * delaySeconds, error.
   */
  public static final String RECORD_FAILURE = """
      UPDATE outbox SET next_attempt_at = now() + make_interval(secs => #{delaySeconds}), last_error = #{error},
                        failures = failures + 1, first_failed_at = coalesce(first_failed_at, now())
      WHERE id = #{id}
      RETURNING failures, (extract(epoch FROM (now() - first_failed_at)) * 1000)::bigint AS failing_ms,
                replays""";

  /**
   * The row's event timed out while a security node was registered: counts the timeout and puts the row back until a
   * backoff has passed. Returns the timeouts so far. Named parameters: id, delaySeconds, error.
   */
  public static final String RECORD_TIMEOUT = """
      UPDATE outbox SET next_attempt_at = now() + make_interval(secs => #{delaySeconds}), last_error = #{error},
                        timeouts = timeouts + 1
      WHERE id = #{id}
      RETURNING timeouts""";

  /**
   * Moves an outbox row to dead_letters, in one statement (so one transaction): the row stops being sent. With it go
   * the assessment's older rows that carry no answers of their own: each of them would be sent as the assessment's
   * current version, the very event just given up, and fail again (a replay puts them all back). No row back when
   * it is gone already (its report, or a newer one, was stored meanwhile). Named parameter: id.
   */
  public static final String DEAD_LETTER = """
      WITH given_up AS (
        SELECT assessment_id, version FROM outbox WHERE id = #{id}
      ), moved AS (
        DELETE FROM outbox o USING given_up g
        WHERE o.id = #{id} OR (o.assessment_id = g.assessment_id AND o.version < g.version AND o.answers IS NULL)
        RETURNING o.id, o.event_id, o.account_id, o.assessment_id, o.version, o.state, o.question_id,
                  o.answer_created_at, o.created_at, o.catalogue_id, o.catalogue_version, o.answers, o.attempts,
                  o.failures, o.first_failed_at, o.last_error, o.replays, o.timeouts
      )
      INSERT INTO dead_letters (id, event_id, account_id, assessment_id, version, state, question_id,
                                answer_created_at, created_at, catalogue_id, catalogue_version, answers, attempts,
                                failures, first_failed_at, last_error, replays, timeouts)
      SELECT * FROM moved
      RETURNING event_id, assessment_id, version""";

  public static final String COUNT_DEAD_LETTERS = "SELECT count(*) AS n FROM dead_letters";

  /** Dead letters, the oldest first; $1 event id and $2 assessment id narrow the list when not null. */
  public static final String LIST_DEAD_LETTERS = """
      SELECT event_id, assessment_id, version, catalogue_id, catalogue_version, attempts, failures, last_error,
             first_failed_at, dead_at, replays
      FROM dead_letters
      WHERE ($1::uuid IS NULL OR event_id = $1) AND ($2::uuid IS NULL OR assessment_id = $2)
      ORDER BY dead_at, id""";

  /**
   * Replays dead letters in one transaction: takes them out of dead_letters ($1 event id and $2 assessment id narrow
   * the choice when not null; both null: all), puts back into the outbox, due at once with their counts reset, those
   * that no stored report supersedes (a report of the same or a newer version makes them pointless: replaying one
   * would only publish an older report after the newer), and wakes the relays. Returns how many were taken and how
   * many went back.
   */
  public static final String REPLAY_DEAD_LETTERS = """
      WITH taken AS (
        DELETE FROM dead_letters
        WHERE ($1::uuid IS NULL OR event_id = $1) AND ($2::uuid IS NULL OR assessment_id = $2)
        RETURNING *
      ), requeued AS (
        INSERT INTO outbox (id, event_id, account_id, assessment_id, version, state, question_id, answer_created_at,
                            created_at, catalogue_id, catalogue_version, answers, attempts, failures, last_error,
                            replays, next_attempt_at)
        SELECT t.id, t.event_id, t.account_id, t.assessment_id, t.version, t.state, t.question_id,
               t.answer_created_at, t.created_at, t.catalogue_id, t.catalogue_version, t.answers, 0, 0, t.last_error,
               t.replays + 1, now()
        FROM taken t
        WHERE NOT EXISTS (SELECT 1 FROM reports r WHERE r.assessment_id = t.assessment_id AND r.version >= t.version)
        ON CONFLICT DO NOTHING
        RETURNING id
      )
      SELECT (SELECT count(*) FROM taken) AS taken, (SELECT count(*) FROM requeued) AS replayed,
             pg_notify('%s', '') IS NOT NULL AS notified""".formatted(OUTBOX_CHANNEL);

  // ------------------------------------------------------------------ reports

  /**
   * Stores a report once per (assessment, version) and retires the outbox rows it answers (its version and every
   * older one: a report of a newer version includes their answers), in one statement. created_at is null when the
   * report was already stored (a retry or a duplicate delivery). The report comes as JSON text (serialised once, in
   * Java); with it the basis of the answers it was computed from (io.bastion.codecs.Basis), the baseline of the next
   * report's delta.
   *
   * <p>Named parameters: assessmentId, version, accountId, score, tier, complete, report (JSON text), basis,
   * scoredBy.
   */
  public static final String STORE_REPORT = """
      WITH stored AS (
        INSERT INTO reports (assessment_id, version, account_id, score, tier, complete, report, basis, scored_by)
        VALUES (#{assessmentId}, #{version}, #{accountId}, #{score}, #{tier}, #{complete}, #{report}::text::json,
                #{basis}, #{scoredBy})
        ON CONFLICT (assessment_id, version) DO NOTHING
        RETURNING created_at
      ), retired AS (
        DELETE FROM outbox WHERE assessment_id = #{assessmentId} AND version <= #{version} RETURNING id
      )
      SELECT (SELECT created_at FROM stored) AS created_at, (SELECT count(*) FROM retired) AS retired""";

  public static final String REPORT_SUMMARIES = """
      SELECT version, score, tier, complete, created_at FROM reports
      WHERE assessment_id = $1 AND version > $2 ORDER BY version LIMIT $3""";

  public static final String REPORTS_FULL = """
      SELECT report, created_at FROM reports WHERE assessment_id = $1 AND version > $2 ORDER BY version LIMIT $3""";

  public static final String LATEST_REPORT = """
      SELECT report, created_at FROM reports WHERE assessment_id = $1 ORDER BY version DESC LIMIT 1""";

  public static final String REPORT = """
      SELECT report, created_at FROM reports WHERE assessment_id = $1 AND version = $2""";
}
