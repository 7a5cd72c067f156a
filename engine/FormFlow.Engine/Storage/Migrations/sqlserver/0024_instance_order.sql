-- FormFlow schema 24 (SQL Server): the instances' order, newest first, kept in a table no command updates (see the
-- PostgreSQL migration of the same number). Only ever inserted, beside each instance, by the same write.
CREATE TABLE instance_order (
    created_at  bigint       NOT NULL,
    id          nvarchar(64) NOT NULL,
    cycle_id    nvarchar(64) NULL
);
GO
INSERT INTO instance_order (created_at, id, cycle_id) SELECT created_at, id, cycle_id FROM process_instances;
CREATE INDEX instance_order_newest ON instance_order (created_at DESC, id);
CREATE INDEX instance_order_cycle_newest ON instance_order (cycle_id, created_at DESC, id);
