-- A member's own reminder settings: their quiet hours (when they differ from the default) and
-- the kinds of reminder they muted. Only optional kinds may be muted; the service enforces it.

CREATE TABLE member_preferences (
    member_id     INTEGER PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
    quiet_begins  TEXT NOT NULL,  -- HH:MM local
    quiet_ends    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

CREATE TABLE reminder_mutes (
    member_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    at         TEXT NOT NULL,
    PRIMARY KEY (member_id, kind)
);
