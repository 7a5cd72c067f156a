-- FormFlow schema 18 (SQL Server): nothing. The people search's trigram index is SQLite's (an FTS5 table); SQL Server
-- has no trigram index and reads the people, as before.
SELECT 1;
