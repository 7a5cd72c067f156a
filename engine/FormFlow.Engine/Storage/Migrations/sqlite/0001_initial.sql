-- FormFlow schema 1 (SQLite). Times are UTC milliseconds since 1970 (INTEGER) here, bigint in the other dialects,
-- so that comparisons, leases and ordering are the same everywhere. Ids are TEXT (UUID v7 strings).

CREATE TABLE definitions (
    kind          TEXT    NOT NULL,          -- template | process | notification | report
    key           TEXT    NOT NULL,
    version       INTEGER NOT NULL,          -- 0 is the draft; 1, 2, ... are published and never change
    body          TEXT    NOT NULL,
    saved_by      TEXT    NOT NULL,
    saved_at      INTEGER  NOT NULL,
    published_by  TEXT    NULL,
    published_at  INTEGER  NULL,
    PRIMARY KEY (kind, key, version)
);

CREATE TABLE departments (
    id         TEXT PRIMARY KEY,
    name_zh    TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    parent_id  TEXT NULL,
    head_id    TEXT NULL,
    hrbp_id    TEXT NULL
);

CREATE TABLE people (
    id             TEXT PRIMARY KEY,
    name_zh        TEXT NOT NULL,
    name_en        TEXT NOT NULL,
    email          TEXT NOT NULL,
    locale         TEXT NOT NULL,
    department_id  TEXT NULL,
    manager_id     TEXT NULL,
    roles          TEXT NOT NULL DEFAULT ''  -- space-separated: admin hrbp manager employee
);
CREATE INDEX people_manager ON people (manager_id);
CREATE INDEX people_department ON people (department_id);

CREATE TABLE cycles (
    id               TEXT    PRIMARY KEY,
    name             TEXT    NOT NULL,
    process_key      TEXT    NOT NULL,
    process_version  INTEGER NOT NULL,
    starts_at        INTEGER  NOT NULL,
    ends_at          INTEGER  NOT NULL,
    status           TEXT    NOT NULL,       -- open | closed
    created_at       INTEGER  NOT NULL
);

CREATE TABLE process_instances (
    id               TEXT    PRIMARY KEY,
    cycle_id         TEXT    NULL REFERENCES cycles (id),
    process_key      TEXT    NOT NULL,
    process_version  INTEGER NOT NULL,
    subject_id       TEXT    NOT NULL,
    status           TEXT    NOT NULL,       -- running | completed | cancelled
    state            TEXT    NOT NULL,       -- JSON: current steps, variables
    version          INTEGER NOT NULL,       -- optimistic concurrency
    created_at       INTEGER  NOT NULL,
    updated_at       INTEGER  NOT NULL
);
CREATE INDEX process_instances_cycle ON process_instances (cycle_id);
CREATE INDEX process_instances_subject ON process_instances (subject_id);

CREATE TABLE tasks (
    id            TEXT    PRIMARY KEY,
    instance_id   TEXT    NOT NULL REFERENCES process_instances (id),
    step          TEXT    NOT NULL,
    assignee_id   TEXT    NOT NULL,
    due_at        INTEGER  NULL,
    status        TEXT    NOT NULL,          -- open | submitted | cancelled
    data          TEXT    NOT NULL,          -- JSON written so far
    version       INTEGER NOT NULL,          -- optimistic concurrency
    created_at    INTEGER  NOT NULL,
    completed_at  INTEGER  NULL
);
CREATE INDEX tasks_assignee ON tasks (assignee_id);  -- not status: a task changing status then stays a HOT update
CREATE INDEX tasks_instance ON tasks (instance_id);

CREATE TABLE task_revisions (
    task_id       TEXT    NOT NULL REFERENCES tasks (id),
    revision      INTEGER NOT NULL,
    data          TEXT    NOT NULL,
    submitted_by  TEXT    NOT NULL,
    submitted_at  INTEGER  NOT NULL,
    PRIMARY KEY (task_id, revision)
);

CREATE TABLE field_comments (
    id           TEXT   PRIMARY KEY,
    task_id      TEXT   NOT NULL REFERENCES tasks (id),
    pointer      TEXT   NOT NULL,
    author_id    TEXT   NOT NULL,
    body         TEXT   NOT NULL,
    created_at   INTEGER NOT NULL,
    resolved_at  INTEGER NULL
);
CREATE INDEX field_comments_task ON field_comments (task_id);

CREATE TABLE timers (
    id           TEXT   PRIMARY KEY,
    instance_id  TEXT   NOT NULL,
    task_id      TEXT   NULL,
    kind         TEXT   NOT NULL,            -- reminder | escalation | wait | recurrence
    due_at       INTEGER NOT NULL,
    payload      TEXT   NOT NULL,
    owner        TEXT   NULL,                -- the node holding the claim
    lease_until  INTEGER NULL,
    fired_at     INTEGER NULL
);
CREATE INDEX timers_due ON timers (due_at) WHERE fired_at IS NULL;

CREATE TABLE outbox (
    id               TEXT    PRIMARY KEY,
    idempotency_key  TEXT    NOT NULL UNIQUE,
    channel          TEXT    NOT NULL,       -- mail | webhook
    recipient        TEXT    NOT NULL,
    payload          TEXT    NOT NULL,
    status           TEXT    NOT NULL,       -- pending | sent | dead
    attempts         INTEGER NOT NULL,
    next_attempt_at  INTEGER  NOT NULL,
    owner            TEXT    NULL,
    lease_until      INTEGER  NULL,
    sent_at          INTEGER  NULL,
    last_error       TEXT    NULL,
    created_at       INTEGER  NOT NULL
);
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE status = 'pending';

CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    at         INTEGER NOT NULL,
    actor      TEXT   NOT NULL,
    action     TEXT   NOT NULL,
    entity     TEXT   NOT NULL,
    entity_id  TEXT   NOT NULL,
    before_json TEXT   NULL,
    after_json TEXT   NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);

-- The audit log is append-only: the database itself refuses to change or remove an entry.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
