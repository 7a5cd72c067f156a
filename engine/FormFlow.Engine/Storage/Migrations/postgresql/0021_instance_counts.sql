-- FormFlow schema 21 (PostgreSQL): how many instances each cycle has of the people of each department, so that the
-- total of a team's instances sums a row per department the viewer leads instead of checking every instance: when a
-- review covers the whole organisation its HRBP oversees 100,000 instances, and any exact count of them read them all
-- (132–191 ms a page on PostgreSQL; docs/performance.md, "The team's instances").
-- Every instance is written by a command's writes (CommandWrites: a start on demand, a sub-process, a launch's
-- batches), which add to these counts in the same transaction (InstanceCounts); instances are never deleted and keep
-- their subject and cycle. An import, which may move people between departments, counts them all again
-- (OrganisationStore.ReplaceAsync). Only instances of known people count, as only they are listed. '' stands for no
-- cycle (an instance started on demand) and no department: a key has no NULL.
CREATE TABLE instance_counts (
    cycle_id       text    NOT NULL,
    department_id  text    NOT NULL,
    instances      bigint  NOT NULL,
    PRIMARY KEY (cycle_id, department_id)
);
INSERT INTO instance_counts (cycle_id, department_id, instances)
SELECT COALESCE(i.cycle_id, ''), COALESCE(p.department_id, ''), COUNT(*)
FROM process_instances i JOIN people p ON p.id = i.subject_id
GROUP BY 1, 2;
