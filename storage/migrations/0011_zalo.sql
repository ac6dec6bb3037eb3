-- The Zalo transport (channels/zalo). Handlers and the rest of the database see a Zalo user as
-- a small integer (this table's id), as they see a Telegram user by its numeric id; the Zalo id
-- is a string. disclosed_at: when the first message told them it is an automated assistant.
CREATE TABLE zalo_chats (
    id             INTEGER PRIMARY KEY,
    zalo_id        TEXT NOT NULL UNIQUE,
    display_name   TEXT,
    first_seen_at  TEXT NOT NULL,
    disclosed_at   TEXT
);

-- What the bot sent on Zalo: id is the message_id the handlers see; the keyboard (the Bot
-- API's reply_markup, JSON) is what the numbered choices under the text press. The latest row
-- with a keyboard in a chat holds that chat's current choices. An edit sent as a new message
-- updates the row (text, keyboard, zalo_message_id, sent_at).
CREATE TABLE zalo_messages (
    id               INTEGER PRIMARY KEY,
    chat             INTEGER NOT NULL REFERENCES zalo_chats(id) ON DELETE CASCADE,
    zalo_message_id  TEXT,
    text             TEXT NOT NULL,
    keyboard         TEXT,
    sent_at          TEXT NOT NULL
);
CREATE INDEX zalo_messages_choices ON zalo_messages (chat, sent_at) WHERE keyboard IS NOT NULL;

-- Updates already taken (Zalo has no offset and may deliver one again): event_name ':'
-- message_id. Pruned after a few days.
CREATE TABLE zalo_seen (
    key      TEXT PRIMARY KEY,
    seen_at  TEXT NOT NULL
);
CREATE INDEX zalo_seen_at ON zalo_seen (seen_at);
