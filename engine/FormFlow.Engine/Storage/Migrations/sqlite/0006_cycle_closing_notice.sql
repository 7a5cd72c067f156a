-- FormFlow schema 6: when the cycle's "closing soon" notices were queued (ms since the epoch); NULL while they are
-- not. The sweep that sends them sets it with a conditional UPDATE, so that of several nodes exactly one sends them.
ALTER TABLE cycles ADD COLUMN closing_notice_at INTEGER NULL;
