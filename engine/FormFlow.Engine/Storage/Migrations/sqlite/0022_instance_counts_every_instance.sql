-- FormFlow schema 22 (SQLite): the instance counts of schema 21 count every instance. Schema 21 counted only the
-- instances of people in the organisation; those of someone an import has since removed, or started for a subject it
-- did not know, were in no count. A viewer who oversees all the instances of a cycle but a few has a page found among
-- all of them by the index alone (docs/performance.md, "Deep pages"), which needs the counts to add up to the instances
-- the cycle has. Such instances now count under no department (''), as the instances of people without one do.
DELETE FROM instance_counts;
INSERT INTO instance_counts (cycle_id, department_id, instances)
SELECT COALESCE(i.cycle_id, ''), COALESCE(p.department_id, ''), COUNT(*)
FROM process_instances i LEFT JOIN people p ON p.id = i.subject_id
GROUP BY 1, 2;
