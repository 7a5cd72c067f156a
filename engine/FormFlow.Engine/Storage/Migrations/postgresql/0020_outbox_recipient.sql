-- FormFlow schema 20 (PostgreSQL): a person's messages (/api/me/messages, the template preview: by recipient, newest
-- first) read the whole outbox: 11 ms a read at 100,000 messages, growing with it; 0.08 ms with this index. Its entry
-- costs a transition nothing measurable (0.57 / 0.56 and 0.59 / 0.59 ms of the server's processor time per transition,
-- without / with, two pairs). (Leaving room on the pages of process instances for heap-only updates, fillfactor 25, was
-- measured and left out: 2–8% of the server's time per transition, but 0.3 s more for a 100,000-person launch, whose
-- target of 8 s it has no room for; docs/performance.md, "Runtime".)
CREATE INDEX outbox_recipient ON outbox (recipient, created_at);
