-- Evidence (issue 13): files and links that back an answer, per (assessment, question). Files live here, in
-- PostgreSQL, so that every user node serves them; a link keeps its URL (http or https only). Each item has an
-- effective date and an optional expiry after it; an item whose expiry is before today (UTC) reads as expired.
CREATE TABLE evidence (
  id             uuid PRIMARY KEY,
  assessment_id  uuid NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
  question_id    text NOT NULL,
  kind           text NOT NULL CHECK (kind IN ('FILE', 'LINK')),
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
  media_type     text,
  size           bigint NOT NULL DEFAULT 0 CHECK (size >= 0),
  sha256         text,
  content        bytea,
  url            text CHECK (url IS NULL OR url ~* '^https?://'),
  effective_date date NOT NULL,
  expires_on     date CHECK (expires_on IS NULL OR expires_on > effective_date),
  added_by       uuid REFERENCES accounts (id) ON DELETE SET NULL,
  added_at       timestamptz NOT NULL DEFAULT now(),
  CHECK (kind <> 'FILE' OR (content IS NOT NULL AND media_type IS NOT NULL AND sha256 IS NOT NULL AND url IS NULL)),
  CHECK (kind <> 'LINK' OR (url IS NOT NULL AND content IS NULL))
);
CREATE INDEX evidence_assessment ON evidence (assessment_id, question_id, added_at);
