-- FormFlow schema 13 (SQL Server): KPI actuals and threshold warnings (docs/kpi-actuals.md).
-- kpi_actuals is append-only: a correction is a newer row for the same person, indicator and period, and the newest
-- row (recorded_at, then id) counts. period is the label people write (2026-W49, 2026-12, 2026-Q4); period_seq numbers
-- the periods of one frequency so that consecutive periods differ by one. name, unit, direction, target, threshold,
-- warn_after and frequency are the indicator's settings when the row was written (from the person's KPI form), so that the threshold
-- sweep reads one table. source: hand | file | api.
CREATE TABLE kpi_actuals (
    id           nvarchar(64)  NOT NULL CONSTRAINT pk_kpi_actuals PRIMARY KEY,
    person_id    nvarchar(64)  NOT NULL,
    indicator    nvarchar(200) NOT NULL,
    name         nvarchar(200) NOT NULL,
    unit         nvarchar(50)  NULL,
    period       nvarchar(16)  NOT NULL,
    period_seq   int           NOT NULL,
    value        float         NOT NULL,
    source       nvarchar(16)  NOT NULL,
    recorded_by  nvarchar(64)  NOT NULL,
    recorded_at  bigint        NOT NULL,
    instance_id  nvarchar(64)  NULL,
    frequency    nvarchar(16)  NOT NULL,
    direction    nvarchar(16)  NOT NULL,
    target       float         NULL,
    threshold    float         NULL,
    warn_after   int           NOT NULL
);
-- The threshold sweep reads a page of people's rows in this order, with what it judges them by, from the index alone.
CREATE INDEX kpi_actuals_person ON kpi_actuals (person_id, indicator, period_seq, recorded_at, id) INCLUDE (value, threshold, direction, warn_after, frequency, name, unit, instance_id);

-- A breach: warn_after consecutive periods on the wrong side of the threshold. Open until cleared_at; at most one open
-- per person and indicator, so that two sweeps at once notify once.
CREATE TABLE kpi_warnings (
    id             nvarchar(64)  NOT NULL CONSTRAINT pk_kpi_warnings PRIMARY KEY,
    person_id      nvarchar(64)  NOT NULL,
    indicator      nvarchar(200) NOT NULL,
    instance_id    nvarchar(64)  NULL,
    first_period   nvarchar(16)  NOT NULL,
    last_period    nvarchar(16)  NOT NULL,
    first_seq      int           NOT NULL,
    breach_values  nvarchar(max) NOT NULL,
    opened_at      bigint        NOT NULL,
    cleared_at     bigint        NULL,
    cleared_period nvarchar(16)  NULL
);
CREATE UNIQUE INDEX kpi_warnings_open ON kpi_warnings (person_id, indicator) WHERE cleared_at IS NULL;
CREATE INDEX kpi_warnings_person ON kpi_warnings (person_id, opened_at);
