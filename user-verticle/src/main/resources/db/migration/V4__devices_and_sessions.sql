-- Failed log-ins by email and browser (OWASP device cookies): device is the nonce of a valid device cookie, or ''
-- for a browser without one. Keyed by the email as typed (lower case), so that unknown emails behave like known ones.
CREATE TABLE login_failures (
  email     text NOT NULL,
  device    text NOT NULL,
  failed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_key ON login_failures (email, device, failed_at);

-- One "someone is trying your password" mail per lock-out episode.
CREATE TABLE lockout_notices (
  account_id uuid PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  sent_at    timestamptz NOT NULL
);

-- Idle timeout and the account page's list of sessions.
ALTER TABLE sessions ADD COLUMN last_used_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE sessions ADD COLUMN address text;
ALTER TABLE sessions ADD COLUMN user_agent text;
