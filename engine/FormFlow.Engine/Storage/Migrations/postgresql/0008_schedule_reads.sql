-- FormFlow schema 8: what an instance's schedule holds, and the outbox, readable without a full scan.
-- outbox.instance_id: the instance a message is about (NULL for none), filled from the payload for the messages
-- already queued; an instance's pending timers and its notices are read by instance_id, the outbox by status.
-- From now on outbox.channel says how a delivered message went out: "mail" and the webhook kinds that took it
-- ("mail,wecom"), empty when nothing took it; a message not yet delivered keeps the "mail" it was queued with.
ALTER TABLE outbox ADD COLUMN instance_id text NULL;
-- A pattern rather than a cast to jsonb: a payload that is not JSON leaves NULL instead of failing the migration.
UPDATE outbox SET instance_id = substring(payload from '"instanceId":"([^"]+)"');
CREATE INDEX outbox_instance ON outbox (instance_id);
CREATE INDEX outbox_status ON outbox (status, created_at);
CREATE INDEX timers_instance ON timers (instance_id);
