-- FormFlow schema 8 (SQL Server): what an instance's schedule holds, and the outbox, readable without a full scan.
-- outbox.instance_id: the instance a message is about (NULL for none), filled from the payload for the messages
-- already queued; an instance's pending timers and its notices are read by instance_id, the outbox by status.
-- From now on outbox.channel says how a delivered message went out: "mail" and the webhook kinds that took it
-- ("mail,wecom"), empty when nothing took it; a message not yet delivered keeps the "mail" it was queued with.
ALTER TABLE outbox ADD instance_id nvarchar(64) NULL;
GO

UPDATE outbox SET instance_id = JSON_VALUE(payload, '$.instanceId') WHERE ISJSON(payload) = 1;
CREATE INDEX outbox_instance ON outbox (instance_id);
CREATE INDEX outbox_status ON outbox (status, created_at);
CREATE INDEX timers_instance ON timers (instance_id);
GO
