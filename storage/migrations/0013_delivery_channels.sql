-- Delivery per channel: each outbox row names the channel it goes out on (every row written
-- before Zalo was Telegram's), each account when its member last wrote from it, and a member
-- may choose the channel their notices come on (no row: the one they last wrote from).

ALTER TABLE outbox ADD COLUMN channel TEXT NOT NULL DEFAULT 'telegram'
    CHECK (channel IN ('telegram', 'zalo'));

-- Each channel's lane claims only its own rows, most urgent first.
DROP INDEX outbox_due;
CREATE INDEX outbox_due ON outbox (channel, priority, not_before, id) WHERE status = 'pending';
-- What a channel's monthly quota has spent: its rows sent since the month began.
CREATE INDEX outbox_sent_by_channel ON outbox (channel, sent_at) WHERE status = 'sent';

-- Written when the member writes to the bot from this account, at most about once a minute.
ALTER TABLE accounts ADD COLUMN last_used_at TEXT;

CREATE TABLE delivery_channels (
    member_id   INTEGER PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
    channel     TEXT NOT NULL CHECK (channel IN ('telegram', 'zalo')),
    chosen_at   TEXT NOT NULL
);
