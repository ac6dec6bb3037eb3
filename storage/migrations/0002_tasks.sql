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
    -- A personal task's owner's cell while the owner is active, NULL otherwise. Derived, and
    -- kept by the triggers below, so the organisation-wide figures read one index, no join.
    cell_id                INTEGER REFERENCES units(id),
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL,
    CHECK ((owner_member_id IS NULL) <> (owner_unit_id IS NULL))
);
CREATE INDEX tasks_by_owner ON tasks (owner_member_id, year, status, deadline);
-- Covers the progress aggregates: 250,000 tasks counted without touching the table.
CREATE INDEX tasks_by_cell ON tasks (year, cell_id, status, deadline, owner_member_id);

CREATE TRIGGER tasks_cell_on_insert AFTER INSERT ON tasks WHEN NEW.owner_member_id IS NOT NULL
BEGIN
    UPDATE tasks SET cell_id = (
        SELECT CASE WHEN m.status = 'active' THEN m.cell_id END
        FROM members m WHERE m.id = NEW.owner_member_id
    ) WHERE id = NEW.id;
END;

CREATE TRIGGER tasks_cell_follows_member AFTER UPDATE OF cell_id, status ON members
BEGIN
    UPDATE tasks SET cell_id = CASE WHEN NEW.status = 'active' THEN NEW.cell_id END
    WHERE owner_member_id = NEW.id;
END;
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
