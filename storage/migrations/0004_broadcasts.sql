-- Broadcasts: a notice from a secretary or the committee. Its messages are outbox rows
-- (purpose 'broadcast', source_id = broadcasts.id), written in the same transaction.

CREATE TABLE broadcasts (
    id                 INTEGER PRIMARY KEY,
    -- NULL: the operator, from the command line
    author_member_id   INTEGER REFERENCES members(id) ON DELETE SET NULL,
    -- JSON: {"cells": [unit ids] or null for every cell, "kind": "party" | "non_party" | null}
    audience           TEXT NOT NULL,
    text               TEXT NOT NULL,  -- as the author wrote it (escaped when rendered)
    file_id            TEXT,
    file_kind          TEXT CHECK (file_kind IN ('document', 'photo')),
    scheduled_at       TEXT NOT NULL,  -- the outbox rows' not_before
    expires_at         TEXT,
    -- 'scheduled' until its time comes (then it reads as sent), 'sent', or 'cancelled'
    status             TEXT NOT NULL CHECK (status IN ('scheduled', 'sent', 'cancelled')),
    parts              INTEGER NOT NULL DEFAULT 1,
    created_at         TEXT NOT NULL,
    cancelled_at       TEXT,
    -- The self-updating delivery report in the author's chat; kept here so it survives restarts.
    report_chat_id     TEXT,
    report_message_id  INTEGER,
    report_done        INTEGER NOT NULL DEFAULT 0 CHECK (report_done IN (0, 1))
);
CREATE INDEX broadcasts_recent ON broadcasts (created_at);
CREATE INDEX broadcasts_live_reports ON broadcasts (scheduled_at)
    WHERE report_message_id IS NOT NULL AND report_done = 0;

-- Members of the audience without a Telegram account when it was sent: they get no outbox row,
-- so the report counts them from here.
CREATE TABLE broadcast_not_linked (
    broadcast_id  INTEGER NOT NULL REFERENCES broadcasts(id) ON DELETE CASCADE,
    member_id     INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    PRIMARY KEY (broadcast_id, member_id)
);

-- A cell's Telegram group: broadcasts to the cell are also posted there.
CREATE TABLE group_links (
    cell_id    INTEGER PRIMARY KEY REFERENCES units(id),
    chat_id    TEXT NOT NULL UNIQUE,
    title      TEXT,
    linked_by  INTEGER REFERENCES members(id) ON DELETE SET NULL,
    linked_at  TEXT NOT NULL
);
