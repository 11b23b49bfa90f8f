-- +goose Up
CREATE TABLE partnerships (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT NOT NULL UNIQUE,
    region      TEXT NOT NULL DEFAULT '',
    languages   TEXT NOT NULL DEFAULT 'nl',
    active_from DATE,
    active_to   DATE,
    created_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE organisations (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('training_provider','childcare_organiser','support_partner','employment_service','local_authority','other')),
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE partnership_organisations (
    partnership_id  INTEGER NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    PRIMARY KEY (partnership_id, organisation_id)
);

CREATE TABLE users (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    name               TEXT NOT NULL,
    email              TEXT NOT NULL UNIQUE,
    preferred_language TEXT NOT NULL DEFAULT 'nl',
    password_hash      TEXT NOT NULL DEFAULT '',
    is_admin           BOOLEAN NOT NULL DEFAULT FALSE,
    active             BOOLEAN NOT NULL DEFAULT TRUE,
    created_at         DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    last_login_at      DATETIME
);

CREATE TABLE memberships (
    user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    partnership_id  INTEGER NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    role            TEXT NOT NULL CHECK (role IN ('coordinator','partner','mentor')),
    organisation_id INTEGER REFERENCES organisations(id) ON DELETE SET NULL,
    group_name      TEXT NOT NULL DEFAULT '',
    created_at      DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (user_id, partnership_id)
);
CREATE INDEX memberships_partnership ON memberships (partnership_id);

CREATE TABLE cursists (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    partnership_id     INTEGER NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    code               TEXT NOT NULL,
    first_name         TEXT NOT NULL DEFAULT '',
    preferred_language TEXT NOT NULL DEFAULT 'nl',
    group_name         TEXT NOT NULL DEFAULT '',
    consent_at         DATETIME,
    consent_version    TEXT NOT NULL DEFAULT '',
    active             BOOLEAN NOT NULL DEFAULT TRUE,
    created_at         DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (partnership_id, code)
);
CREATE INDEX cursists_group ON cursists (partnership_id, group_name);

-- Server-side sessions (shared by every Oogst process on this database).
CREATE TABLE sessions (
    token  TEXT PRIMARY KEY,
    data   BLOB NOT NULL,
    expiry DATETIME NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expiry);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    last_used_at DATETIME,
    revoked_at   DATETIME
);

CREATE TABLE invitations (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('invite','reset')),
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    expires_at DATETIME NOT NULL,
    used_at    DATETIME
);

CREATE TABLE audit_log (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    at             DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    partnership_id INTEGER REFERENCES partnerships(id) ON DELETE SET NULL,
    user_id        INTEGER REFERENCES users(id) ON DELETE SET NULL,
    action         TEXT NOT NULL,
    detail         TEXT NOT NULL DEFAULT '',
    ip             TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_partnership_at ON audit_log (partnership_id, at);

-- Failed attempts (logins, join codes) shared across processes for rate limiting.
CREATE TABLE attempts (
    id   INTEGER PRIMARY KEY AUTOINCREMENT,
    key  TEXT NOT NULL,
    at   DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX attempts_key_at ON attempts (key, at);

-- +goose Down
DROP TABLE attempts;
DROP TABLE audit_log;
DROP TABLE invitations;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE cursists;
DROP TABLE memberships;
DROP TABLE users;
DROP TABLE partnership_organisations;
DROP TABLE organisations;
DROP TABLE partnerships;
