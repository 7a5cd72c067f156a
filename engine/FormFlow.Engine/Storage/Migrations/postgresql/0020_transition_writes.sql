-- FormFlow schema 20 (PostgreSQL): what a transition costs the server (docs/performance.md, "Runtime").
-- An instance's row is updated at every step (its state, status and version), none of them an indexed column: with room
-- on the row's page for the new version the update stays on the page (heap-only) and the instance's three indexes get
-- no new entries. A launched instance's row is ~0.36 kB; after the self-review its state has grown it to ~1.4 kB. At
-- fillfactor 80 (11 rows of a launch on a page at 50, 18 at 80) the grown versions did not fit beside the others and
-- 28% of the updates were heap-only; at 25 a page holds 5 launched rows and room for their grown versions: 100% in the
-- runtime benchmark. The room is taken by the rows' own growth, so the table ends no bigger than before. Pages written
-- from now on keep the room; those already full keep their rows until rewritten (VACUUM FULL).
ALTER TABLE process_instances SET (fillfactor = 25);
-- A person's messages (/api/me/messages, the template preview: by recipient, newest first) read the whole outbox: 11 ms
-- a read at 100,000 messages, growing with it; 0.08 ms with this index. Its entry costs a transition nothing measurable
-- (0.57 / 0.56 and 0.59 / 0.59 ms of the server's processor time per transition, without / with, two pairs).
CREATE INDEX outbox_recipient ON outbox (recipient, created_at);
