-- FormFlow schema 14 (SQLite): calibration of ratings across a department (docs/calibration.md).
-- One session per cycle and department: its guideline (JSON: the bands, their ratings and percents), whether it is
-- open or closed, who opened and closed it and when; version for optimistic concurrency. While a session is open the
-- subjects of its instances do not read the rating field of those instances (Workflows/Visibility.cs).

CREATE TABLE calibrations (
    id             TEXT PRIMARY KEY,
    cycle_id       TEXT NOT NULL REFERENCES cycles (id),
    department_id  TEXT NOT NULL,
    guideline      TEXT NOT NULL,
    status         TEXT NOT NULL,       -- open | closed
    opened_by      TEXT NOT NULL,
    opened_at      INTEGER NOT NULL,
    closed_by      TEXT NULL,
    closed_at      INTEGER NULL,
    version        INTEGER NOT NULL
);
CREATE UNIQUE INDEX calibrations_cycle_department ON calibrations (cycle_id, department_id);

-- The people of a session, one row each with the instance of the cycle that holds their rating (an instance is in
-- one session at most): the proposal kept at the close, the final rating when someone adjusted it (NULL: the proposed rating stands), the latest
-- reason, who and when; version for optimistic concurrency. Every change is also in audit_log.
CREATE TABLE calibration_ratings (
    calibration_id TEXT NOT NULL REFERENCES calibrations (id),
    person_id      TEXT NOT NULL,
    instance_id    TEXT NOT NULL,
    proposed_rating INTEGER NULL,   -- the proposed rating as the form held it when the session closed; NULL while open
    final_rating   INTEGER NULL,
    reason         TEXT NULL,
    adjusted_by    TEXT NULL,
    adjusted_at    INTEGER NULL,
    version        INTEGER NOT NULL,
    PRIMARY KEY (calibration_id, person_id)
);
CREATE UNIQUE INDEX calibration_ratings_instance ON calibration_ratings (instance_id);
