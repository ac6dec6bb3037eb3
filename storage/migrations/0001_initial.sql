-- Units, members, roles, chat accounts, invites and the audit log.
-- Times are UTC text 'YYYY-MM-DDTHH:MM:SS.ffffffZ' so they sort and compare as strings.

CREATE TABLE units (
    id          INTEGER PRIMARY KEY,
    parent_id   INTEGER REFERENCES units(id),
    kind        TEXT NOT NULL CHECK (kind IN ('party_committee', 'intermediate', 'cell')),
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    name_key    TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX units_one_root ON units (kind) WHERE parent_id IS NULL;
CREATE UNIQUE INDEX units_unique_name ON units (parent_id, name_key) WHERE parent_id IS NOT NULL;

CREATE TABLE members (
    id           INTEGER PRIMARY KEY,
    full_name    TEXT NOT NULL CHECK (length(trim(full_name)) > 0),
    cell_id      INTEGER NOT NULL REFERENCES units(id),
    kind         TEXT NOT NULL CHECK (kind IN ('full', 'probationary', 'non_party')),
    status       TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'left')),
    language     TEXT CHECK (language IN ('vi', 'en')),
    member_code  TEXT UNIQUE,
    title        TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX members_cell ON members (cell_id);

CREATE TABLE roles (
    member_id   INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    unit_id     INTEGER NOT NULL REFERENCES units(id),
    role        TEXT NOT NULL
                CHECK (role IN ('member', 'cell_secretary', 'committee', 'inspector', 'admin')),
    granted_at  TEXT NOT NULL,
    PRIMARY KEY (member_id, unit_id, role)
);
CREATE INDEX roles_role ON roles (role);

-- One account per channel per member, and one member per account.
CREATE TABLE accounts (
    member_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    channel    TEXT NOT NULL CHECK (channel IN ('telegram', 'zalo')),
    user_id    TEXT NOT NULL,
    chat_id    TEXT NOT NULL,
    linked_at  TEXT NOT NULL,
    PRIMARY KEY (member_id, channel),
    UNIQUE (channel, user_id)
);

-- Only the SHA-256 of a code is kept; the code itself is shown once, when issued.
CREATE TABLE invites (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    code_hash   TEXT NOT NULL UNIQUE,
    issued_by   INTEGER REFERENCES members(id),
    issued_at   TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_at     TEXT,
    revoked_at  TEXT,
    relink      INTEGER NOT NULL DEFAULT 0 CHECK (relink IN (0, 1))
);
CREATE INDEX invites_member ON invites (member_id);

CREATE TABLE audit_log (
    id                 INTEGER PRIMARY KEY,
    at                 TEXT NOT NULL,
    event              TEXT NOT NULL,
    actor_member_id    INTEGER,
    actor_channel      TEXT,
    actor_user_id      TEXT,
    subject_member_id  INTEGER,
    detail             TEXT
);
CREATE INDEX audit_by_actor ON audit_log (event, actor_channel, actor_user_id, at);
