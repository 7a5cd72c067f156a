-- FormFlow schema 9 (SQL Server): a process belongs to a department (its "ownerDepartment"); NULL for a process of
-- the whole organisation and for every other kind. Kept beside the body, which stays as the author sent it, so that
-- who may author and launch a process is read without parsing every body. Filled from the bodies already stored.
ALTER TABLE definitions ADD owner_department nvarchar(64) NULL;
GO

UPDATE definitions SET owner_department = JSON_VALUE(body, '$.ownerDepartment') WHERE kind = 'process' AND ISJSON(body) = 1 AND LEN(JSON_VALUE(body, '$.ownerDepartment')) <= 64;
CREATE INDEX definitions_owner ON definitions (kind, owner_department);
GO
