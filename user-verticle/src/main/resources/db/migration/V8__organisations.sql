-- Teams: organisations with members in one role each, invitations by mail, organisation assessments, who gave
-- each answer and every change of it, and sign-offs of report versions.

CREATE TABLE organisations (
  id          uuid PRIMARY KEY,
  name        text NOT NULL,
  created_by  uuid REFERENCES accounts (id) ON DELETE SET NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- OWNER: everything, members and deletions included; EDITOR: answers and starts assessments; VIEWER: reads.
CREATE TABLE memberships (
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  account_id      uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  role            text NOT NULL CHECK (role IN ('OWNER', 'EDITOR', 'VIEWER')),
  joined_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, account_id)
);
CREATE INDEX memberships_account ON memberships (account_id);

-- A single-use invitation: only the SHA-256 of the mailed token is kept.
CREATE TABLE invitations (
  id              uuid PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  email           text NOT NULL,
  role            text NOT NULL CHECK (role IN ('OWNER', 'EDITOR', 'VIEWER')),
  token_hash      bytea NOT NULL UNIQUE,
  invited_by      uuid REFERENCES accounts (id) ON DELETE SET NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  expires_at      timestamptz NOT NULL,
  accepted_at     timestamptz,
  accepted_by     uuid REFERENCES accounts (id) ON DELETE SET NULL
);
CREATE INDEX invitations_organisation ON invitations (organisation_id);

-- An assessment is in the personal space of account_id (organisation_id null) or belongs to an organisation
-- (account_id then names who started it). An organisation's assessments outlive the account that started them:
-- deleting an account deletes its personal assessments explicitly (Sql.DELETE_ACCOUNT).
ALTER TABLE assessments ADD COLUMN organisation_id uuid REFERENCES organisations (id) ON DELETE CASCADE;
ALTER TABLE assessments ALTER COLUMN account_id DROP NOT NULL;
ALTER TABLE assessments DROP CONSTRAINT assessments_account_id_fkey;
ALTER TABLE assessments ADD CONSTRAINT assessments_account_id_fkey
  FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE SET NULL;
CREATE INDEX assessments_organisation ON assessments (organisation_id, created_at DESC)
  WHERE organisation_id IS NOT NULL;

-- Who gave the current answer (null once that account is deleted).
ALTER TABLE answers ADD COLUMN answered_by uuid REFERENCES accounts (id) ON DELETE SET NULL;
UPDATE answers x SET answered_by = a.account_id FROM assessments a WHERE a.id = x.assessment_id;

-- Every change of an answer, oldest first: written in the answer's transaction.
CREATE TABLE answer_history (
  id            bigserial PRIMARY KEY,
  assessment_id uuid NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
  question_id   text NOT NULL,
  value         text NOT NULL,
  comment       text,
  answered_by   uuid REFERENCES accounts (id) ON DELETE SET NULL,
  version       bigint NOT NULL,
  at            timestamptz NOT NULL
);
CREATE INDEX answer_history_question ON answer_history (assessment_id, question_id, version);
INSERT INTO answer_history (assessment_id, question_id, value, comment, answered_by, version, at)
  SELECT assessment_id, question_id, value, comment, answered_by, version, updated_at FROM answers;

-- An OWNER's sign-off of a stored report version, at most one per version.
CREATE TABLE sign_offs (
  assessment_id uuid NOT NULL,
  version       bigint NOT NULL,
  signed_by     uuid REFERENCES accounts (id) ON DELETE SET NULL,
  note          text,
  signed_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (assessment_id, version),
  FOREIGN KEY (assessment_id, version) REFERENCES reports (assessment_id, version) ON DELETE CASCADE
);
