-- FormFlow schema 24 (PostgreSQL): the instances' order, newest first, kept in a table no command updates. A deep page
-- of a whole organisation's review (its HRBP's team's instances) is found by walking an index of every instance to the
-- page, 50,000 entries for a page in the middle of 100,000, by the index alone where the table's page is marked
-- all-visible. Every command that moves an instance on updates its row and takes that mark off its page, and
-- autovacuum gives it back only after many dead rows, which updates pruned on the page never leave: once a fifth of
-- the review was submitted, the walk read the table for nearly every entry and the deep pages' p99 went from 28 to
-- 73–82 ms (docs/performance.md, "Deep pages while a review is under way"). These rows are only ever inserted: beside
-- each instance, by the same write (CommandWrites, InstanceStore.InsertManyAsync), and instances are never deleted and
-- keep their cycle. No foreign key: the instance is written in the same statement or transaction, and checking it
-- would cost a launch of 100,000 a lookup per row. Ids compare byte by byte as process_instances' do (schema 23), so
-- both order ties alike.
CREATE TABLE instance_order (
    created_at  bigint  NOT NULL,
    id          text    COLLATE "C" NOT NULL,
    cycle_id    text    COLLATE "C" NULL
);
INSERT INTO instance_order (created_at, id, cycle_id) SELECT created_at, id, cycle_id FROM process_instances;
CREATE INDEX instance_order_newest ON instance_order (created_at DESC, id);
CREATE INDEX instance_order_cycle_newest ON instance_order (cycle_id, created_at DESC, id);
