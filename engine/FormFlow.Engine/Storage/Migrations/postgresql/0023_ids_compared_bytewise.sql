-- FormFlow schema 23 (PostgreSQL): ids and keys compared byte by byte (COLLATE "C"), whatever the database's collation.
-- Every id, reference and key a primary key, foreign key or index compares was compared by the database's collation,
-- through the C library's strcoll: a database made with en_US.UTF-8 (or even C.UTF-8) sorts and looks up 32 hex
-- digits the slow way, at every index entry a launch writes and every foreign key it checks. Byte order is also how
-- SQLite (BINARY) and .NET (ordinal) order ids, so lists of ids come out in one order on every dialect. Names and
-- texts people read keep the database's collation. In psql, 200,000 rows of three indexed ids copied in: 0.61–0.68 s
-- against 0.91–1.02 s on a C.UTF-8 database (docs/performance.md, "Ids compared byte by byte").
-- The indexes on these columns are rebuilt and the foreign keys checked again; the tables are not rewritten.
ALTER TABLE audit_log ALTER COLUMN entity TYPE text COLLATE "C", ALTER COLUMN entity_id TYPE text COLLATE "C";
ALTER TABLE calibration_ratings ALTER COLUMN calibration_id TYPE text COLLATE "C", ALTER COLUMN instance_id TYPE text COLLATE "C", ALTER COLUMN person_id TYPE text COLLATE "C";
ALTER TABLE calibrations ALTER COLUMN id TYPE text COLLATE "C", ALTER COLUMN cycle_id TYPE text COLLATE "C", ALTER COLUMN department_id TYPE text COLLATE "C";
ALTER TABLE cycle_members ALTER COLUMN cycle_id TYPE text COLLATE "C", ALTER COLUMN person_id TYPE text COLLATE "C", ALTER COLUMN instance_id TYPE text COLLATE "C";
ALTER TABLE cycles ALTER COLUMN id TYPE text COLLATE "C";
ALTER TABLE definitions ALTER COLUMN kind TYPE text COLLATE "C", ALTER COLUMN "key" TYPE text COLLATE "C", ALTER COLUMN owner_department TYPE text COLLATE "C";
ALTER TABLE department_closure ALTER COLUMN ancestor_id TYPE text COLLATE "C", ALTER COLUMN descendant_id TYPE text COLLATE "C";
ALTER TABLE departments ALTER COLUMN id TYPE text COLLATE "C", ALTER COLUMN parent_id TYPE text COLLATE "C", ALTER COLUMN head_id TYPE text COLLATE "C", ALTER COLUMN hrbp_id TYPE text COLLATE "C";
ALTER TABLE field_comments ALTER COLUMN id TYPE text COLLATE "C", ALTER COLUMN task_id TYPE text COLLATE "C";
ALTER TABLE idempotency_keys ALTER COLUMN person_id TYPE text COLLATE "C", ALTER COLUMN idem_key TYPE text COLLATE "C";
ALTER TABLE instance_counts ALTER COLUMN cycle_id TYPE text COLLATE "C", ALTER COLUMN department_id TYPE text COLLATE "C";
ALTER TABLE kpi_actuals ALTER COLUMN id TYPE text COLLATE "C", ALTER COLUMN person_id TYPE text COLLATE "C", ALTER COLUMN indicator TYPE text COLLATE "C", ALTER COLUMN instance_id TYPE text COLLATE "C";
ALTER TABLE kpi_warnings ALTER COLUMN id TYPE text COLLATE "C", ALTER COLUMN person_id TYPE text COLLATE "C", ALTER COLUMN indicator TYPE text COLLATE "C", ALTER COLUMN instance_id TYPE text COLLATE "C";
ALTER TABLE notification_preferences ALTER COLUMN person_id TYPE text COLLATE "C";
ALTER TABLE outbox ALTER COLUMN id TYPE text COLLATE "C", ALTER COLUMN idempotency_key TYPE text COLLATE "C", ALTER COLUMN instance_id TYPE text COLLATE "C", ALTER COLUMN recipient TYPE text COLLATE "C", ALTER COLUMN status TYPE text COLLATE "C";
ALTER TABLE people ALTER COLUMN id TYPE text COLLATE "C", ALTER COLUMN department_id TYPE text COLLATE "C", ALTER COLUMN manager_id TYPE text COLLATE "C";
ALTER TABLE process_instances ALTER COLUMN id TYPE text COLLATE "C", ALTER COLUMN cycle_id TYPE text COLLATE "C", ALTER COLUMN subject_id TYPE text COLLATE "C";
ALTER TABLE task_revisions ALTER COLUMN task_id TYPE text COLLATE "C";
ALTER TABLE tasks ALTER COLUMN id TYPE text COLLATE "C", ALTER COLUMN instance_id TYPE text COLLATE "C", ALTER COLUMN assignee_id TYPE text COLLATE "C";
ALTER TABLE timers ALTER COLUMN id TYPE text COLLATE "C", ALTER COLUMN instance_id TYPE text COLLATE "C", ALTER COLUMN task_id TYPE text COLLATE "C";
