-- FormFlow schema 24 (SQLite): the instances' order, newest first, kept in a table no command updates (see the
-- PostgreSQL migration of the same number: there a row's update takes its page's all-visible mark off, and the walk to
-- a deep page read the table for each entry). SQLite has no such mark; the table is here too so that every dialect
-- pages the same way with the same statements. Only ever inserted, beside each instance, by the same write.
CREATE TABLE instance_order (
    created_at  INTEGER NOT NULL,
    id          TEXT    NOT NULL,
    cycle_id    TEXT    NULL
);
INSERT INTO instance_order (created_at, id, cycle_id) SELECT created_at, id, cycle_id FROM process_instances;
CREATE INDEX instance_order_newest ON instance_order (created_at DESC, id);
CREATE INDEX instance_order_cycle_newest ON instance_order (cycle_id, created_at DESC, id);
