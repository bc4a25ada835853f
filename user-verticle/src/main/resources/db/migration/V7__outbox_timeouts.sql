-- Timeouts (review of issue 12): an event whose scoring never replies (it hangs a security node, or kills it) is
-- retried for ever if only error replies count. timeouts counts the sends that timed out while a security node was
-- registered ("no security node" never counts); relay.dead-letter.timeouts of them give the event up too.
ALTER TABLE outbox ADD COLUMN timeouts integer NOT NULL DEFAULT 0;
ALTER TABLE dead_letters ADD COLUMN timeouts integer NOT NULL DEFAULT 0;
