-- FormFlow schema 16 (SQLite): what the lists over a large organisation read instead of counting it on every page
-- (docs/performance.md, "Lists"). The organisation only changes by an import, which writes both.
-- A person's place in the people list (1, 2, ... by id, without gaps): a page of everyone is a range of this index, and
-- how many people there are is its largest value — no count and no OFFSET walk over 100,000 index entries per page.
ALTER TABLE people ADD COLUMN list_position integer NULL;
UPDATE people SET list_position = r.n FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n FROM people) r WHERE people.id = r.id;
CREATE UNIQUE INDEX people_list_position ON people (list_position);
-- How many people a department has (not counting those below): the departments list read every person's department.
ALTER TABLE departments ADD COLUMN people_count integer NOT NULL DEFAULT 0;
UPDATE departments SET people_count = (SELECT COUNT(*) FROM people p WHERE p.department_id = departments.id);
