-- Password reset: single-use tokens that expire. Only a hash of the token is stored, so a database leak does not
-- hand out working reset links.
CREATE TABLE password_resets (
  token_hash  text PRIMARY KEY,
  account_id  uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz
);
CREATE INDEX password_resets_account ON password_resets (account_id);

-- Fixed-window counters for rate limits, shared by every user node.
CREATE TABLE rate_limits (
  key          text PRIMARY KEY,
  window_start timestamptz NOT NULL,
  hits         integer NOT NULL
);
