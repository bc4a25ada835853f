-- Passkeys (WebAuthn credentials): several per account, each with a label. The authenticator column holds what
-- vertx-auth-webauthn4j needs to verify a login (public key, counter, flags...), as its own JSON.
CREATE TABLE passkeys (
  cred_id       text PRIMARY KEY,
  account_id    uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  label         text NOT NULL DEFAULT '',
  authenticator jsonb NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_used_at  timestamptz
);
CREATE INDEX passkeys_account ON passkeys (account_id);

-- WebAuthn challenges: single use (deleted when used) and short-lived, in the database so that a ceremony started
-- on one user node can finish on another.
CREATE TABLE webauthn_challenges (
  id          uuid PRIMARY KEY,
  purpose     text NOT NULL CHECK (purpose IN ('register', 'login')),
  challenge   text NOT NULL,
  account_id  uuid REFERENCES accounts (id) ON DELETE CASCADE,
  expires_at  timestamptz NOT NULL
);

-- The TOTP second factor: pending until confirmed with a code. last_step is the last time step accepted, so that
-- a code cannot be used twice (the update that moves it forward is the check, also between nodes).
CREATE TABLE totp_factors (
  account_id    uuid PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  secret        text NOT NULL,
  confirmed_at  timestamptz,
  last_step     bigint NOT NULL DEFAULT -1,
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- Single-use recovery codes, stored as SHA-256 hashes (the codes are random, 50 bits each: no slow hash needed).
CREATE TABLE recovery_codes (
  account_id  uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  code_hash   text NOT NULL,
  PRIMARY KEY (account_id, code_hash)
);

-- A login whose password was right and that waits for the second factor: a hashed token, a few tries, 5 minutes.
CREATE TABLE pending_logins (
  token_hash  text PRIMARY KEY,
  account_id  uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  tries       integer NOT NULL DEFAULT 0,
  expires_at  timestamptz NOT NULL
);
