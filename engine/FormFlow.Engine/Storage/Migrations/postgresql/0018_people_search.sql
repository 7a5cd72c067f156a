-- FormFlow schema 18 (PostgreSQL): nothing. The people search's trigram index is SQLite's (an FTS5 table); PostgreSQL's
-- trigram indexes serve the same search since schema 16 (pg_trgm).
SELECT 1;
