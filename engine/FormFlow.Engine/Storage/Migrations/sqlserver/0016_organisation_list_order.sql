-- FormFlow schema 16 (SQL Server): what the lists over a large organisation read instead of counting it on every page
-- (docs/performance.md, "Lists"). The organisation only changes by an import, which writes both.
-- A person's place in the people list (1, 2, ... by id, without gaps): a page of everyone is a range of this index, and
-- how many people there are is its largest value — no count and no OFFSET walk over 100,000 index entries per page.
ALTER TABLE people ADD list_position int NULL;
ALTER TABLE departments ADD people_count int NOT NULL CONSTRAINT departments_people_count_default DEFAULT 0;
GO
WITH r AS (SELECT list_position, ROW_NUMBER() OVER (ORDER BY id COLLATE Latin1_General_BIN2) AS n FROM people)
UPDATE r SET list_position = n;
-- Filtered: SQL Server's unique index admits one NULL only.
CREATE UNIQUE INDEX people_list_position ON people (list_position) WHERE list_position IS NOT NULL;
-- How many people a department has (not counting those below): the departments list read every person's department.
UPDATE departments SET people_count = (SELECT COUNT(*) FROM people p WHERE p.department_id = departments.id);
