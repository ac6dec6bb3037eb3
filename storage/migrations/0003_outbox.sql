-- The outbox: one row per message per recipient chat. The sender only ever reads from here.

CREATE TABLE outbox (
    id                   INTEGER PRIMARY KEY,
    idempotency_key      TEXT NOT NULL UNIQUE,
    purpose              TEXT NOT NULL,
    source_id            INTEGER,
    member_id            INTEGER REFERENCES members(id) ON DELETE SET NULL,
    chat_id              TEXT NOT NULL,
    chat_kind            TEXT NOT NULL CHECK (chat_kind IN ('private', 'group')),
    text                 TEXT NOT NULL,
    keyboard             TEXT,
    file_id              TEXT,
    file_kind            TEXT CHECK (file_kind IN ('document', 'photo')),
    priority             INTEGER NOT NULL DEFAULT 5,
    not_before           TEXT NOT NULL,
    expires_at           TEXT,
    status               TEXT NOT NULL DEFAULT 'pending' CHECK (status IN
                             ('pending', 'sending', 'sent', 'failed', 'blocked', 'skipped')),
    attempts             INTEGER NOT NULL DEFAULT 0,
    last_error           TEXT,
    sent_at              TEXT,
    telegram_message_id  INTEGER,
    created_at           TEXT NOT NULL
);
CREATE INDEX outbox_due ON outbox (priority, not_before, id) WHERE status = 'pending';
CREATE INDEX outbox_by_source ON outbox (purpose, source_id, status);
CREATE INDEX outbox_sending ON outbox (id) WHERE status = 'sending';

-- A recipient who blocked the bot or deleted their account: kept on the account, shown to
-- secretaries, cleared the next time they write to the bot.
ALTER TABLE accounts ADD COLUMN unreachable_since TEXT;
ALTER TABLE accounts ADD COLUMN unreachable_reason TEXT;
