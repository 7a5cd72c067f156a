-- FormFlow schema 3 (SQLite): nothing changes. The server databases drop the foreign key from task revisions to
-- tasks (it cost each completion a lookup and a row lock there); SQLite cannot drop a constraint without rebuilding
-- the table, and its single in-process writer pays next to nothing for the check, so it keeps the key.
SELECT 1;
