-- FormFlow schema 21 (SQL Server): how many instances each cycle has of the people of each department, so that the
-- total of a team's instances sums a row per department the viewer leads instead of checking every instance: when a
-- review covers the whole organisation its HRBP oversees 100,000 instances, and any exact count of them read them all
-- (docs/performance.md, "The team's instances").
-- Kept by the database on every insert of an instance, whichever way it comes (a launch's bulk copy, which fires
-- triggers, a start on demand, a sub-process), so that no writer can forget it; instances are never deleted and keep
-- their subject and cycle. An import, which may move people between departments, rewrites it whole
-- (OrganisationStore.ReplaceAsync). '' stands for no cycle (an instance started on demand) and no department: a key
-- has no NULL.
CREATE TABLE instance_counts (
    cycle_id       nvarchar(64) NOT NULL,
    department_id  nvarchar(64) NOT NULL,
    instances      bigint NOT NULL,
    CONSTRAINT instance_counts_pkey PRIMARY KEY (cycle_id, department_id)
);
GO
-- Once per statement, over the rows it inserted. Only instances of known people count, as only they are listed.
CREATE TRIGGER process_instances_counted ON process_instances AFTER INSERT
AS
BEGIN
    SET NOCOUNT ON;
    MERGE instance_counts WITH (HOLDLOCK) AS c
    USING (
        SELECT COALESCE(a.cycle_id, N''), COALESCE(p.department_id, N''), COUNT(*)
        FROM inserted a JOIN people p ON p.id = a.subject_id
        GROUP BY COALESCE(a.cycle_id, N''), COALESCE(p.department_id, N'')
    ) AS n (cycle_id, department_id, instances)
    ON c.cycle_id = n.cycle_id AND c.department_id = n.department_id
    WHEN MATCHED THEN UPDATE SET instances = c.instances + n.instances
    WHEN NOT MATCHED THEN INSERT (cycle_id, department_id, instances) VALUES (n.cycle_id, n.department_id, n.instances);
END;
GO
INSERT INTO instance_counts (cycle_id, department_id, instances)
SELECT COALESCE(i.cycle_id, N''), COALESCE(p.department_id, N''), COUNT(*)
FROM process_instances i JOIN people p ON p.id = i.subject_id
GROUP BY COALESCE(i.cycle_id, N''), COALESCE(p.department_id, N'');
