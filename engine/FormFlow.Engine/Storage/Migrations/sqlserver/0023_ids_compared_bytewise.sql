-- FormFlow schema 23 (SQL Server): nothing here yet. PostgreSQL's ids and keys are compared byte by byte since schema 23;
-- SQL Server's keep the database's collation, and the lists that page by id order them with Latin1_General_BIN2.
SELECT 1;
