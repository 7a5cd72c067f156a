-- FormFlow schema 16 (PostgreSQL): what the lists over a large organisation read instead of counting it on every page
-- (docs/performance.md, "Lists"). The organisation only changes by an import, which writes both.
-- A person's place in the people list (1, 2, ... by id, without gaps): a page of everyone is a range of this index, and
-- how many people there are is its largest value — no count and no OFFSET walk over 100,000 index entries per page.
ALTER TABLE people ADD COLUMN list_position integer NULL;
UPDATE people SET list_position = r.n FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY id COLLATE "C") AS n FROM people) r WHERE people.id = r.id;
CREATE UNIQUE INDEX people_list_position ON people (list_position);
-- How many people a department has (not counting those below): the departments list read every person's department.
ALTER TABLE departments ADD COLUMN people_count integer NOT NULL DEFAULT 0;
UPDATE departments SET people_count = (SELECT COUNT(*) FROM people p WHERE p.department_id = departments.id);
-- The people search ("holds the text" in the id or a name, any case: LOWER(column) LIKE '%…%') read every person on
-- every page: trigram indexes serve it (a search of three characters or more). pg_trgm ships with PostgreSQL's
-- contrib modules and is a trusted extension (a database owner may create it); where it cannot be had, the search
-- works as before, by reading the table.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
        BEGIN
            CREATE EXTENSION IF NOT EXISTS pg_trgm;
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE NOTICE 'pg_trgm could not be created (%): the people search reads the table', SQLERRM;
        END;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        CREATE INDEX people_search_id ON people USING gin (LOWER(id) gin_trgm_ops);
        CREATE INDEX people_search_name_zh ON people USING gin (LOWER(name_zh) gin_trgm_ops);
        CREATE INDEX people_search_name_en ON people USING gin (LOWER(name_en) gin_trgm_ops);
    END IF;
END
$$;
