-- FormFlow schema 20 (SQLite): a person's messages (/api/me/messages, the template preview: by recipient, newest first)
-- read the whole outbox; this index reads theirs.
CREATE INDEX outbox_recipient ON outbox (recipient, created_at);
