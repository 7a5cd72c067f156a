-- FormFlow schema 21 (PostgreSQL): how many instances each cycle has of the people of each department, so that the
-- total of a team's instances sums a row per department the viewer leads instead of checking every instance: when a
-- review covers the whole organisation its HRBP oversees 100,000 instances, and any exact count of them read them all
-- (132–191 ms a page on PostgreSQL; docs/performance.md, "The team's instances").
-- Kept by the database on every insert of an instance, whichever way it comes (a launch's COPY, a start on demand, a
-- sub-process), so that no writer can forget it; instances are never deleted and keep their subject and cycle. An
-- import, which may move people between departments, rewrites it whole (OrganisationStore.ReplaceAsync).
-- '' stands for no cycle (an instance started on demand) and no department: a key has no NULL.
CREATE TABLE instance_counts (
    cycle_id       text    NOT NULL,
    department_id  text    NOT NULL,
    instances      bigint  NOT NULL,
    PRIMARY KEY (cycle_id, department_id)
);

-- Once per statement, over the rows it inserted: a launch's COPY of 2,000 instances adds a few rows here, not 2,000
-- updates of one. Only instances of known people count, as only they are listed.
CREATE FUNCTION instance_counts_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO instance_counts (cycle_id, department_id, instances)
    SELECT COALESCE(a.cycle_id, ''), COALESCE(p.department_id, ''), COUNT(*)
    FROM added a JOIN people p ON p.id = a.subject_id
    GROUP BY 1, 2
    ON CONFLICT (cycle_id, department_id) DO UPDATE SET instances = instance_counts.instances + EXCLUDED.instances;
    RETURN NULL;
END $$;
CREATE TRIGGER process_instances_counted AFTER INSERT ON process_instances
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION instance_counts_add();

INSERT INTO instance_counts (cycle_id, department_id, instances)
SELECT COALESCE(i.cycle_id, ''), COALESCE(p.department_id, ''), COUNT(*)
FROM process_instances i JOIN people p ON p.id = i.subject_id
GROUP BY 1, 2;
