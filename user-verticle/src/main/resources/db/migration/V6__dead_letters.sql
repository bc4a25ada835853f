-- Dead letters (issue 12): an AnswerEvent that security nodes keep refusing leaves the outbox for this table, so that
-- it stops being retried, until an operator replays it (./bastion replay).

-- Failures are the attempts a security node answered with an error (a timeout or no security node at all does not
-- count: the mesh may just be short of security nodes). first_failed_at is the first of them. replays counts how
-- often the row came back from dead_letters.
ALTER TABLE outbox
  ADD COLUMN failures        integer NOT NULL DEFAULT 0,
  ADD COLUMN first_failed_at timestamptz,
  ADD COLUMN replays         integer NOT NULL DEFAULT 0;

-- The outbox row as it was (same columns), with why and when it was given up. Deleted with its assessment, as the
-- outbox row would have been.
CREATE TABLE dead_letters (
  id                bigint PRIMARY KEY,
  event_id          uuid NOT NULL UNIQUE,
  account_id        uuid NOT NULL,
  assessment_id     uuid NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
  version           bigint NOT NULL,
  state             text NOT NULL,
  question_id       text NOT NULL,
  answer_created_at timestamptz NOT NULL,
  created_at        timestamptz NOT NULL,
  catalogue_id      text NOT NULL,
  catalogue_version text NOT NULL,
  answers           json NOT NULL,
  attempts          integer NOT NULL,
  failures          integer NOT NULL,
  first_failed_at   timestamptz,
  last_error        text,
  replays           integer NOT NULL DEFAULT 0,
  dead_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dead_letters_assessment ON dead_letters (assessment_id, version);
CREATE INDEX dead_letters_dead_at ON dead_letters (dead_at);
