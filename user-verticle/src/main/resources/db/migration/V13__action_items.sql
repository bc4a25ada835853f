-- The action plan (issue 13): a finding becomes an item with an owner, a due date and a status. An item whose
-- question is answered fully reads as done (worked out when read, so that a gap reopened reopens it).
CREATE TABLE action_items (
  id            uuid PRIMARY KEY,
  assessment_id uuid NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
  question_id   text NOT NULL,
  title         text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  owner_id      uuid REFERENCES accounts (id) ON DELETE SET NULL,
  due_date      date,
  status        text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'IN_PROGRESS', 'DONE', 'RISK_ACCEPTED')),
  reason        text CHECK (length(reason) <= 2000),
  created_by    uuid REFERENCES accounts (id) ON DELETE SET NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (status <> 'RISK_ACCEPTED' OR reason IS NOT NULL)
);
CREATE INDEX action_items_assessment ON action_items (assessment_id, created_at);
