-- Inspection and supervision: a programme per year for the organisation (its root unit) and
-- one per cell for its own members; their items, each step dated with who took it, the
-- target's self-report, the remediation a conclusion asks for, and regular supervision notes.
-- A conclusion is a short summary and a reference to the paper file, never a dossier.

CREATE TABLE inspection_programmes (
    id          INTEGER PRIMARY KEY,
    year        INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    unit_id     INTEGER NOT NULL REFERENCES units(id),  -- the root, or a cell
    adopted_at  TEXT,  -- NULL: a draft under review
    adopted_by  INTEGER REFERENCES members(id) ON DELETE SET NULL,
    created_at  TEXT NOT NULL,
    UNIQUE (year, unit_id)
);

CREATE TABLE inspection_items (
    id              INTEGER PRIMARY KEY,
    programme_id    INTEGER NOT NULL REFERENCES inspection_programmes(id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN
                        ('inspection', 'thematic_supervision', 'regular_supervision',
                         'violation_inspection')),
    content         TEXT NOT NULL CHECK (length(trim(content)) > 0),
    target_kind     TEXT NOT NULL CHECK (target_kind IN ('cell', 'committee_member', 'member')),
    target_id       INTEGER NOT NULL,  -- a cell's id (units) or a member's
    target_cell_id  INTEGER NOT NULL REFERENCES units(id),
    period          TEXT NOT NULL DEFAULT '',  -- mốc thời gian, as written
    month           INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    lead_id         INTEGER REFERENCES members(id) ON DELETE SET NULL,
    method          TEXT NOT NULL DEFAULT '',
    decision_ref    TEXT NOT NULL DEFAULT '',
    self_report_due TEXT,  -- a date, set when the target is notified
    state           TEXT NOT NULL DEFAULT 'planned' CHECK (state IN
                        ('planned', 'decided', 'notified', 'self_report_received', 'verifying',
                         'concluded', 'conclusion_notified', 'remediating', 'closed')),
    -- While the programme is a draft: 'proposed' until the committee accepts or drops it.
    review          TEXT NOT NULL DEFAULT 'accepted' CHECK (review IN
                        ('proposed', 'accepted', 'dropped')),
    reason          TEXT NOT NULL DEFAULT '',  -- why the planner suggested this target first
    conclusion      TEXT,  -- a short summary, once concluded
    self_report_at  TEXT,  -- when the self-report was received
    created_at      TEXT NOT NULL
);
CREATE INDEX inspection_items_by_programme ON inspection_items (programme_id, month, id);
CREATE INDEX inspection_items_by_lead ON inspection_items (lead_id);
CREATE INDEX inspection_items_by_target ON inspection_items (target_kind, target_id);

CREATE TABLE inspection_team (
    item_id    INTEGER NOT NULL REFERENCES inspection_items(id) ON DELETE CASCADE,
    member_id  INTEGER NOT NULL REFERENCES members(id),
    PRIMARY KEY (item_id, member_id)
) WITHOUT ROWID;
CREATE INDEX inspection_team_by_member ON inspection_team (member_id);

-- Every step and every change of an item: dated, with who made it.
CREATE TABLE inspection_events (
    id          INTEGER PRIMARY KEY,
    item_id     INTEGER NOT NULL REFERENCES inspection_items(id) ON DELETE CASCADE,
    at          TEXT NOT NULL,
    member_id   INTEGER REFERENCES members(id) ON DELETE SET NULL,  -- NULL: the operator
    event       TEXT NOT NULL,  -- a state ('decided', …) or a change ('moved', 'team', …)
    detail      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX inspection_events_by_item ON inspection_events (item_id, id);

CREATE TABLE inspection_self_reports (
    id          INTEGER PRIMARY KEY,
    item_id     INTEGER NOT NULL REFERENCES inspection_items(id) ON DELETE CASCADE,
    member_id   INTEGER REFERENCES members(id) ON DELETE SET NULL,
    at          TEXT NOT NULL,
    text        TEXT,
    file_id     TEXT,  -- the messenger's file reference
    file_kind   TEXT CHECK (file_kind IN ('document', 'photo')),
    channel     TEXT NOT NULL DEFAULT 'telegram' CHECK (channel IN ('telegram', 'zalo')),
    CHECK (text IS NOT NULL OR file_id IS NOT NULL)
);

CREATE TABLE remediation_actions (
    id                INTEGER PRIMARY KEY,
    item_id           INTEGER NOT NULL REFERENCES inspection_items(id) ON DELETE CASCADE,
    action            TEXT NOT NULL CHECK (length(trim(action)) > 0),
    owner_id          INTEGER NOT NULL REFERENCES members(id),
    due               TEXT NOT NULL,  -- a date
    done_at           TEXT,
    done_note         TEXT,
    evidence_file_id  TEXT,
    evidence_kind     TEXT CHECK (evidence_kind IN ('document', 'photo')),
    verified_at       TEXT,
    verified_by       INTEGER REFERENCES members(id) ON DELETE SET NULL,
    created_at        TEXT NOT NULL
);
CREATE INDEX remediation_by_item ON remediation_actions (item_id);
CREATE INDEX remediation_open ON remediation_actions (due) WHERE done_at IS NULL;

CREATE TABLE supervision_notes (
    id              INTEGER PRIMARY KEY,
    target_kind     TEXT NOT NULL CHECK (target_kind IN ('cell', 'committee_member', 'member')),
    target_id       INTEGER NOT NULL,
    target_cell_id  INTEGER NOT NULL REFERENCES units(id),
    at              TEXT NOT NULL,
    member_id       INTEGER REFERENCES members(id) ON DELETE SET NULL,
    note            TEXT NOT NULL CHECK (length(trim(note)) > 0)
);
CREATE INDEX supervision_notes_by_target ON supervision_notes (target_kind, target_id, at);
