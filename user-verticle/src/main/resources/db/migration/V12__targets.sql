-- Targets (issue 13): the score an assessment's team aims for in each CSF function, set by an EDITOR or OWNER.
-- The report shows each function's score against its target; a function without a row has no target.
CREATE TABLE assessment_targets (
  assessment_id uuid NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
  function      text NOT NULL CHECK (function IN ('GV', 'ID', 'PR', 'DE', 'RS', 'RC')),
  score         numeric(4, 1) NOT NULL CHECK (score >= 0 AND score <= 100),
  set_by        uuid REFERENCES accounts (id) ON DELETE SET NULL,
  set_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (assessment_id, function)
);
