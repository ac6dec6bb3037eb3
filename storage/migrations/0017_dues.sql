-- Party dues status: one row per party member per month that something was recorded for.
-- A month with no row is unpaid once it is due. Never an amount or an income: no column for one.
CREATE TABLE dues_months (
    member_id    INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    year         INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    month        INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    state        TEXT NOT NULL CHECK (state IN
                     ('paid', 'claimed', 'unpaid', 'exempt', 'reduced', 'deferred')),
    reason       TEXT NOT NULL DEFAULT '',  -- why exempt, reduced or deferred
    in_cash      INTEGER NOT NULL DEFAULT 0 CHECK (in_cash IN (0, 1)),
    recorded_by  INTEGER REFERENCES members(id) ON DELETE SET NULL,  -- NULL: the operator
    recorded_at  TEXT NOT NULL,
    PRIMARY KEY (member_id, year, month)
) WITHOUT ROWID;
CREATE INDEX dues_months_by_year ON dues_months (year, month);
