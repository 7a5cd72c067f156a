-- FormFlow schema 20 (SQLite): a person's messages (/api/me/messages, the template preview: by recipient, newest first)
-- read the whole outbox; this index reads theirs. (The server database also leaves more room on the pages of process
-- instances, for PostgreSQL's heap-only updates; SQLite has no such setting.)
CREATE INDEX outbox_recipient ON outbox (recipient, created_at);
