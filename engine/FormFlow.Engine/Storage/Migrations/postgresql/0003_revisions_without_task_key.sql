-- FormFlow schema 3 (PostgreSQL): task revisions without a foreign key to tasks.
-- A revision is only ever written by the command that has just updated its task at the task's version, in the same
-- transaction, and tasks are never deleted: the key checked nothing the writes do not already guarantee. Checking it
-- cost every completion a lookup and a row lock on the task it had just updated, about a fifth of the completions
-- per second on the storage benchmark (docs/performance.md).
ALTER TABLE task_revisions DROP CONSTRAINT IF EXISTS task_revisions_task_id_fkey;
