-- FormFlow schema 13 (SQLite): KPI actuals and threshold warnings (docs/kpi-actuals.md).
-- kpi_actuals is append-only: a correction is a newer row for the same person, indicator and period, and the newest
-- row (recorded_at, then id) counts. period is the label people write (2026-W49, 2026-12, 2026-Q4); period_seq numbers
-- the periods of one frequency so that consecutive periods differ by one. name, unit, direction, target, threshold,
-- warn_after and frequency are the indicator's settings when the row was written (from the person's KPI form), so that the threshold
-- sweep reads one table. source: hand | file | api.
CREATE TABLE kpi_actuals (
    id           TEXT             NOT NULL,
    person_id    TEXT             NOT NULL,
    indicator    TEXT             NOT NULL,
    name         TEXT             NOT NULL,
    unit         TEXT             NULL,
    period       TEXT             NOT NULL,
    period_seq   INTEGER          NOT NULL,
    value        REAL             NOT NULL,
    source       TEXT             NOT NULL,
    recorded_by  TEXT             NOT NULL,
    recorded_at  INTEGER          NOT NULL,
    instance_id  TEXT             NULL,
    frequency    TEXT             NOT NULL,
    direction    TEXT             NOT NULL,
    target       REAL             NULL,
    threshold    REAL             NULL,
    warn_after   INTEGER          NOT NULL,
    -- Stored in the order the threshold sweep reads it: a person's rows together, by indicator, period and time.
    PRIMARY KEY (person_id, indicator, period_seq, recorded_at, id)
) WITHOUT ROWID;

-- A breach: warn_after consecutive periods on the wrong side of the threshold. Open until cleared_at; at most one open
-- per person and indicator, so that two sweeps at once notify once.
CREATE TABLE kpi_warnings (
    id             TEXT    PRIMARY KEY,
    person_id      TEXT    NOT NULL,
    indicator      TEXT    NOT NULL,
    instance_id    TEXT    NULL,
    first_period   TEXT    NOT NULL,
    last_period    TEXT    NOT NULL,
    first_seq      INTEGER NOT NULL,
    breach_values  TEXT    NOT NULL,  -- JSON: [{ "period", "value" }] of the periods that made the breach
    opened_at      INTEGER  NOT NULL,
    cleared_at     INTEGER  NULL,
    cleared_period TEXT    NULL
);
CREATE UNIQUE INDEX kpi_warnings_open ON kpi_warnings (person_id, indicator) WHERE cleared_at IS NULL;
CREATE INDEX kpi_warnings_person ON kpi_warnings (person_id, opened_at);
