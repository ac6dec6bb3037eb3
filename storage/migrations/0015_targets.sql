-- Targets (chỉ tiêu) of a year: what each counts, against what, who owns it, where its value
-- comes from (entered, or computed by the bot), and the dated values recorded for it.

CREATE TABLE targets (
    id              INTEGER PRIMARY KEY,
    year            INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    section         TEXT NOT NULL DEFAULT 'other',  -- a known section's id, or free text
    title           TEXT NOT NULL CHECK (length(trim(title)) > 0),
    unit            TEXT NOT NULL DEFAULT '',  -- "lớp", "học viên", "%"
    planned         TEXT NOT NULL,  -- a decimal, as text: exact
    comparator      TEXT NOT NULL CHECK (comparator IN ('at_least', 'more_than', 'zero', 'at_most')),
    source          TEXT NOT NULL DEFAULT 'entered',
    accrues         INTEGER NOT NULL DEFAULT 1,
    cadence         TEXT NOT NULL DEFAULT 'monthly' CHECK (cadence IN ('monthly', 'quarterly', 'never')),
    owner_unit_id   INTEGER REFERENCES units(id),
    owner_member_id INTEGER REFERENCES members(id) ON DELETE SET NULL,
    created_at      TEXT NOT NULL,
    created_by      INTEGER REFERENCES members(id) ON DELETE SET NULL,
    UNIQUE (year, title)
);

CREATE TABLE target_updates (
    id          INTEGER PRIMARY KEY,
    target_id   INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
    at          TEXT NOT NULL,
    member_id   INTEGER REFERENCES members(id) ON DELETE SET NULL,  -- NULL: the command line
    value       TEXT NOT NULL,
    note        TEXT,
    file_id     TEXT,
    file_kind   TEXT CHECK (file_kind IN ('document', 'photo'))
);

CREATE INDEX target_updates_by_target ON target_updates (target_id, at);
