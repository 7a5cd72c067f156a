-- FormFlow schema 19 (SQL Server): the instances newest first (docs/performance.md, "The team's instances").
-- When a review covers the whole organisation its HRBP oversees about every instance; a page of their team's instances
-- then walks these from the newest and stops after it, where it checked and sorted all 100,000 of them. A launch gives
-- its instances one created_at, so the order needs the id too (by cycle: by created_at alone, a cycle's page sorted
-- every instance of the cycle by id).
CREATE INDEX process_instances_created ON process_instances (created_at DESC, id);
CREATE INDEX process_instances_cycle_newest ON process_instances (cycle_id, created_at DESC, id);
-- It leads with the columns of the one it replaces, which every write would keep up for nothing.
DROP INDEX process_instances_cycle_created ON process_instances;
