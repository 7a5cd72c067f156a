-- FormFlow schema 14 (SQL Server): calibration of ratings across a department (docs/calibration.md).
-- One session per cycle and department: its guideline (JSON: the bands, their ratings and percents), whether it is
-- open or closed, who opened and closed it and when; version for optimistic concurrency. While a session is open the
-- subjects of its instances do not read the rating field of those instances (Workflows/Visibility.cs).

CREATE TABLE calibrations (
    id             nvarchar(64) PRIMARY KEY,
    cycle_id       nvarchar(64) NOT NULL REFERENCES cycles (id),
    department_id  nvarchar(64) NOT NULL,
    guideline      nvarchar(max) NOT NULL,
    status         nvarchar(16) NOT NULL,       -- open | closed
    opened_by      nvarchar(64) NOT NULL,
    opened_at      bigint NOT NULL,
    closed_by      nvarchar(64) NULL,
    closed_at      bigint NULL,
    version        int NOT NULL
);
CREATE UNIQUE INDEX calibrations_cycle_department ON calibrations (cycle_id, department_id);

-- The people of a session, one row each with the instance of the cycle that holds their rating (an instance is in
-- one session at most): the proposal kept at the close, the final rating when someone adjusted it (NULL: the proposed rating stands), the latest
-- reason, who and when; version for optimistic concurrency. Every change is also in audit_log.
CREATE TABLE calibration_ratings (
    calibration_id nvarchar(64) NOT NULL REFERENCES calibrations (id),
    person_id      nvarchar(64) NOT NULL,
    instance_id    nvarchar(64) NOT NULL,
    proposed_rating int NULL,   -- the proposed rating as the form held it when the session closed; NULL while open
    final_rating   int NULL,
    reason         nvarchar(500) NULL,
    adjusted_by    nvarchar(64) NULL,
    adjusted_at    bigint NULL,
    version        int NOT NULL,
    PRIMARY KEY (calibration_id, person_id)
);
CREATE UNIQUE INDEX calibration_ratings_instance ON calibration_ratings (instance_id);
