-- FormFlow schema 3 (SQL Server): task revisions without a foreign key to tasks, as on PostgreSQL.
-- A revision is only ever written by the command that has just updated its task at the task's version, in the same
-- transaction, and tasks are never deleted: the key checked nothing the writes do not already guarantee, and cost
-- every completion a lookup of the task. SQL Server named the key when it was created: look it up.
DECLARE @name sysname = (
    SELECT name FROM sys.foreign_keys
    WHERE parent_object_id = OBJECT_ID(N'task_revisions') AND referenced_object_id = OBJECT_ID(N'tasks'));
-- EXEC ( … ) joins only literals and variables, not function calls: the statement is built in a variable first.
IF @name IS NOT NULL
BEGIN
    DECLARE @drop nvarchar(300) = N'ALTER TABLE task_revisions DROP CONSTRAINT ' + QUOTENAME(@name);
    EXEC sp_executesql @drop;
END
