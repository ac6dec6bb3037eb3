-- Whether a member will come to a meeting: one answer per member per meeting, the latest kept.

CREATE TABLE rsvps (
    meeting_id   INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    member_id    INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    answer       TEXT NOT NULL CHECK (answer IN ('attending', 'absent')),
    reason_kind  TEXT CHECK (reason_kind IN ('cong_tac', 'om', 'viec_rieng', 'khac')),
    reason_text  TEXT,
    answered_at  TEXT NOT NULL,
    PRIMARY KEY (meeting_id, member_id),
    CHECK (answer = 'absent' OR (reason_kind IS NULL AND reason_text IS NULL))
);
CREATE INDEX rsvps_member ON rsvps (member_id);
