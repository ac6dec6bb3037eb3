-- Breakthrough tasks: the year's settings, tasks, their dated history, and nudges sent.

CREATE TABLE years (
    year               INTEGER PRIMARY KEY,
    theme              TEXT NOT NULL,
    opens              TEXT NOT NULL,  -- YYYY-MM-DD, in the organisation's time zone
    closes             TEXT NOT NULL,
    max_tasks          INTEGER NOT NULL DEFAULT 5 CHECK (max_tasks > 0),
    approval_required  INTEGER NOT NULL DEFAULT 1 CHECK (approval_required IN (0, 1)),
    is_current         INTEGER NOT NULL DEFAULT 0 CHECK (is_current IN (0, 1)),
    updated_at         TEXT NOT NULL,
    CHECK (opens <= closes)
);
CREATE UNIQUE INDEX years_one_current ON years (is_current) WHERE is_current = 1;

CREATE TABLE areas (
    id        INTEGER PRIMARY KEY,
    year      INTEGER NOT NULL REFERENCES years(year),
    name      TEXT NOT NULL,
    position  INTEGER NOT NULL,
    UNIQUE (year, name)
);

-- The committee reopens registration for one member until a date.
CREATE TABLE registration_reopenings (
    year        INTEGER NOT NULL REFERENCES years(year),
    member_id   INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    until       TEXT NOT NULL,
    granted_by  INTEGER REFERENCES members(id),
    granted_at  TEXT NOT NULL,
    PRIMARY KEY (year, member_id)
);

CREATE TABLE tasks (
    id                     INTEGER PRIMARY KEY,
    year                   INTEGER NOT NULL REFERENCES years(year),
    owner_member_id        INTEGER REFERENCES members(id) ON DELETE CASCADE,
    owner_unit_id          INTEGER REFERENCES units(id),
    responsible_member_id  INTEGER REFERENCES members(id),
    title                  TEXT NOT NULL CHECK (length(trim(title)) > 0),
    product                TEXT NOT NULL CHECK (length(trim(product)) > 0),
    deadline               TEXT NOT NULL,
    area_id                INTEGER REFERENCES areas(id),
    status                 TEXT NOT NULL CHECK (status IN ('submitted', 'returned',
                               'in_progress', 'done', 'exceeded', 'not_achieved', 'withdrawn')),
    progress               INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    -- when the cell secretary's digest of new submissions included this one
    digest_sent_at         TEXT,
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL,
    CHECK ((owner_member_id IS NULL) <> (owner_unit_id IS NULL))
);
-- Covers the progress aggregates (no table lookups for 250,000 tasks).
CREATE INDEX tasks_by_owner ON tasks (owner_member_id, year, status, deadline);
CREATE INDEX tasks_by_unit ON tasks (owner_unit_id, year);
CREATE INDEX tasks_waiting_digest ON tasks (year) WHERE status = 'submitted' AND digest_sent_at IS NULL;

CREATE TABLE task_updates (
    id               INTEGER PRIMARY KEY,
    task_id          INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    at               TEXT NOT NULL,
    kind             TEXT NOT NULL,
    actor_member_id  INTEGER REFERENCES members(id),
    on_behalf        INTEGER NOT NULL DEFAULT 0 CHECK (on_behalf IN (0, 1)),
    progress         INTEGER,
    text             TEXT,
    file_id          TEXT,
    file_kind        TEXT
);
CREATE INDEX task_updates_by_task ON task_updates (task_id, id);

-- One polite reminder per member per day and kind, whoever presses the button.
CREATE TABLE nudges (
    member_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    day        TEXT NOT NULL,
    kind       TEXT NOT NULL,
    sent_by    INTEGER REFERENCES members(id),
    at         TEXT NOT NULL,
    PRIMARY KEY (member_id, day, kind)
);
