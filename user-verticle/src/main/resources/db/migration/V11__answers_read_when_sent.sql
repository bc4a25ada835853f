-- Issue 15: an answer no longer writes a copy of every answer of its assessment.
-- The outbox row names the version; the relay reads the answers when it sends (a claim reads them in the same
-- statement, the node that committed the answer gets them back from the answer's statement). Rows queued by an
-- older version still carry their snapshot and are sent with it, so the columns stay, nullable.
ALTER TABLE outbox ALTER COLUMN answers DROP NOT NULL;
ALTER TABLE dead_letters ALTER COLUMN answers DROP NOT NULL;
-- The baseline of the next report's delta is the compact basis (one "questionId=value" line per answer, see
-- io.bastion.codecs.Basis) instead of a JSON copy of the answers; reports stored before keep their answers and are
-- read from them.
ALTER TABLE reports ALTER COLUMN answers DROP NOT NULL;
ALTER TABLE reports ADD COLUMN basis text;
