-- FormFlow schema 1 (PostgreSQL). Times are UTC milliseconds since 1970 (bigint) in every dialect,
-- so that comparisons, leases and ordering are the same everywhere. Ids are text (UUID v7 strings).

CREATE TABLE definitions (
    kind          text    NOT NULL,          -- template | process | notification | report
    key           text    NOT NULL,
    version       integer NOT NULL,          -- 0 is the draft; 1, 2, ... are published and never change
    body          text    NOT NULL,
    saved_by      text    NOT NULL,
    saved_at      bigint  NOT NULL,
    published_by  text    NULL,
    published_at  bigint  NULL,
    PRIMARY KEY (kind, key, version)
);

CREATE TABLE departments (
    id         text PRIMARY KEY,
    name_zh    text NOT NULL,
    name_en    text NOT NULL,
    parent_id  text NULL,
    head_id    text NULL,
    hrbp_id    text NULL
);

CREATE TABLE people (
    id             text PRIMARY KEY,
    name_zh        text NOT NULL,
    name_en        text NOT NULL,
    email          text NOT NULL,
    locale         text NOT NULL,
    department_id  text NULL,
    manager_id     text NULL,
    roles          text NOT NULL DEFAULT ''  -- space-separated: admin hrbp manager employee
);
CREATE INDEX people_manager ON people (manager_id);
CREATE INDEX people_department ON people (department_id);

CREATE TABLE cycles (
    id               text    PRIMARY KEY,
    name             text    NOT NULL,
    process_key      text    NOT NULL,
    process_version  integer NOT NULL,
    starts_at        bigint  NOT NULL,
    ends_at          bigint  NOT NULL,
    status           text    NOT NULL,       -- open | closed
    created_at       bigint  NOT NULL
);

CREATE TABLE process_instances (
    id               text    PRIMARY KEY,
    cycle_id         text    NULL REFERENCES cycles (id),
    process_key      text    NOT NULL,
    process_version  integer NOT NULL,
    subject_id       text    NOT NULL,
    status           text    NOT NULL,       -- running | completed | cancelled
    state            text    NOT NULL,       -- JSON: current steps, variables
    version          integer NOT NULL,       -- optimistic concurrency
    created_at       bigint  NOT NULL,
    updated_at       bigint  NOT NULL
) WITH (fillfactor = 80);  -- room on each page, so that the frequent updates stay on their page (HOT)
CREATE INDEX process_instances_cycle ON process_instances (cycle_id);
CREATE INDEX process_instances_subject ON process_instances (subject_id);

CREATE TABLE tasks (
    id            text    PRIMARY KEY,
    instance_id   text    NOT NULL REFERENCES process_instances (id),
    step          text    NOT NULL,
    assignee_id   text    NOT NULL,
    due_at        bigint  NULL,
    status        text    NOT NULL,          -- open | submitted | cancelled
    data          text    NOT NULL,          -- JSON written so far
    version       integer NOT NULL,          -- optimistic concurrency
    created_at    bigint  NOT NULL,
    completed_at  bigint  NULL
) WITH (fillfactor = 80);
CREATE INDEX tasks_assignee ON tasks (assignee_id);  -- not status: a task changing status then stays a HOT update
CREATE INDEX tasks_instance ON tasks (instance_id);

CREATE TABLE task_revisions (
    task_id       text    NOT NULL REFERENCES tasks (id),
    revision      integer NOT NULL,
    data          text    NOT NULL,
    submitted_by  text    NOT NULL,
    submitted_at  bigint  NOT NULL,
    PRIMARY KEY (task_id, revision)
);

CREATE TABLE field_comments (
    id           text   PRIMARY KEY,
    task_id      text   NOT NULL REFERENCES tasks (id),
    pointer      text   NOT NULL,
    author_id    text   NOT NULL,
    body         text   NOT NULL,
    created_at   bigint NOT NULL,
    resolved_at  bigint NULL
);
CREATE INDEX field_comments_task ON field_comments (task_id);

CREATE TABLE timers (
    id           text   PRIMARY KEY,
    instance_id  text   NOT NULL,
    task_id      text   NULL,
    kind         text   NOT NULL,            -- reminder | escalation | wait | recurrence
    due_at       bigint NOT NULL,
    payload      text   NOT NULL,
    owner        text   NULL,                -- the node holding the claim
    lease_until  bigint NULL,
    fired_at     bigint NULL
);
CREATE INDEX timers_due ON timers (due_at) WHERE fired_at IS NULL;

CREATE TABLE outbox (
    id               text    PRIMARY KEY,
    idempotency_key  text    NOT NULL UNIQUE,
    channel          text    NOT NULL,       -- mail | webhook
    recipient        text    NOT NULL,
    payload          text    NOT NULL,
    status           text    NOT NULL,       -- pending | sent | dead
    attempts         integer NOT NULL,
    next_attempt_at  bigint  NOT NULL,
    owner            text    NULL,
    lease_until      bigint  NULL,
    sent_at          bigint  NULL,
    last_error       text    NULL,
    created_at       bigint  NOT NULL
);
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE status = 'pending';

CREATE TABLE audit_log (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at         bigint NOT NULL,
    actor      text   NOT NULL,
    action     text   NOT NULL,
    entity     text   NOT NULL,
    entity_id  text   NOT NULL,
    before_json text   NULL,
    after_json text   NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);

-- The audit log is append-only: the database itself refuses to change or remove an entry.
CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
