-- FormFlow schema 13 (PostgreSQL): KPI actuals and threshold warnings (docs/kpi-actuals.md).
-- kpi_actuals is append-only: a correction is a newer row for the same person, indicator and period, and the newest
-- row (recorded_at, then id) counts. period is the label people write (2026-W49, 2026-12, 2026-Q4); period_seq numbers
-- the periods of one frequency so that consecutive periods differ by one. name, unit, direction, target, threshold,
-- warn_after and frequency are the indicator's settings when the row was written (from the person's KPI form), so that the threshold
-- sweep reads one table. source: hand | file | api.
CREATE TABLE kpi_actuals (
    id           text             PRIMARY KEY,
    person_id    text             NOT NULL,
    indicator    text             NOT NULL,
    name         text             NOT NULL,
    unit         text             NULL,
    period       text             NOT NULL,
    period_seq   integer          NOT NULL,
    value        double precision NOT NULL,
    source       text             NOT NULL,
    recorded_by  text             NOT NULL,
    recorded_at  bigint           NOT NULL,
    instance_id  text             NULL,
    frequency    text             NOT NULL,
    direction    text             NOT NULL,
    target       double precision NULL,
    threshold    double precision NULL,
    warn_after   integer          NOT NULL
);
-- The threshold sweep reads a page of people's rows in this order, with what it judges them by, from the index alone.
CREATE INDEX kpi_actuals_person ON kpi_actuals (person_id, indicator, period_seq, recorded_at, id) INCLUDE (value, threshold, direction, warn_after, frequency, name, unit, instance_id);

-- A breach: warn_after consecutive periods on the wrong side of the threshold. Open until cleared_at; at most one open
-- per person and indicator, so that two sweeps at once notify once.
CREATE TABLE kpi_warnings (
    id             text    PRIMARY KEY,
    person_id      text    NOT NULL,
    indicator      text    NOT NULL,
    instance_id    text    NULL,
    first_period   text    NOT NULL,
    last_period    text    NOT NULL,
    first_seq      integer NOT NULL,
    breach_values  text    NOT NULL,  -- JSON: [{ "period", "value" }] of the periods that made the breach
    opened_at      bigint  NOT NULL,
    cleared_at     bigint  NULL,
    cleared_period text    NULL
);
CREATE UNIQUE INDEX kpi_warnings_open ON kpi_warnings (person_id, indicator) WHERE cleared_at IS NULL;
CREATE INDEX kpi_warnings_person ON kpi_warnings (person_id, opened_at);
