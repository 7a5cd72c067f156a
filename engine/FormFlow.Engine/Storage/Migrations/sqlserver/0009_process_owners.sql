-- FormFlow schema 9 (SQL Server): a process belongs to a department (its "ownerDepartment"); NULL for a process of
-- the whole organisation and for every other kind. Kept beside the body, which stays as the author sent it, so that
-- who may author and launch a process is read without parsing every body. Filled from the bodies already stored.
ALTER TABLE definitions ADD owner_department nvarchar(64) NULL;
GO

-- CASE keeps JSON_VALUE off a draft that is not JSON (a draft may be anything); a longer value is no department id.
UPDATE definitions
SET owner_department = CASE WHEN ISJSON(body) = 1 THEN
        CASE WHEN LEN(JSON_VALUE(body, '$.ownerDepartment')) <= 64 THEN JSON_VALUE(body, '$.ownerDepartment') END
    END
WHERE kind = 'process';
CREATE INDEX definitions_owner ON definitions (kind, owner_department);
GO
