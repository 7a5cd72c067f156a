-- FormFlow schema 2 (SQLite): who each cycle was launched for.
-- One row per person a cycle started, with the instance it started for them. The primary key makes launching a
-- cycle again idempotent: a person already in it is skipped, and two launches at once cannot both add them.
-- An instance's cycle_id cannot say this alone: an annual review in a cycle may start an improvement plan for the
-- same person in the same cycle. From now on cycles.status is open | closed | cancelled.

CREATE TABLE cycle_members (
    cycle_id     TEXT    NOT NULL REFERENCES cycles (id),
    person_id    TEXT    NOT NULL,
    instance_id  TEXT    NOT NULL REFERENCES process_instances (id),
    launched_at  INTEGER NOT NULL,
    PRIMARY KEY (cycle_id, person_id)
);
