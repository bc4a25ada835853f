-- The audit log: append-only and hash-chained, one chain per organisation ('org:<id>') and one per account's own
-- events ('account:<id>'). No foreign keys: entries outlive the accounts and organisations they name.
--
-- Each entry's hash is the hex SHA-256 of its canonical text, the UTF-8 of these ten fields joined by '\n' (a null
-- field is the empty string): prev_hash, id, chain, at in microseconds since the epoch, kind, actor_id, address,
-- organisation_id, target, detail::text. prev_hash is the hash of the chain's previous entry ('' for the first).
-- actor_email is not hashed: it is replaced by a pseudonym when the account is deleted (the one UPDATE allowed).
-- AuditHash.java computes the same recipe to verify a chain.

CREATE TABLE audit_log (
  id              bigserial PRIMARY KEY,
  chain           text NOT NULL,
  at              timestamptz NOT NULL,
  kind            text NOT NULL,
  actor_id        uuid,
  actor_email     text,
  address         text,
  organisation_id uuid,
  target          text,
  detail          jsonb NOT NULL DEFAULT '{}',
  prev_hash       text NOT NULL,
  hash            text NOT NULL
);
CREATE INDEX audit_log_chain ON audit_log (chain, id);
CREATE INDEX audit_log_actor ON audit_log (actor_id) WHERE actor_id IS NOT NULL;

-- The last entry of each chain. Appending locks the chain's row, so that appends to one chain take turns (and
-- take their ids in that order) and every entry follows the one before it; different chains do not wait.
CREATE TABLE audit_heads (
  chain   text PRIMARY KEY,
  last_id bigint NOT NULL,
  hash    text NOT NULL
);

CREATE FUNCTION audit_canonical(prev text, id bigint, chain text, at timestamptz, kind text, actor uuid,
    address text, organisation uuid, target text, detail jsonb) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$
    SELECT concat_ws(E'\n', prev, id::text, chain, ((extract(epoch FROM at) * 1000000)::bigint)::text, kind,
      coalesce(actor::text, ''), coalesce(address, ''), coalesce(organisation::text, ''), coalesce(target, ''),
      coalesce(detail::text, ''))
  $$;

-- Appends one entry to its chain and returns its id: one statement for the caller (SELECT audit_append(...)),
-- safe to pipeline inside the caller's transaction; the chain's row stays locked until that transaction ends.
CREATE FUNCTION audit_append(p_chain text, p_kind text, p_actor uuid, p_actor_email text, p_address text,
    p_organisation uuid, p_target text, p_detail jsonb) RETURNS bigint
  LANGUAGE plpgsql AS $$
DECLARE
  v_prev text;
  v_id   bigint;
  v_at   timestamptz;
  v_hash text;
BEGIN
  -- The email as of now when the caller did not have it at hand (shown only: not hashed).
  IF p_actor_email IS NULL AND p_actor IS NOT NULL THEN
    SELECT email INTO p_actor_email FROM accounts WHERE id = p_actor;
  END IF;
  INSERT INTO audit_heads (chain, last_id, hash) VALUES (p_chain, 0, '') ON CONFLICT (chain) DO NOTHING;
  -- Waits for an append to this chain in another open transaction; then reads the head that one left.
  SELECT hash INTO v_prev FROM audit_heads WHERE chain = p_chain FOR UPDATE;
  v_id := nextval(pg_get_serial_sequence('audit_log', 'id'));
  v_at := date_trunc('microseconds', clock_timestamp());
  v_hash := encode(sha256(convert_to(audit_canonical(v_prev, v_id, p_chain, v_at, p_kind, p_actor, p_address,
      p_organisation, p_target, coalesce(p_detail, '{}')), 'UTF8')), 'hex');
  INSERT INTO audit_log (id, chain, at, kind, actor_id, actor_email, address, organisation_id, target, detail,
      prev_hash, hash)
    VALUES (v_id, p_chain, v_at, p_kind, p_actor, p_actor_email, p_address, p_organisation, p_target,
      coalesce(p_detail, '{}'), v_prev, v_hash);
  UPDATE audit_heads SET last_id = v_id, hash = v_hash WHERE chain = p_chain;
  RETURN v_id;
END
$$;

-- Append-only: no DELETE, no TRUNCATE, and no UPDATE but of actor_email (the pseudonym of a deleted account).
CREATE FUNCTION audit_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (NEW.id, NEW.chain, NEW.at, NEW.kind, NEW.actor_id, NEW.address, NEW.organisation_id,
      NEW.target, NEW.detail, NEW.prev_hash, NEW.hash) IS NOT DISTINCT FROM (OLD.id, OLD.chain, OLD.at, OLD.kind,
      OLD.actor_id, OLD.address, OLD.organisation_id, OLD.target, OLD.detail, OLD.prev_hash, OLD.hash) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'the audit log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_refuse();
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_refuse();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse();
