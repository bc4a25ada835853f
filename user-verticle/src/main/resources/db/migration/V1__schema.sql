-- Bastion schema. Durable state lives only here; the bus carries work that is retried until acknowledged.

CREATE TABLE accounts (
  id            uuid PRIMARY KEY,
  email         text NOT NULL,
  password_hash text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
-- One account per email, compared case-insensitively.
CREATE UNIQUE INDEX accounts_email_key ON accounts (lower(email));

-- A login session; a token is valid only while its session is neither revoked nor expired.
CREATE TABLE sessions (
  id          uuid PRIMARY KEY,
  account_id  uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz
);
CREATE INDEX sessions_account ON sessions (account_id);

-- Every catalogue version a node has loaded, so that a changed file without a new version is refused.
CREATE TABLE catalogues (
  id         text NOT NULL,
  version    text NOT NULL,
  sha256     text NOT NULL,
  title      text NOT NULL,
  loaded_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id, version)
);

CREATE TABLE assessments (
  id                uuid PRIMARY KEY,
  account_id        uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  catalogue_id      text NOT NULL,
  catalogue_version text NOT NULL,
  title             text NOT NULL,
  version           bigint NOT NULL DEFAULT 0,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (catalogue_id, catalogue_version) REFERENCES catalogues (id, version)
);
CREATE INDEX assessments_account ON assessments (account_id, created_at DESC);

-- The current answer per question; version is the assessment version the answer produced.
CREATE TABLE answers (
  assessment_id uuid NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
  question_id   text NOT NULL,
  value         text NOT NULL,
  comment       text,
  version       bigint NOT NULL,
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  PRIMARY KEY (assessment_id, question_id)
);

-- Transactional outbox: one row per assessment version, committed with the answer that produced it. The row is
-- the AnswerEvent (envelope columns plus the answers snapshot); it is deleted once a report for its version or a
-- newer one is stored.
CREATE TABLE outbox (
  id                bigserial PRIMARY KEY,
  event_id          uuid NOT NULL UNIQUE,
  account_id        uuid NOT NULL,
  assessment_id     uuid NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
  version           bigint NOT NULL,
  state             text NOT NULL,
  question_id       text NOT NULL,
  answer_created_at timestamptz NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  catalogue_id      text NOT NULL,
  catalogue_version text NOT NULL,
  answers           jsonb NOT NULL,
  attempts          integer NOT NULL DEFAULT 0,
  next_attempt_at   timestamptz NOT NULL DEFAULT now(),
  last_error        text,
  UNIQUE (assessment_id, version)
);
CREATE INDEX outbox_due ON outbox (next_attempt_at, id);

-- One report per assessment version, stored idempotently. answers is the snapshot it was computed from: the
-- baseline of the next report's delta.
CREATE TABLE reports (
  assessment_id uuid NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
  version       bigint NOT NULL,
  account_id    uuid NOT NULL,
  score         double precision NOT NULL,
  tier          integer NOT NULL,
  complete      boolean NOT NULL,
  report        jsonb NOT NULL,
  answers       jsonb NOT NULL,
  scored_by     text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (assessment_id, version)
);
