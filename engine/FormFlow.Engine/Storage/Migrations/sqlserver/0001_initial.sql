-- FormFlow schema 1 (SQL Server). Statements are separated by GO lines, as in sqlcmd. Times are UTC milliseconds since 1970 (bigint) in every dialect,
-- so that comparisons, leases and ordering are the same everywhere. Ids are text (UUID v7 strings).

CREATE TABLE definitions (
    kind          nvarchar(64)    NOT NULL,          -- template | process | notification | report
    [key]           nvarchar(64)    NOT NULL,
    version       integer NOT NULL,          -- 0 is the draft; 1, 2, ... are published and never change
    body          nvarchar(max)    NOT NULL,
    saved_by      nvarchar(64)    NOT NULL,
    saved_at      bigint  NOT NULL,
    published_by  nvarchar(64)    NULL,
    published_at  bigint  NULL,
    PRIMARY KEY (kind, [key], version)
);
GO

CREATE TABLE departments (
    id         nvarchar(64) PRIMARY KEY,
    name_zh    nvarchar(320) NOT NULL,
    name_en    nvarchar(320) NOT NULL,
    parent_id  nvarchar(64) NULL,
    head_id    nvarchar(64) NULL,
    hrbp_id    nvarchar(64) NULL
);
GO

CREATE TABLE people (
    id             nvarchar(64) PRIMARY KEY,
    name_zh        nvarchar(320) NOT NULL,
    name_en        nvarchar(320) NOT NULL,
    email          nvarchar(320) NOT NULL,
    locale         nvarchar(64) NOT NULL,
    department_id  nvarchar(64) NULL,
    manager_id     nvarchar(64) NULL,
    roles          nvarchar(320) NOT NULL DEFAULT N''  -- space-separated: admin hrbp manager employee
);
CREATE INDEX people_manager ON people (manager_id);
CREATE INDEX people_department ON people (department_id);
GO

CREATE TABLE cycles (
    id               nvarchar(64)    PRIMARY KEY,
    name             nvarchar(320)    NOT NULL,
    process_key      nvarchar(64)    NOT NULL,
    process_version  integer NOT NULL,
    starts_at        bigint  NOT NULL,
    ends_at          bigint  NOT NULL,
    status           nvarchar(64)    NOT NULL,       -- open | closed
    created_at       bigint  NOT NULL
);
GO

CREATE TABLE process_instances (
    id               nvarchar(64)    PRIMARY KEY,
    cycle_id         nvarchar(64)    NULL REFERENCES cycles (id),
    process_key      nvarchar(64)    NOT NULL,
    process_version  integer NOT NULL,
    subject_id       nvarchar(64)    NOT NULL,
    status           nvarchar(64)    NOT NULL,       -- running | completed | cancelled
    state            nvarchar(max)    NOT NULL,       -- JSON: current steps, variables
    version          integer NOT NULL,       -- optimistic concurrency
    created_at       bigint  NOT NULL,
    updated_at       bigint  NOT NULL
);
CREATE INDEX process_instances_cycle ON process_instances (cycle_id);
CREATE INDEX process_instances_subject ON process_instances (subject_id);
GO

CREATE TABLE tasks (
    id            nvarchar(64)    PRIMARY KEY,
    instance_id   nvarchar(64)    NOT NULL REFERENCES process_instances (id),
    step          nvarchar(64)    NOT NULL,
    assignee_id   nvarchar(64)    NOT NULL,
    due_at        bigint  NULL,
    status        nvarchar(64)    NOT NULL,          -- open | submitted | cancelled
    data          nvarchar(max)    NOT NULL,          -- JSON written so far
    version       integer NOT NULL,          -- optimistic concurrency
    created_at    bigint  NOT NULL,
    completed_at  bigint  NULL
);
CREATE INDEX tasks_assignee ON tasks (assignee_id);  -- not status: a task changing status then stays a HOT update
CREATE INDEX tasks_instance ON tasks (instance_id);
GO

CREATE TABLE task_revisions (
    task_id       nvarchar(64)    NOT NULL REFERENCES tasks (id),
    revision      integer NOT NULL,
    data          nvarchar(max)    NOT NULL,
    submitted_by  nvarchar(64)    NOT NULL,
    submitted_at  bigint  NOT NULL,
    PRIMARY KEY (task_id, revision)
);
GO

CREATE TABLE field_comments (
    id           nvarchar(64)   PRIMARY KEY,
    task_id      nvarchar(64)   NOT NULL REFERENCES tasks (id),
    pointer      nvarchar(max)   NOT NULL,
    author_id    nvarchar(64)   NOT NULL,
    body         nvarchar(max)   NOT NULL,
    created_at   bigint NOT NULL,
    resolved_at  bigint NULL
);
CREATE INDEX field_comments_task ON field_comments (task_id);
GO

CREATE TABLE timers (
    id           nvarchar(64)   PRIMARY KEY,
    instance_id  nvarchar(64)   NOT NULL,
    task_id      nvarchar(64)   NULL,
    kind         nvarchar(64)   NOT NULL,            -- reminder | escalation | wait | recurrence
    due_at       bigint NOT NULL,
    payload      nvarchar(max)   NOT NULL,
    owner        nvarchar(64)   NULL,                -- the node holding the claim
    lease_until  bigint NULL,
    fired_at     bigint NULL
);
CREATE INDEX timers_due ON timers (due_at) WHERE fired_at IS NULL;
GO

CREATE TABLE outbox (
    id               nvarchar(64)    PRIMARY KEY,
    idempotency_key  nvarchar(320)    NOT NULL UNIQUE,
    channel          nvarchar(64)    NOT NULL,       -- mail | webhook
    recipient        nvarchar(max)    NOT NULL,
    payload          nvarchar(max)    NOT NULL,
    status           nvarchar(64)    NOT NULL,       -- pending | sent | dead
    attempts         integer NOT NULL,
    next_attempt_at  bigint  NOT NULL,
    owner            nvarchar(64)    NULL,
    lease_until      bigint  NULL,
    sent_at          bigint  NULL,
    last_error       nvarchar(max)    NULL,
    created_at       bigint  NOT NULL
);
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE status = N'pending';
GO

CREATE TABLE audit_log (
    id         bigint IDENTITY(1,1) PRIMARY KEY,
    at         bigint NOT NULL,
    actor      nvarchar(64)   NOT NULL,
    action     nvarchar(64)   NOT NULL,
    entity     nvarchar(64)   NOT NULL,
    entity_id  nvarchar(64)   NOT NULL,
    before_json nvarchar(max)   NULL,
    after_json nvarchar(max)   NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);

-- The audit log is append-only: the database itself refuses to change or remove an entry.
GO
CREATE TRIGGER audit_log_append_only ON audit_log INSTEAD OF UPDATE, DELETE
AS
BEGIN
    THROW 50001, N'the audit log is append-only', 1;
END;
