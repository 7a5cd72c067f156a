-- FormFlow schema 15 (SQL Server): indexes for the lists the API pages in the database (docs/performance.md, "Lists").
-- Who oversees whom walks the department tree down from the departments a person heads or is the HRBP of, and a
-- person's HeadOf/HrbpOf are the departments naming them: without these every walk read the whole table.
CREATE INDEX departments_parent ON departments (parent_id);
CREATE INDEX departments_head ON departments (head_id);
CREATE INDEX departments_hrbp ON departments (hrbp_id);
-- The team's instances, newest first, read by subject (and by cycle) in that order.
CREATE INDEX process_instances_subject_created ON process_instances (subject_id, created_at);
CREATE INDEX process_instances_cycle_created ON process_instances (cycle_id, created_at);
-- They lead with the columns of the two they replace, which every write kept up for nothing.
DROP INDEX process_instances_subject ON process_instances;
DROP INDEX process_instances_cycle ON process_instances;
