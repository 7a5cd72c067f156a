-- FormFlow schema 2 (SQL Server): who each cycle was launched for.
-- One row per person a cycle started, with the instance it started for them. The primary key makes launching a
-- cycle again idempotent: a person already in it is skipped, and two launches at once cannot both add them.
-- An instance's cycle_id cannot say this alone: an annual review in a cycle may start an improvement plan for the
-- same person in the same cycle. From now on cycles.status is open | closed | cancelled.

CREATE TABLE cycle_members (
    cycle_id     nvarchar(64) NOT NULL REFERENCES cycles (id),
    person_id    nvarchar(64) NOT NULL,
    instance_id  nvarchar(64) NOT NULL REFERENCES process_instances (id),
    launched_at  bigint       NOT NULL,
    PRIMARY KEY (cycle_id, person_id)
);
