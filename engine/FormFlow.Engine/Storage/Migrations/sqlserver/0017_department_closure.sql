-- FormFlow schema 17 (SQL Server): the department tree's closure, so that "the departments a person leads and those
-- below them" is a plain indexed join the planner can count, not a recursive walk it must guess (docs/performance.md,
-- "Lists"). The organisation only changes by an import, which rewrites it (OrganisationStore.ReplaceAsync).
-- One row per department and each department at or below it (itself at depth 0), as deep as the walks go (64).
CREATE TABLE department_closure (
    ancestor_id    nvarchar(64) NOT NULL,
    descendant_id  nvarchar(64) NOT NULL,
    depth          int NOT NULL,
    CONSTRAINT department_closure_pkey PRIMARY KEY (ancestor_id, descendant_id)
);
CREATE INDEX department_closure_descendant ON department_closure (descendant_id, ancestor_id);
GO
WITH walk (ancestor_id, descendant_id, depth) AS (
    SELECT id, id, 0 FROM departments
    UNION ALL
    SELECT w.ancestor_id, d.id, w.depth + 1 FROM walk w JOIN departments d ON d.parent_id = w.descendant_id WHERE w.depth < 64
)
INSERT INTO department_closure (ancestor_id, descendant_id, depth)
SELECT ancestor_id, descendant_id, MIN(depth) FROM walk GROUP BY ancestor_id, descendant_id;
