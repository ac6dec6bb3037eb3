-- The year-end review and rating: a cycle (a year or a quarter) with its dates; one entry per
-- party member reviewed in it (the cell they are reviewed in, why they are not rated, their
-- self-review and self-assessed level, the cell's proposal with its votes, the committee's
-- decision with its reason); and each cell's own collective review.

CREATE TABLE rating_cycles (
    id               INTEGER PRIMARY KEY,
    year             INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    quarter          INTEGER CHECK (quarter BETWEEN 1 AND 4),  -- NULL: the year
    self_review_due  TEXT NOT NULL,  -- YYYY-MM-DD, the organisation's dates
    cells_by         TEXT NOT NULL,
    decision_by      TEXT NOT NULL,
    opened_at        TEXT NOT NULL,
    opened_by        INTEGER REFERENCES members(id) ON DELETE SET NULL,
    published_at     TEXT,
    CHECK (self_review_due <= cells_by AND cells_by <= decision_by)
);
CREATE UNIQUE INDEX rating_cycles_period ON rating_cycles (year, coalesce(quarter, 0));

CREATE TABLE rating_entries (
    cycle_id         INTEGER NOT NULL REFERENCES rating_cycles(id) ON DELETE CASCADE,
    member_id        INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    cell_id          INTEGER NOT NULL REFERENCES units(id),  -- reviewed in this cell
    not_rated        TEXT CHECK (not_rated IN ('new_member', 'exempted')),
    not_rated_note   TEXT NOT NULL DEFAULT '',
    sick_leave       INTEGER NOT NULL DEFAULT 0 CHECK (sick_leave IN (0, 1)),
    answers          TEXT,  -- JSON: the self-review's answers by question
    file_id          TEXT,  -- or the filled form, as the messenger's reference
    file_kind        TEXT,
    channel          TEXT,
    self_level       TEXT CHECK (self_level IN ('excellent', 'good', 'complete', 'not_complete')),
    self_score       INTEGER CHECK (self_score BETWEEN 0 AND 100),
    submitted_at     TEXT,
    proposed_level   TEXT CHECK (proposed_level IN ('excellent', 'good', 'complete', 'not_complete')),
    votes_for        INTEGER CHECK (votes_for >= 0),
    votes_total      INTEGER CHECK (votes_total >= 0),
    proposed_at      TEXT,
    proposed_by      INTEGER REFERENCES members(id) ON DELETE SET NULL,
    decided_level    TEXT CHECK (decided_level IN ('excellent', 'good', 'complete', 'not_complete')),
    decision_reason  TEXT NOT NULL DEFAULT '',
    decided_at       TEXT,
    decided_by       INTEGER REFERENCES members(id) ON DELETE SET NULL,
    PRIMARY KEY (cycle_id, member_id)
) WITHOUT ROWID;
-- Covers the committee's distribution: levels counted per cell without touching the rows.
CREATE INDEX rating_entries_by_cell ON rating_entries
    (cycle_id, cell_id, not_rated, decided_level, proposed_level, submitted_at);

CREATE TABLE rating_cells (
    cycle_id      INTEGER NOT NULL REFERENCES rating_cycles(id) ON DELETE CASCADE,
    cell_id       INTEGER NOT NULL REFERENCES units(id),
    level         TEXT CHECK (level IN ('excellent', 'good', 'complete', 'not_complete')),
    note          TEXT NOT NULL DEFAULT '',
    submitted_at  TEXT,  -- sent to the committee
    submitted_by  INTEGER REFERENCES members(id) ON DELETE SET NULL,
    PRIMARY KEY (cycle_id, cell_id)
) WITHOUT ROWID;
