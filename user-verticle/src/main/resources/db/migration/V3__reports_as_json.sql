-- Reports and answer snapshots are written once and read whole, never queried inside: store them as json (text,
-- checked) rather than jsonb, which costs a conversion to binary on every write (measured in BENCHMARKS.md).
ALTER TABLE reports ALTER COLUMN report TYPE json USING report::json;
ALTER TABLE reports ALTER COLUMN answers TYPE json USING answers::json;
ALTER TABLE outbox ALTER COLUMN answers TYPE json USING answers::json;
