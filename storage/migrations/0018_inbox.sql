-- The inbox (issue 15): every update, Telegram's and Zalo's, written here before it is
-- acknowledged to the platform, then handled from here. key: what makes a delivery the same
-- update (Telegram: its update_id; Zalo, which has no offset: event_name ':' message_id).
-- update_id: the id the handlers' Update carries (Telegram's own; on Zalo this row's id).
-- status: pending (not handled yet, or to be tried again), handling (an attempt is under way;
-- found so at start-up, the attempt died with the process), applied (the handler's changes are
-- committed, its answer not yet on its way: found so at start-up, the member is told their
-- message was recorded), done, set_aside (a poison update: tried `attempts` times; last_error
-- says why; never tried again).
CREATE TABLE inbox (
    id           INTEGER PRIMARY KEY,
    channel      TEXT NOT NULL,
    key          TEXT NOT NULL,
    update_id    INTEGER NOT NULL,
    payload      TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'pending'
                 CHECK (status IN ('pending', 'handling', 'applied', 'done', 'set_aside')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT,
    received_at  TEXT NOT NULL,
    handled_at   TEXT,
    UNIQUE (channel, key)
);
CREATE UNIQUE INDEX inbox_update ON inbox (channel, update_id);
CREATE INDEX inbox_unfinished ON inbox (channel, id) WHERE status IN ('pending', 'handling', 'applied');
CREATE INDEX inbox_handled ON inbox (handled_at) WHERE status = 'done';
