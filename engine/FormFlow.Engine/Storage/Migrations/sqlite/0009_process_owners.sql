-- FormFlow schema 9 (SQLite): a process belongs to a department (its "ownerDepartment"); NULL for a process of the
-- whole organisation and for every other kind. Kept beside the body, which stays as the author sent it, so that who
-- may author and launch a process is read without parsing every body. Filled from the bodies already stored.
ALTER TABLE definitions ADD COLUMN owner_department TEXT NULL;
-- Only valid JSON reaches the SET (a draft may be anything); an owner that is not text stays NULL.
UPDATE definitions
SET owner_department = CASE WHEN json_type(body, '$.ownerDepartment') = 'text' THEN json_extract(body, '$.ownerDepartment') END
WHERE kind = 'process' AND json_valid(body);
CREATE INDEX definitions_owner ON definitions (kind, owner_department);
