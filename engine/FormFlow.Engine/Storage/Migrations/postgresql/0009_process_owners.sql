-- FormFlow schema 9: a process belongs to a department (its "ownerDepartment"); NULL for a process of the whole
-- organisation and for every other kind. Kept beside the body, which stays as the author sent it, so that who may
-- author and launch a process is read without parsing every body. Filled from the bodies already stored.
ALTER TABLE definitions ADD COLUMN owner_department text NULL;
-- A pattern rather than a cast to jsonb: a draft that is not JSON leaves NULL instead of failing the migration.
UPDATE definitions SET owner_department = substring(body from '"ownerDepartment"\s*:\s*"([^"\\]+)"') WHERE kind = 'process';
CREATE INDEX definitions_owner ON definitions (kind, owner_department);
