-- Who came to a meeting: one record per member per meeting, corrected in place. ``source`` says
-- whether the member checked in or the secretary marked it.

CREATE TABLE attendance (
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    member_id   INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    status      TEXT NOT NULL CHECK (status IN ('attended', 'excused', 'unexcused')),
    marked_by   INTEGER REFERENCES members(id) ON DELETE SET NULL,
    at          TEXT NOT NULL,
    source      TEXT NOT NULL CHECK (source IN ('check_in', 'secretary', 'finalise')),
    PRIMARY KEY (meeting_id, member_id)
);
CREATE INDEX attendance_member ON attendance (member_id);

-- Alerts to the secretary already raised: the unique key makes each fire once per occurrence
-- (the meeting that triggered it), however often ``finalise`` runs.
CREATE TABLE attendance_alerts (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    at          TEXT NOT NULL,
    UNIQUE (member_id, kind, meeting_id)
);

-- Meetings whose gaps were filled and alerts raised after they ended: the periodic job skips
-- them, so it stays cheap however many members a meeting concerns.
CREATE TABLE attendance_finalised (
    meeting_id  INTEGER PRIMARY KEY REFERENCES meetings(id) ON DELETE CASCADE,
    at          TEXT NOT NULL
);
