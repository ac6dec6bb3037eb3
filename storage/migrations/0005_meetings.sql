-- Meetings and study: one-off meetings, recurring series, and the occurrences a series
-- materialises as ordinary meeting rows a few months ahead.

CREATE TABLE meeting_series (
    id                  INTEGER PRIMARY KEY,
    kind                TEXT NOT NULL CHECK (kind IN
                            ('cell_meeting', 'thematic_meeting', 'study', 'news_briefing', 'seminar')),
    title               TEXT NOT NULL CHECK (length(trim(title)) > 0),
    rule                TEXT NOT NULL,  -- as the secretary typed it
    trigger_spec        TEXT NOT NULL,  -- JSON: the CronTrigger fields
    duration_minutes    INTEGER NOT NULL CHECK (duration_minutes > 0),
    place               TEXT,
    online_link         TEXT,
    agenda              TEXT,
    attendees           TEXT NOT NULL CHECK (attendees IN ('party', 'all')),
    unit_ids            TEXT NOT NULL,  -- JSON list of unit ids (the root = everyone)
    remind_offsets      TEXT NOT NULL,  -- JSON list of seconds before the start
    starts_from         TEXT NOT NULL,  -- no occurrence before this
    active              INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    materialised_until  TEXT,
    created_by          INTEGER REFERENCES members(id) ON DELETE SET NULL,
    created_at          TEXT NOT NULL
);

CREATE TABLE meetings (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN
                        ('cell_meeting', 'thematic_meeting', 'study', 'news_briefing', 'seminar')),
    title           TEXT NOT NULL CHECK (length(trim(title)) > 0),
    starts_at       TEXT NOT NULL,
    ends_at         TEXT NOT NULL,
    place           TEXT,
    online_link     TEXT,
    agenda          TEXT,
    attendees       TEXT NOT NULL CHECK (attendees IN ('party', 'all')),
    series_id       INTEGER REFERENCES meeting_series(id) ON DELETE SET NULL,
    -- The series' own time for this occurrence: moving it changes starts_at, never this, so
    -- materialising again recognises it.
    occurrence_at   TEXT,
    remind_offsets  TEXT NOT NULL,  -- JSON list of seconds before the start
    status          TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
    sequence        INTEGER NOT NULL DEFAULT 0,  -- the iCalendar SEQUENCE, bumped on changes
    created_by      INTEGER REFERENCES members(id) ON DELETE SET NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX meetings_starts ON meetings (starts_at);
CREATE UNIQUE INDEX meetings_one_occurrence ON meetings (series_id, occurrence_at)
    WHERE series_id IS NOT NULL;

-- Whose meeting it is: one cell, several cells, or the organisation root (everyone).
CREATE TABLE meeting_units (
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    unit_id     INTEGER NOT NULL REFERENCES units(id),
    PRIMARY KEY (meeting_id, unit_id)
);
CREATE INDEX meeting_units_unit ON meeting_units (unit_id);

CREATE TABLE meeting_documents (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    title       TEXT NOT NULL,
    file_id     TEXT,
    url         TEXT,
    added_at    TEXT NOT NULL,
    CHECK ((file_id IS NULL) <> (url IS NULL))
);
CREATE INDEX meeting_documents_meeting ON meeting_documents (meeting_id);
